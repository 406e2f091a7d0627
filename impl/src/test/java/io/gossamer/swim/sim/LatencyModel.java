package io.gossamer.swim.sim;

import java.util.SplittableRandom;

/**
 * A network of several datacenters for the simulator: each node lives in one, behind an access link
 * of its own; a datagram's one-way delay is the base latency between the two datacenters plus both
 * access links plus an exponential jitter. Its {@link #trueRttSeconds} is the round trip without
 * jitter's randomness (twice the base and links, plus twice the jitter's mean): what a coordinate
 * should estimate. Delays are whole milliseconds, as the simulator's clock is.
 */
public final class LatencyModel implements Network.DelayModel {

    private final double[][] baseMs;
    private final int[] datacenterOf;
    private final double[] accessMs;
    private final double jitterMeanMs;

    /**
     * @param baseMs       one-way base latency between datacenters, symmetric (the diagonal: within one)
     * @param datacenterOf each node's datacenter
     * @param accessMs     each node's access link, one way
     * @param jitterMeanMs mean of the exponential jitter added to each datagram
     */
    public LatencyModel(double[][] baseMs, int[] datacenterOf, double[] accessMs, double jitterMeanMs) {
        this.baseMs = baseMs;
        this.datacenterOf = datacenterOf.clone();
        this.accessMs = accessMs.clone();
        this.jitterMeanMs = jitterMeanMs;
    }

    /**
     * Four datacenters (two 35 ms apart, a third 40 to 70 ms from them, a fourth 60 to 110 ms away;
     * 1 ms within one), nodes spread round-robin over them, access links of 0 to 2 ms, jitter of
     * mean 1 ms.
     */
    public static LatencyModel fourDatacenters(int nodes, long seed) {
        double[][] base = {
            {1, 35, 40, 90},
            {35, 1, 70, 60},
            {40, 70, 1, 110},
            {90, 60, 110, 1},
        };
        SplittableRandom random = new SplittableRandom(seed);
        int[] dc = new int[nodes];
        double[] access = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            dc[i] = i % base.length;
            access[i] = random.nextDouble() * 2;
        }
        return new LatencyModel(base, dc, access, 1.0);
    }

    @Override
    public long sample(int from, int to, SplittableRandom random) {
        double jitter = -Math.log(1 - random.nextDouble()) * jitterMeanMs;
        return Math.round(oneWayMs(from, to) + jitter);
    }

    private double oneWayMs(int from, int to) {
        return baseMs[datacenterOf[from]][datacenterOf[to]] + accessMs[from] + accessMs[to];
    }

    /** The round trip a coordinate should estimate, in seconds. */
    public double trueRttSeconds(int a, int b) {
        return (oneWayMs(a, b) + oneWayMs(b, a) + 2 * jitterMeanMs) / 1000.0;
    }

    public int datacenterOf(int node) {
        return datacenterOf[node];
    }

    public int datacenters() {
        return baseMs.length;
    }
}
