package io.gossamer.swim.sim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.core.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol's acceptance scenarios, run on the real {@code SwimCore} in virtual time with LAN
 * defaults. Each has a default-build size and a larger {@code soak} size ({@code mvn -Psoak}).
 * Measured numbers go to {@code target/sim/*.json}; see {@code impl/docs/simulator.md}.
 */
@ExtendWith(SimSeedExtension.class)
class SwimScenarioTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    // ------------------------------------------------------------------ shared plumbing

    /** n nodes, all started at t=0 and joining through nodes 0..2 at once. */
    private static Simulator boot(SimSeed seed, int n, boolean codec, boolean keepLog) {
        Simulator sim = Simulator.builder(seed.value())
                .framing(codec ? WireFraming.ENCODING : WireFraming.SIZING)
                .keepLog(keepLog)
                .build();
        sim.addNodes(n);
        List<NodeAddress> seeds = List.of(sim.node(0).address(), sim.node(1).address(), sim.node(2).address());
        for (SimNode node : sim.nodes()) {
            sim.start(node);
        }
        for (SimNode node : sim.nodes()) {
            sim.join(node, seeds);
        }
        return sim;
    }

    /** Runs until every running node holds every running node ALIVE; returns that time. */
    private static long converge(Simulator sim, long deadline) {
        long t = sim.runUntil(() -> allSeeAllAlive(sim), 100, deadline);
        assertThat(t).as("cluster of %d converged by t=%d ms (views: min %d)", sim.size(), deadline,
                sim.nodes().stream().filter(SimNode::running).mapToInt(SimNode::aliveView).min().orElse(-1))
                .isNotNegative();
        return t;
    }

    private static boolean allSeeAllAlive(Simulator sim) {
        int up = 0;
        for (SimNode n : sim.nodes()) {
            if (n.running()) {
                up++;
            }
        }
        for (SimNode n : sim.nodes()) {
            if (n.running() && n.aliveView() != up) {
                return false;
            }
        }
        return true;
    }

    /** The core's own view (not the harness's counters): everyone running sees everyone running ALIVE. */
    private static void assertViewsComplete(Simulator sim) {
        Set<String> up = new HashSet<>();
        for (SimNode n : sim.nodes()) {
            if (n.running()) {
                up.add(n.name());
            }
        }
        for (SimNode n : sim.nodes()) {
            if (!n.running()) {
                continue;
            }
            Set<String> alive = new HashSet<>();
            for (Member m : n.members()) {
                if (m.state() == MemberState.ALIVE) {
                    assertThat(alive.add(m.name())).as("%s lists %s twice", n, m.name()).isTrue();
                }
            }
            assertThat(alive).as("%s's alive members", n).isEqualTo(up);
        }
    }

    private static void assertHarnessClean(Simulator sim) {
        assertThat(sim.violations()).as("core contract violations seen by the harness").isEmpty();
        assertThat(sim.decodeErrors()).as("datagrams or frames the codec refused").isZero();
    }

    private static MemberState stateIn(SimNode observer, String name) {
        for (Member m : observer.members()) {
            if (m.name().equals(name)) {
                return m.state();
            }
        }
        return null;
    }

    private static double log10(int n) {
        return Math.log10(n);
    }

    /** memberlist: suspicionMult · max(1, log10 n) · probeInterval. */
    private static long suspicionMin(SimNode any, int n) {
        return (long) (any.config().suspicionMult() * Math.max(1.0, log10(n)) * any.config().probeInterval().toMillis());
    }

    // ------------------------------------------------------------------ 1. join

    @Test
    void join_through_three_seeds_converges(SimSeed seed) {
        join(seed, "default", 300, true);
    }

    @Test
    @Tag("soak")
    void join_through_three_seeds_converges_soak(SimSeed seed) {
        join(seed, "soak", 1000, true);
    }

    private void join(SimSeed seed, String size, int n, boolean codec) {
        SimReport report = new SimReport("join", size, seed);
        Simulator sim = boot(seed, n, codec, false);
        long t = converge(sim, 5 * MINUTE);
        assertViewsComplete(sim);
        for (SimNode node : sim.nodes().subList(3, n)) {
            assertThat(node.joins()).as("%s join results", node).singleElement()
                    .satisfies(j -> assertThat(j.contacted()).isEqualTo(3));
        }
        assertHarnessClean(sim);
        List<Long> joinDone = new ArrayList<>();
        for (SimNode node : sim.nodes()) {
            node.joins().forEach(j -> joinDone.add(j.time()));
        }
        report.put("nodes", n).put("seeds", 3).put("codec", codec)
                .put("convergedMillis", t)
                .put("joinFinishedMillis", SimReport.spread(joinDone))
                .write(sim);
    }
}
