package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class KeyIndexTest {

    private static NodeState node(String name) {
        return new NodeState(name, new NodeAddress("10.0.0.1", 7946), "dc", "role", Map.of(), 1, 1,
                MemberState.ALIVE, 0);
    }

    /** Random puts, replacements and removals agree with a HashMap, through growth and back-shifts. */
    @Test
    void agrees_with_a_hash_map_under_random_puts_and_removals() {
        KeyIndex<NodeState> index = new KeyIndex<>(n -> n.name);
        Map<String, NodeState> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            names.add(String.format("node-%05d", i));
        }
        for (int step = 0; step < 200_000; step++) {
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(3) == 0) {
                index.remove(name);
                expected.remove(name);
            } else {
                NodeState n = node(name);
                index.put(n);
                expected.put(name, n);
            }
            if (step % 1_000 == 0) {
                for (String each : names) {
                    assertThat(index.get(each)).isSameAs(expected.get(each));
                }
                assertThat(index.size()).isEqualTo(expected.size());
            }
        }
    }

    @Test
    void put_under_a_held_key_replaces_the_member() {
        KeyIndex<NodeState> index = new KeyIndex<>(n -> n.name);
        NodeState first = node("a");
        NodeState second = node("a");
        index.put(first);
        index.put(second);
        assertThat(index.get("a")).isSameAs(second);
        assertThat(index.size()).isEqualTo(1);
        index.remove("a");
        assertThat(index.get("a")).isNull();
        assertThat(index.size()).isZero();
    }
}
