package io.gossamer.swim.sim;

import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small clusters bootstrapping through one seed: n nodes start at the same instant and all but the
 * seed join through it at once. Every node must see every node ALIVE within 2 s, on every seed; a
 * node that misses the news of a fellow joiner would otherwise wait for its next push-pull (30 s
 * and more on LAN timings).
 */
class JoinStragglerScenarioTest {

    private static final long BOUND_MILLIS = 2_000;

    @ParameterizedTest
    @ValueSource(ints = {5, 10, 25})
    void small_clusters_joining_through_one_seed_converge_within_two_seconds(int n) {
        run("default", n, 300);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 10, 25})
    @Tag("soak")
    void small_clusters_joining_through_one_seed_converge_within_two_seconds_soak(int n) {
        run("soak", n, 3_000);
    }

    private void run(String size, int n, int seeds) {
        long base = 70_000L + 10_000L * n;
        SimReport report = new SimReport("join-one-seed-n" + n, size, new SimSeed(base, false));
        List<Long> took = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        Simulator last = null;
        for (int s = 0; s < seeds; s++) {
            long seed = base + s;
            Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false).build();
            last = sim;
            sim.addNodes(n);
            for (SimNode node : sim.nodes()) {
                sim.start(node);
            }
            List<NodeAddress> through = List.of(sim.node(0).address());
            for (SimNode node : sim.nodes().subList(1, n)) {
                sim.join(node, through);
            }
            long t = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 10, 5 * 60_000);
            took.add(t);
            if (t < 0 || t > BOUND_MILLIS) {
                slow.add("seed " + seed + ": " + t + " ms");
            }
            assertThat(sim.violations()).as("seed %d: harness violations", seed).isEmpty();
        }
        report.put("nodes", n).put("seeds", seeds).put("convergedMillis", SimReport.spread(took))
                .put("over2s", slow.size()).put("slowSeeds", slow.stream().limit(20).toList())
                .write(last);
        assertThat(slow).as("seeds where %d nodes joining through one seed took over 2 s", n).isEmpty();
    }
}
