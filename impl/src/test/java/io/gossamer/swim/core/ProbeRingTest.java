package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeRingTest {

    /** The member table's records by name, made on first use. */
    private final Map<String, NodeState> records = new HashMap<>();

    private NodeState record(String name) {
        return records.computeIfAbsent(name, n -> new NodeState(n, new NodeAddress("10.0.0.1", 7946), "dc", "role",
                Map.of(), 1, 1, MemberState.ALIVE, 0));
    }

    private ProbeRing ring(long seed) {
        return new ProbeRing(new SplittableRandom(seed), name -> records.get(name));
    }

    private void add(ProbeRing ring, String name) {
        record(name);
        ring.add(name);
    }

    /** Each round visits every probeable member exactly once. */
    @Test
    void everyMemberOncePerRound() {
        ProbeRing ring = ring(7);
        for (int i = 0; i < 50; i++) {
            add(ring, "m" + i);
        }
        for (int round = 0; round < 3; round++) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                seen.add(ring.next(n -> true));
            }
            assertThat(new HashSet<>(seen)).hasSize(50);
        }
    }

    /** Members that stop being probeable are skipped, then dropped at the wrap-around. */
    @Test
    void skipsAndDropsUnprobeable() {
        ProbeRing ring = ring(3);
        Set<String> dead = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            add(ring, "m" + i);
        }
        dead.add("m3");
        dead.add("m4");
        for (int i = 0; i < 40; i++) {
            assertThat(ring.next(n -> !dead.contains(n))).isNotIn("m3", "m4");
        }
        assertThat(ring.size()).isEqualTo(8);
        dead.clear();
        add(ring, "m3");
        assertThat(ring.size()).isEqualTo(9);
        assertThat(ring.next(n -> dead.isEmpty() && false)).isNull();
    }

    /**
     * A name whose record left the table stays in the order until the wrap-around; a new record
     * under that name meanwhile does not put the name in twice, and once dropped it can come back.
     */
    @Test
    void a_replaced_record_keeps_its_name_once_until_the_wrap_around() {
        ProbeRing ring = ring(5);
        for (int i = 0; i < 5; i++) {
            add(ring, "m" + i);
        }
        NodeState old = records.remove("m2");
        ring.forgotten(old);
        add(ring, "m2");
        assertThat(ring.size()).isEqualTo(5);
        List<String> round = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            round.add(ring.next(n -> true));
        }
        assertThat(round).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");

        // Not probeable at the wrap-around: dropped, and then an add puts it back.
        assertThat(ring.next(n -> !n.equals("m2"))).isNotEqualTo("m2");
        assertThat(ring.size()).isEqualTo(4);
        ring.add("m2");
        assertThat(ring.size()).isEqualTo(5);
    }
}
