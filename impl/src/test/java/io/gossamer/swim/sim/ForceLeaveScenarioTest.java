package io.gossamer.swim.sim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Force-leave in virtual time on the real core and codec: two members of a 50-node LAN pool
 * crash and are declared dead everywhere; one node force-leaves the first (LEFT everywhere), another
 * force-leaves the second with prune (forgotten everywhere). The pruned member then comes back on
 * a new port and is a new member for everyone.
 */
@ExtendWith(SimSeedExtension.class)
class ForceLeaveScenarioTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final int N = 50;

    @Test
    void forceLeaveAndPruneConvergeClusterWide(SimSeed seed) {
        SimReport report = new SimReport("force-leave", "default", seed);
        Simulator sim = Simulator.builder(seed.value()).framing(WireFraming.ENCODING).build();
        sim.addNodes(N);
        List<NodeAddress> seeds = List.of(sim.node(0).address(), sim.node(1).address(), sim.node(2).address());
        sim.nodes().forEach(sim::start);
        sim.nodes().forEach(n -> sim.join(n, seeds));
        assertThat(sim.runUntil(() -> everyRunningNodeSees(sim, N, MemberState.ALIVE), 100, 5 * MINUTE))
                .as("converged").isNotNegative();

        SimNode left = sim.node(10);
        SimNode pruned = sim.node(20);
        sim.crash(left);
        sim.crash(pruned);
        assertThat(sim.runUntil(() -> allSee(sim, left.name(), MemberState.DEAD)
                && allSee(sim, pruned.name(), MemberState.DEAD), 100, sim.now() + 2 * MINUTE)).isNotNegative();

        // Bound: the news is gossiped retransmit-mult × ⌈log10(n + 1)⌉ times per node, a gossip round
        // apart, and piggybacks on probes; ten probe intervals cover it with a wide margin.
        long bound = 10 * left.config().probeInterval().toMillis();
        Map<Integer, Long> leftAt = new HashMap<>();
        sim.onChange(r -> {
            if (r.member().equals(left.name()) && r.state() == MemberState.LEFT) {
                leftAt.putIfAbsent(r.observer(), r.time());
            }
        });
        long forcedAt = sim.now();
        sim.forceLeave(sim.node(0), left.name(), false);
        long done = sim.runUntil(() -> allSee(sim, left.name(), MemberState.LEFT), 10, forcedAt + bound);
        assertThat(done).as("LEFT at every node within %d ms", bound).isNotNegative();
        assertThat(leftAt).hasSize(N - 2);

        long prunedAt = sim.now();
        sim.forceLeave(sim.node(1), pruned.name(), true);
        long forgotten = sim.runUntil(() -> noneSees(sim, pruned.name()), 10, prunedAt + bound);
        assertThat(forgotten).as("forgotten by every node within %d ms", bound).isNotNegative();
        // Pruned, not just LEFT: every node recorded the leave on the way (an event), then hid it.
        sim.runFor(MINUTE);
        assertThat(noneSees(sim, pruned.name())).as("still forgotten a minute later").isTrue();

        Map<Integer, MemberChange.Kind> comeback = new HashMap<>();
        Map<Integer, Optional<MemberState>> comebackPrevious = new HashMap<>();
        sim.onChange(r -> {
            if (r.member().equals(pruned.name()) && r.state() == MemberState.ALIVE) {
                comeback.putIfAbsent(r.observer(), r.kind());
                comebackPrevious.putIfAbsent(r.observer(), Optional.ofNullable(r.previous()));
            }
        });
        sim.restart(pruned, 9_020);
        sim.join(pruned, seeds);
        assertThat(sim.runUntil(() -> allSee(sim, pruned.name(), MemberState.ALIVE), 100, sim.now() + MINUTE))
                .as("the pruned member, back, is alive everywhere").isNotNegative();
        assertThat(comeback.values()).as("its return is a join").containsOnly(MemberChange.Kind.JOINED);
        assertThat(comebackPrevious.values()).as("with no previous state").containsOnly(Optional.empty());
        assertThat(sim.violations()).isEmpty();
        assertThat(sim.decodeErrors()).isZero();

        report.put("nodes", N).put("boundMillis", bound)
                .put("forceLeaveToLeftEverywhereMillis", done - forcedAt)
                .put("pruneToForgottenEverywhereMillis", forgotten - prunedAt)
                .write(sim);
    }

    private static boolean everyRunningNodeSees(Simulator sim, int count, MemberState state) {
        return sim.nodes().stream().filter(SimNode::running)
                .allMatch(n -> n.members().stream().filter(m -> m.state() == state).count() == count);
    }

    private static boolean allSee(Simulator sim, String name, MemberState state) {
        return sim.nodes().stream().filter(n -> n.running() && !n.name().equals(name))
                .allMatch(n -> n.members().stream().anyMatch(m -> m.name().equals(name) && m.state() == state));
    }

    private static boolean noneSees(Simulator sim, String name) {
        return sim.nodes().stream().filter(SimNode::running)
                .noneMatch(n -> n.members().stream().map(Member::name).anyMatch(name::equals));
    }
}
