package io.gossamer.agent.http;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A cumulative histogram with fixed bucket bounds, as Prometheus exposes one: how many observations
 * were at most each bound, their count and their sum. Recorded from any thread, without locks.
 */
public final class Histogram {

    private final double[] bounds;
    /** Per bucket (not cumulative), the last one above every bound. */
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** @param bounds upper bounds of the buckets, ascending */
    public Histogram(List<Double> bounds) {
        this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        this.counts = new AtomicLongArray(this.bounds.length + 1);
    }

    public void record(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(value);
    }

    /** A copy: the bounds, the cumulative count at each, the total count and the sum. */
    public Snapshot snapshot() {
        long[] cumulative = new long[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, running + counts.get(bounds.length), sum.sum());
    }

    /**
     * @param bounds     upper bounds of the buckets
     * @param cumulative observations at most each bound
     * @param count      every observation
     * @param sum        their sum
     */
    public record Snapshot(double[] bounds, long[] cumulative, long count, double sum) {
    }
}
