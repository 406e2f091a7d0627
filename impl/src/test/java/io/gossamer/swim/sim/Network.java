package io.gossamer.swim.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The links between simulated nodes, indexed by node number. Loss is decided per datagram when it is
 * sent; a partition or blocked link stops streams too, and loss delays their segments by TCP
 * retransmission timeouts (see {@code Simulator.tcpLeg}). All randomness comes from the simulator's network stream, so changing the
 * model mid-run stays reproducible.
 */
public final class Network {

    /** Samples a one-way delay in milliseconds for a datagram from {@code from} to {@code to}. */
    @FunctionalInterface
    public interface DelayModel {
        long sample(int from, int to, SplittableRandom random);
    }

    /**
     * A LAN: 1 ms base plus an exponential tail with mean {@code jitterMeanMs}, capped at 50 ms so that a
     * rare sample cannot exceed the 500 ms probe timeout by itself.
     */
    public static DelayModel lan(double jitterMeanMs) {
        return (from, to, random) -> 1 + Math.min(50, (long) (-Math.log(1 - random.nextDouble()) * jitterMeanMs));
    }

    private DelayModel delay = lan(1.0);
    private double loss;
    private double[] inboundLoss = new double[0];
    private double[] outboundLoss = new double[0];
    private final Map<Long, Double> linkLoss = new HashMap<>();
    private int[] group = new int[0];
    private final Set<Long> blocked = new HashSet<>();

    void ensureCapacity(int nodes) {
        if (nodes > group.length) {
            int size = Math.max(nodes, group.length * 2);
            group = Arrays.copyOf(group, size);
            inboundLoss = Arrays.copyOf(inboundLoss, size);
            outboundLoss = Arrays.copyOf(outboundLoss, size);
        }
    }

    public Network delay(DelayModel model) {
        delay = model;
        return this;
    }

    /** Uniform loss on every datagram. */
    public Network loss(double probability) {
        loss = probability;
        return this;
    }

    /** Loss of datagrams arriving at {@code node} (asymmetric: its own sends are unaffected). */
    public Network inboundLoss(int node, double probability) {
        inboundLoss[node] = probability;
        return this;
    }

    public Network outboundLoss(int node, double probability) {
        outboundLoss[node] = probability;
        return this;
    }

    /** Loss on the one-way link {@code from → to} only. */
    public Network linkLoss(int from, int to, double probability) {
        linkLoss.put(key(from, to), probability);
        return this;
    }

    /** Puts {@code node} in partition group {@code g}; nodes talk only inside their group. */
    public Network group(int node, int g) {
        group[node] = g;
        return this;
    }

    /** Everyone back in one group. */
    public Network heal() {
        Arrays.fill(group, 0);
        blocked.clear();
        return this;
    }

    /** Blocks the one-way link {@code from → to}, datagrams and streams alike. */
    public Network block(int from, int to) {
        blocked.add(key(from, to));
        return this;
    }

    public Network unblock(int from, int to) {
        blocked.remove(key(from, to));
        return this;
    }

    boolean connected(int from, int to) {
        return group[from] == group[to] && (blocked.isEmpty() || !blocked.contains(key(from, to)));
    }

    /** Whether a datagram survives, drawn from {@code random} only when some loss is configured. */
    boolean delivers(int from, int to, SplittableRandom random) {
        double keep = (1 - loss) * (1 - outboundLoss[from]) * (1 - inboundLoss[to]);
        if (!linkLoss.isEmpty()) {
            Double l = linkLoss.get(key(from, to));
            if (l != null) {
                keep *= 1 - l;
            }
        }
        return keep >= 1.0 || random.nextDouble() < keep;
    }

    long sampleDelay(int from, int to, SplittableRandom random) {
        return Math.max(0, delay.sample(from, to, random));
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xFFFFFFFFL);
    }
}
