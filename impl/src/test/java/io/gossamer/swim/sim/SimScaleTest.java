package io.gossamer.swim.sim;

import io.gossamer.swim.config.Profile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator at the sizes of issue 17 ("Scale"): crash detection and dissemination at large n,
 * and a simultaneous bootstrap of 5,000 nodes through one seed. Soak only. The sizes are properties
 * (defaults: detection at 3,000, bootstrap at 5,000):
 *
 * <pre>
 *   mvn -B -o -Psoak -pl impl -am verify -Dtest='SimScaleTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dgossamer.sim.scale.sizes=1000,3000 -Dgossamer.sim.scale.bootstrap=5000
 * </pre>
 *
 * Sizes up to 5,000 boot by joining through three seeds at once. Larger ones ({@code
 * -Dgossamer.sim.scale.sizes=10000}) start as a settled cluster ({@link Simulator#startConverged}):
 * every member ALIVE in every view and no news left to gossip, which is what a join leaves once its
 * news has drained, and where detection is timed from anyway (after a minute more). A join of 10,000
 * at once also queues news of every member at every core (n² entries on top of the n² of the
 * views), and was not run (the 5,000-node bootstrap alone took 20 minutes of wall time); joins at
 * scale are what the bootstrap measures.
 * Each size writes {@code target/sim/scale-*.json} with its times, wall time and the heap held once
 * settled (after a full GC).
 */
@Tag("soak")
@ExtendWith(SimSeedExtension.class)
class SimScaleTest {

    private static final long SECOND = 1_000;

    private static List<Integer> sizes(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }

    /** Every survivor declares the crashed node DEAD, as fast as at small n; a leave reaches every member. */
    @Test
    void crash_and_leave_reach_every_member_at_scale(SimSeed seed) {
        for (int n : sizes("gossamer.sim.scale.sizes", "3000")) {
            long[] heap = {-1};
            boolean convergedStart = n > SimBench.CONVERGED_START_ABOVE;
            SimBench.Point p = SimBench.detection(n, seed.value() + n, Profile.LAN, false, convergedStart,
                    sim -> heap[0] = SimHeap.usedAfterGc());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("point", p.toString());
            m.put("convergedStart", convergedStart);
            m.put("heapBytesConverged", heap[0]);
            m.put("heapBytesPerEntry", heap[0] / ((double) n * n));
            new SimReport("scale-detection-" + n, "soak", seed).put("result", m).write(null);
            assertThat(p.convergedMs()).as("converged, n=%d", n).isNotNegative();
            assertThat(p.deadLastMs()).as("DEAD at every survivor, n=%d", n).isPositive();
            // The floor the simulator curves follow: someone probes the victim (≤ 2 rounds of the
            // ring in theory, a few seconds in practice), then one minimum suspicion timeout.
            assertThat(p.deadFirstMs()).as("first DEAD, n=%d", n)
                    .isLessThanOrEqualTo(p.firstSuspicionMs() + p.suspicionMinMs() + 5 * SECOND);
            assertThat(p.deadSpreadMs()).as("first to last DEAD, n=%d", n).isLessThanOrEqualTo(5 * SECOND);
            assertThat(p.leftLastMs()).as("LEFT at every member, n=%d", n).isNotNegative().isLessThanOrEqualTo(2 * SECOND);
        }
    }

    /** Rapid's experiment at 5,000: all start at once and join through one seed; every view completes. */
    @Test
    void five_thousand_nodes_join_through_one_seed_at_once(SimSeed seed) {
        for (int n : sizes("gossamer.sim.scale.bootstrap", "5000")) {
            long[] heap = {-1};
            SimBench.Bootstrap b = SimBench.bootstrap(n, 1, seed.value() + n, sim -> heap[0] = SimHeap.usedAfterGc());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("convergedMillis", b.convergedMs());
            m.put("wallMillis", b.wallMs());
            m.put("heapBytesConverged", heap[0]);
            new SimReport("scale-bootstrap-" + n, "soak", seed).put("result", m).write(null);
            assertThat(b.convergedMs()).as("every view complete, n=%d", n).isPositive();
        }
    }
}
