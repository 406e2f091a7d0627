package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeRingTest {

    /** Each round visits every probeable member exactly once. */
    @Test
    void everyMemberOncePerRound() {
        ProbeRing ring = new ProbeRing(new SplittableRandom(7));
        for (int i = 0; i < 50; i++) {
            ring.add("m" + i);
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
        ProbeRing ring = new ProbeRing(new SplittableRandom(3));
        Set<String> dead = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ring.add("m" + i);
        }
        dead.add("m3");
        dead.add("m4");
        for (int i = 0; i < 40; i++) {
            assertThat(ring.next(n -> !dead.contains(n))).isNotIn("m3", "m4");
        }
        assertThat(ring.size()).isEqualTo(8);
        dead.clear();
        ring.add("m3");
        assertThat(ring.size()).isEqualTo(9);
        assertThat(ring.next(n -> dead.isEmpty() && false)).isNull();
    }
}
