package io.gossamer.swim.coordinate;

import io.gossamer.Coordinate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The local member's network coordinate and how each round trip moves it: the Vivaldi algorithm
 * with Serf's refinements (height, adjustment, gravity, a latency filter), after Serf's
 * {@code coordinate/client.go}. Not thread-safe: the core's context owns it.
 */
public final class Vivaldi {

    /** Round trips outside 0..10 s are not samples of a network (Serf's limit). */
    static final double MAX_RTT_SECONDS = 10;
    private static final double ZERO_THRESHOLD = 1.0e-6;

    private final VivaldiSettings settings;
    private final RandomGenerator random;
    private double[] vector;
    private double error;
    private double adjustment;
    private double height;
    private final double[] adjustmentSamples;
    private int adjustmentIndex;
    /** The last round trips to each peer, oldest first. */
    private final Map<String, double[]> latencies = new HashMap<>();
    private long resets;

    public Vivaldi(VivaldiSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        this.adjustmentSamples = new double[settings.adjustmentWindow()];
        reset();
    }

    private void reset() {
        vector = new double[settings.dimensions()];
        error = settings.errorMax();
        adjustment = 0;
        height = settings.heightMin();
    }

    /** The local coordinate now. */
    public Coordinate coordinate() {
        return of(vector, error, adjustment, height);
    }

    /** How often the coordinate blew up (a value not finite) and started over from the origin. */
    public long resets() {
        return resets;
    }

    /**
     * Moves the local coordinate by one measured round trip to {@code peer}, whose own coordinate
     * its ack carried. Returns false, moving nothing, if that coordinate or the round trip is not
     * usable (other dimensions, not finite, a round trip outside 0..10 s).
     */
    public boolean update(String peer, Coordinate other, double rttSeconds) {
        if (other.vector().size() != settings.dimensions() || !(rttSeconds >= 0 && rttSeconds <= MAX_RTT_SECONDS)) {
            return false;
        }
        double[] otherVector = new double[settings.dimensions()];
        for (int i = 0; i < otherVector.length; i++) {
            otherVector[i] = other.vector().get(i);
        }
        double rtt = filtered(peer, rttSeconds);
        updateVivaldi(otherVector, other, rtt);
        updateAdjustment(otherVector, other, rtt);
        updateGravity();
        if (!finite()) {
            resets++;
            reset();
        }
        return true;
    }

    /** The peer is gone: its round trips are forgotten. */
    public void forget(String peer) {
        latencies.remove(peer);
    }

    /** The median of the last few round trips to {@code peer}, this one included: one spike moves nothing. */
    private double filtered(String peer, double rtt) {
        double[] window = latencies.get(peer);
        int size = settings.latencyFilterSize();
        if (window == null) {
            window = new double[] {rtt};
        } else if (window.length < size) {
            window = Arrays.copyOf(window, window.length + 1);
            window[window.length - 1] = rtt;
        } else {
            System.arraycopy(window, 1, window, 0, window.length - 1);
            window[window.length - 1] = rtt;
        }
        latencies.put(peer, window);
        double[] sorted = window.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void updateVivaldi(double[] otherVector, Coordinate other, double rtt) {
        double dist = distance(vector, height, adjustment, otherVector, other.height(), other.adjustment());
        rtt = Math.max(rtt, ZERO_THRESHOLD);
        double wrongness = Math.abs(dist - rtt) / rtt;
        double total = Math.max(error + other.error(), ZERO_THRESHOLD);
        double weight = error / total;
        error = Math.min(settings.ce() * weight * wrongness + error * (1 - settings.ce() * weight),
                settings.errorMax());
        applyForce(settings.cc() * weight * (rtt - dist), otherVector, other.height());
    }

    private void updateAdjustment(double[] otherVector, Coordinate other, double rtt) {
        if (adjustmentSamples.length == 0) {
            return;
        }
        adjustmentSamples[adjustmentIndex] = rtt - (norm(vector, otherVector) + height + other.height());
        adjustmentIndex = (adjustmentIndex + 1) % adjustmentSamples.length;
        double sum = 0;
        for (double s : adjustmentSamples) {
            sum += s;
        }
        adjustment = sum / (2.0 * adjustmentSamples.length);
    }

    /** A pull towards the origin, growing with the square of the distance, so the cluster does not drift. */
    private void updateGravity() {
        double[] origin = new double[vector.length];
        double dist = distance(origin, settings.heightMin(), 0, vector, height, adjustment);
        double force = -Math.pow(dist / settings.gravityRho(), 2);
        applyForce(force, origin, settings.heightMin());
    }

    /** Moves the vector along the line from {@code otherVector} by {@code force}, and the height with it. */
    private void applyForce(double force, double[] otherVector, double otherHeight) {
        double[] unit = new double[vector.length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = vector[i] - otherVector[i];
        }
        double mag = normalize(unit);
        if (mag <= ZERO_THRESHOLD) {
            // On top of each other: push in a random direction, the height alone stays.
            for (int i = 0; i < unit.length; i++) {
                unit[i] = random.nextDouble() - 0.5;
            }
            if (normalize(unit) <= ZERO_THRESHOLD) {
                Arrays.fill(unit, 0);
                unit[0] = 1;
            }
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] += unit[i] * force;
        }
        if (mag > ZERO_THRESHOLD) {
            height = Math.max((height + otherHeight) * force / mag + height, settings.heightMin());
        }
    }

    /** Scales {@code v} to length 1 unless it is (nearly) zero; returns its length before. */
    private static double normalize(double[] v) {
        double mag = 0;
        for (double d : v) {
            mag += d * d;
        }
        mag = Math.sqrt(mag);
        if (mag > ZERO_THRESHOLD) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= mag;
            }
        }
        return mag;
    }

    private boolean finite() {
        if (!Double.isFinite(error) || !Double.isFinite(adjustment) || !Double.isFinite(height)) {
            return false;
        }
        for (double v : vector) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double norm(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** {@link Coordinate#distanceTo}, in seconds, on arrays. */
    private static double distance(double[] a, double heightA, double adjA, double[] b, double heightB,
                                   double adjB) {
        double raw = norm(a, b) + heightA + heightB;
        double adjusted = raw + adjA + adjB;
        return adjusted > 0 ? adjusted : raw;
    }

    static Coordinate of(double[] vector, double error, double adjustment, double height) {
        List<Double> v = new ArrayList<>(vector.length);
        for (double d : vector) {
            v.add(d);
        }
        return new Coordinate(v, error, adjustment, height);
    }
}
