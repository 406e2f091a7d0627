package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Tuning;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The simulator's part of the side-by-side benchmark: crash detection and dissemination against
 * cluster size in virtual time (LAN defaults, size-only framing, 3 seeds), and a simultaneous
 * bootstrap through one seed (Rapid's experiment). Plain methods, not tests: the benchmark calls
 * them and charts the results beside the theory.
 */
public final class SimBench {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    /** The largest size whose join of all at once is simulated (the 5,000-node bootstrap's); above, a settled start. */
    public static final int CONVERGED_START_ABOVE = 5_000;

    private SimBench() {
    }

    /**
     * One size's crash and leave, all times in virtual ms.
     *
     * @param n                   cluster size
     * @param seed                simulation seed
     * @param convergedMs         join of all through 3 seeds at t = 0 until all see all ALIVE
     * @param firstSuspicionMs    crash to the first survivor's suspicion
     * @param deadFirstMs         crash to DEAD at the first survivor
     * @param deadMedianMs        crash to DEAD at the median survivor
     * @param deadLastMs          crash to DEAD at the last survivor
     * @param deadSpreadMs        first to last DEAD: dissemination of the death
     * @param leftMedianMs        leave to LEFT at the median member
     * @param leftLastMs          leave to LEFT at the last member: dissemination of a leave
     * @param suspicionMinMs      the minimum suspicion timeout at this size
     * @param wallMs              wall-clock time of the simulation
     */
    public record Point(int n, long seed, long convergedMs, long firstSuspicionMs, long deadFirstMs,
                        long deadMedianMs, long deadLastMs, long deadSpreadMs, long leftMedianMs, long leftLastMs,
                        long suspicionMinMs, long wallMs) {
    }

    /** A 2,000-node bootstrap: how many nodes had the complete view, sampled over virtual time. */
    public record Bootstrap(int n, int seeds, long seed, long convergedMs, List<long[]> completeOverTime, long wallMs) {
    }

    private static Simulator boot(long seed, int n, int seeds) {
        return boot(seed, n, seeds, Profile.LAN);
    }

    private static Simulator boot(long seed, int n, int seeds, Profile profile) {
        Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false)
                .config(b -> b.tuning(Tuning.of(profile))).build();
        sim.addNodes(n);
        List<NodeAddress> seedAddresses = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedAddresses.add(sim.node(i).address());
        }
        for (SimNode node : sim.nodes()) {
            sim.start(node);
        }
        for (SimNode node : sim.nodes()) {
            sim.join(node, seedAddresses);
        }
        return sim;
    }


    /** Boots n nodes, crashes one, then makes another leave; -1 for what did not happen in time. */
    public static Point detection(int n, long seed) {
        return detection(n, seed, Profile.LAN, false, sim -> { });
    }

    /**
     * As {@link #detection(int, long)} on {@code profile}; with {@code kill}, the victim's process
     * dies and its host stays up to refuse connections ({@link Simulator#kill}), otherwise the host
     * goes silent ({@link Simulator#crash}).
     */
    public static Point detection(int n, long seed, Profile profile, boolean kill) {
        return detection(n, seed, profile, kill, sim -> { });
    }

    /**
     * As {@link #detection(int, long, Profile, boolean)}, the cluster started settled
     * ({@link Simulator#startConverged}) if {@code n} is above {@link #CONVERGED_START_ABOVE}: a join
     * of that many at once queues news of every member at every core, and does not fit in memory.
     */
    public static Point detectionAtScale(int n, long seed, Profile profile, boolean kill) {
        return detection(n, seed, profile, kill, n > CONVERGED_START_ABOVE, sim -> { });
    }

    /**
     * {@link #detection(int, long, Profile, boolean)}, handing the simulator to {@code settled} once
     * the cluster has converged and settled, before the crash (to weigh its heap, say).
     */
    static Point detection(int n, long seed, Profile profile, boolean kill, Consumer<Simulator> settled) {
        return detection(n, seed, profile, kill, false, settled);
    }

    /**
     * {@link #detection(int, long, Profile, boolean, Consumer)}; with {@code convergedStart} the
     * cluster starts settled ({@link Simulator#startConverged}) instead of joining, and the point's
     * convergence time is 0: for sizes whose join of all at once does not fit in memory.
     */
    static Point detection(int n, long seed, Profile profile, boolean kill, boolean convergedStart,
                           Consumer<Simulator> settled) {
        long wall = System.nanoTime();
        Simulator sim;
        long converged;
        if (convergedStart) {
            sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false)
                    .config(b -> b.tuning(Tuning.of(profile))).build();
            sim.addNodes(n);
            sim.startConverged(sim.nodes());
            converged = SwimScenarioTest.allSeeAllAlive(sim) ? sim.now() : -1;
        } else {
            sim = boot(seed, n, Math.min(3, n), profile);
            converged = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 100, 10 * MINUTE);
        }
        sim.runFor(MINUTE); // the join news drains: this times detection, not join traffic
        settled.accept(sim);
        SimNode victim = sim.node(n / 2 + 1);
        SimNode leaver = sim.node(n / 4 + 1 == n / 2 + 1 ? 1 : n / 4 + 1);
        Map<Integer, Long> left = new HashMap<>();
        Verdicts verdicts = new Verdicts(victim.name(), r -> {
            if (r.member().equals(leaver.name()) && r.state() == MemberState.LEFT && r.observer() != leaver.index()) {
                left.putIfAbsent(r.observer(), r.time());
            }
        });
        sim.onChange(verdicts);
        Map<Integer, Long> suspected = verdicts.suspected;
        Map<Integer, Long> dead = verdicts.dead;
        long crashAt = sim.now();
        if (kill) {
            sim.kill(victim);
        } else {
            sim.crash(victim);
        }
        long probe = victim.config().probeInterval().toMillis();
        long min = (long) (victim.config().suspicionMult() * Math.max(1.0, Math.log10(n)) * probe);
        long max = victim.config().suspicionMaxTimeoutMult() * min;
        sim.runUntil(() -> dead.size() == n - 1, 100, crashAt + max + 20 * probe + 30 * SECOND);
        List<Long> d = dead.values().stream().map(t -> t - crashAt).sorted().toList();
        long firstSuspicion = suspected.values().stream().mapToLong(Long::longValue).min().orElse(crashAt - 1) - crashAt;

        sim.runFor(5 * SECOND);
        long leaveAt = sim.now();
        sim.leave(leaver);
        sim.runUntil(() -> left.size() == n - 2, 10, leaveAt + 30 * SECOND);
        List<Long> l = left.values().stream().map(t -> t - leaveAt).sorted().toList();
        return new Point(n, seed, converged, firstSuspicion,
                d.isEmpty() ? -1 : d.get(0), d.isEmpty() ? -1 : d.get(d.size() / 2),
                d.size() == n - 1 ? d.get(d.size() - 1) : -1,
                d.size() == n - 1 ? d.get(d.size() - 1) - d.get(0) : -1,
                l.isEmpty() ? -1 : l.get(l.size() / 2), l.size() == n - 2 ? l.get(l.size() - 1) : -1,
                min, (System.nanoTime() - wall) / 1_000_000);
    }

    /**
     * All {@code n} nodes start at t = 0 and join through the first {@code seeds} at once; the
     * number of nodes whose view is complete (all n ALIVE) is sampled every 100 ms of virtual time.
     */
    public static Bootstrap bootstrap(int n, int seeds, long seed) {
        return bootstrap(n, seeds, seed, sim -> { });
    }

    /** {@link #bootstrap(int, int, long)}, handing the simulator to {@code whole} once every view is complete. */
    static Bootstrap bootstrap(int n, int seeds, long seed, Consumer<Simulator> whole) {
        long wall = System.nanoTime();
        Simulator sim = boot(seed, n, seeds);
        List<long[]> samples = new ArrayList<>();
        long deadline = 10 * MINUTE;
        long converged = -1;
        while (sim.now() < deadline) {
            int complete = 0;
            for (SimNode node : sim.nodes()) {
                if (node.aliveView() == n) {
                    complete++;
                }
            }
            samples.add(new long[] {sim.now(), complete});
            if (complete == n) {
                converged = sim.now();
                whole.accept(sim);
                break;
            }
            sim.runUntil(sim.now() + 100);
        }
        return new Bootstrap(n, seeds, seed, converged, samples, (System.nanoTime() - wall) / 1_000_000);
    }
}
