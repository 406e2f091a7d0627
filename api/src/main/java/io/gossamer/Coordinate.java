package io.gossamer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A member's network coordinate (Vivaldi, as Serf's): a point in a Euclidean space plus a height,
 * placed so that the distance between two members' coordinates estimates the round trip between
 * them, without probing. Each member moves its own coordinate a little with each of its probes'
 * round trips, and learns the coordinates of the members it probes from their acks.
 *
 * @param vector     the point, in seconds; 8 dimensions
 * @param error      how wrong the member believes its coordinate is, relative (1.5 at the start,
 *                   falling as it settles)
 * @param adjustment a per-member correction in seconds, added to every distance from it
 * @param height     the member's distance from the network's core (its access link), in seconds
 */
public record Coordinate(List<Double> vector, double error, double adjustment, double height) {

    /**
     * The coordinate as given.
     *
     * @param vector     the point; copied
     * @param error      the relative error estimate
     * @param adjustment the correction, in seconds
     * @param height     the height, in seconds
     * @throws NullPointerException     if the vector is null
     * @throws IllegalArgumentException if a value is not finite
     */
    public Coordinate {
        vector = List.copyOf(Objects.requireNonNull(vector, "vector"));
        boolean finite = Double.isFinite(error) && Double.isFinite(adjustment) && Double.isFinite(height)
                && vector.stream().allMatch(Double::isFinite);
        if (!finite) {
            throw new IllegalArgumentException("a coordinate's values are finite: " + vector + " " + error + " "
                    + adjustment + " " + height);
        }
    }

    /**
     * {@code [coordinates-distance]} The estimated round trip between the members of this
     * coordinate and {@code other}: the Euclidean distance of their vectors plus both heights, plus
     * both adjustments unless that would make it negative (Serf's {@code DistanceTo}).
     *
     * @param other another member's coordinate, of as many dimensions
     * @return the estimated round trip
     * @throws IllegalArgumentException if the dimensions differ
     */
    public Duration distanceTo(Coordinate other) {
        if (other.vector.size() != vector.size()) {
            throw new IllegalArgumentException("coordinates of " + vector.size() + " and " + other.vector.size()
                    + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < vector.size(); i++) {
            double d = vector.get(i) - other.vector.get(i);
            sum += d * d;
        }
        double raw = Math.sqrt(sum) + height + other.height;
        double adjusted = raw + adjustment + other.adjustment;
        double seconds = adjusted > 0 ? adjusted : raw;
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
