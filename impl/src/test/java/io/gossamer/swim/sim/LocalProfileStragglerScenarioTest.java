package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LOCAL profile, as the loopback tests use it: n nodes start at once and join through node 0,
 * then one of them leaves gracefully. Every node must see every node ALIVE within 2 s of the start,
 * and every other node must record the leave within 2 s, on every seed. A straggler that missed the
 * news would otherwise wait for its next push-pull (15 s on LOCAL timings) or its own probe.
 */
class LocalProfileStragglerScenarioTest {

    private static final long BOUND_MILLIS = 2_000;

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 10})
    void local_profile_join_and_leave_reach_everyone_within_two_seconds(int n) {
        run("default", n, 300);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 10})
    @Tag("soak")
    void local_profile_join_and_leave_reach_everyone_within_two_seconds_soak(int n) {
        run("soak", n, 3_000);
    }

    private void run(String size, int n, int seeds) {
        long base = 500_000L + 10_000L * n;
        SimReport report = new SimReport("local-join-leave-n" + n, size, new SimSeed(base, false));
        List<Long> joined = new ArrayList<>();
        List<Long> left = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        Simulator last = null;
        for (int s = 0; s < seeds; s++) {
            long seed = base + s;
            Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false).build();
            last = sim;
            for (int i = 0; i < n; i++) {
                sim.addNode(Simulator.nodeName(i), new NodeAddress(Simulator.host(i), 7946), Profile.LOCAL,
                        UnaryOperator.identity());
            }
            for (SimNode node : sim.nodes()) {
                sim.start(node);
            }
            List<NodeAddress> through = List.of(sim.node(0).address());
            for (SimNode node : sim.nodes().subList(1, n)) {
                sim.join(node, through);
            }
            long j = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 10, 60_000);
            joined.add(j);
            if (j < 0 || j > BOUND_MILLIS) {
                slow.add("seed " + seed + ": join " + j + " ms");
            }
            sim.runFor(5_000);
            SimNode leaver = sim.node(n - 1);
            Set<Integer> leftBy = new HashSet<>();
            sim.onChange(r -> {
                if (r.member().equals(leaver.name()) && r.state() == MemberState.LEFT && r.observer() != leaver.index()) {
                    leftBy.add(r.observer());
                }
            });
            long leaveAt = sim.now();
            sim.leave(leaver);
            long l = sim.runUntil(() -> leftBy.size() == n - 1, 10, leaveAt + 60_000);
            long d = l < 0 ? -1 : l - leaveAt;
            left.add(d);
            if (d < 0 || d > BOUND_MILLIS) {
                slow.add("seed " + seed + ": leave " + d + " ms");
            }
            assertThat(sim.violations()).as("seed %d: harness violations", seed).isEmpty();
        }
        report.put("nodes", n).put("seeds", seeds)
                .put("joinConvergedMillis", SimReport.spread(joined))
                .put("leaveEverywhereMillis", SimReport.spread(left))
                .put("over2s", slow.size()).put("slowSeeds", slow.stream().limit(20).toList())
                .write(last);
        assertThat(slow).as("LOCAL profile, n = %d: joins or leaves that took over 2 s", n).isEmpty();
    }
}
