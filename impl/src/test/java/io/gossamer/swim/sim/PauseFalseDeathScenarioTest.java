package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node frozen for 3 s and resumed must never be declared dead, by anyone. One pause rarely
 * shows the failure this guards against (a member that missed the gossiped refutation declaring
 * the live node dead when its timer ran out: 13 times in these 3,000 pauses before the direct
 * last look at the suspect), so the scenario runs many small clusters.
 */
class PauseFalseDeathScenarioTest {

    private static final int NODES = 50;
    private static final int CLUSTERS = 600;
    private static final int PAUSES_PER_CLUSTER = 5;

    /** 3,000 pauses of 3 s at 50 members (600 seeded clusters): no member is ever declared DEAD. */
    @Test
    void three_thousand_pauses_end_without_a_false_death() {
        List<String> deaths = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            long seed = 9_000L + c;
            Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false).build();
            sim.addNodes(NODES);
            List<NodeAddress> seeds = List.of(sim.node(0).address());
            for (SimNode node : sim.nodes()) {
                sim.start(node);
            }
            for (SimNode node : sim.nodes()) {
                sim.join(node, seeds);
            }
            long converged = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 100, 300_000);
            assertThat(converged).as("cluster %d converged", seed).isNotNegative();
            sim.runFor(30_000);
            sim.onChange(r -> {
                if (r.state() == MemberState.DEAD) {
                    deaths.add("seed " + seed + ": " + r);
                }
            });
            SimNode sleeper = sim.node(NODES / 3 + 1);
            for (int i = 0; i < PAUSES_PER_CLUSTER; i++) {
                sim.pause(sleeper, 3_000);
                sim.runFor(40_000);
            }
        }
        assertThat(deaths).as("members declared DEAD after pauses").isEmpty();
    }
}
