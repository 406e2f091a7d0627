package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** Random picks among the members in a rare state: none drawn for nothing, each eligible one as likely. */
class MemberTableTest {

    /** Counts the draws, so that a pick among nobody can be seen to draw none. */
    private static final class Counting implements RandomGenerator {
        final SplittableRandom random = new SplittableRandom(5);
        int draws;

        @Override
        public long nextLong() {
            draws++;
            return random.nextLong();
        }
    }

    private final Counting random = new Counting();
    private final MemberTable table;

    MemberTableTest() {
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("self").advertise(new NodeAddress("10.0.0.1", 7946))
                .build();
        table = new MemberTable(random, "c", new DampedView(config, new Timers(), new SwimCoreTest.Recorder(), new ProtocolCounters()));
        for (int i = 0; i < 1_000; i++) {
            NodeState n = new NodeState("m" + i, new NodeAddress("10.1." + (i / 200) + "." + (i % 200 + 1), 7946),
                    "dc1", "", Map.of(), 1, 0, MemberState.DEAD, 0);
            table.add(n);
            table.setState(n, MemberState.ALIVE, 0);
        }
    }

    @Test
    void noMemberInTheStatesDrawsNothing() {
        int before = random.draws;
        assertThat(table.randomNodesIn(1, EnumSet.of(MemberState.SUSPECT, MemberState.DEAD), n -> true)).isEmpty();
        assertThat(random.draws).isEqualTo(before);
        assertThat(table.count(MemberState.ALIVE)).isEqualTo(1_000);
    }

    @Test
    void fewInTheStatesArePickedUniformlyAndOnlyIfTheFilterTakesThem() {
        List<NodeState> all = table.all();
        table.setState(all.get(10), MemberState.SUSPECT, 5);
        table.setState(all.get(20), MemberState.DEAD, 5);
        table.setState(all.get(30), MemberState.DEAD, 5);
        table.setState(all.get(30), MemberState.ALIVE, 6); // back: not a candidate any more
        table.setState(all.get(40), MemberState.LEFT, 5);
        assertThat(table.count(MemberState.DEAD)).isEqualTo(1);
        Map<String, Integer> picked = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            for (NodeState n : table.randomNodesIn(1, EnumSet.of(MemberState.SUSPECT, MemberState.DEAD), n -> true)) {
                picked.merge(n.name, 1, Integer::sum);
            }
        }
        assertThat(picked.keySet()).containsExactlyInAnyOrder("m10", "m20");
        assertThat(picked.get("m10")).isBetween(850, 1150);
        assertThat(table.randomNodesIn(5, EnumSet.of(MemberState.SUSPECT, MemberState.DEAD),
                n -> n.state == MemberState.DEAD)).extracting(n -> n.name).containsExactly("m20");
        table.remove(all.get(20));
        assertThat(table.count(MemberState.DEAD)).isZero();
    }

    @Test
    void manyInTheStatesAreDrawnDistinct() {
        List<NodeState> picked = table.randomNodesIn(3, EnumSet.of(MemberState.ALIVE), n -> n.state == MemberState.ALIVE);
        assertThat(picked).hasSize(3).doesNotHaveDuplicates();
    }
}
