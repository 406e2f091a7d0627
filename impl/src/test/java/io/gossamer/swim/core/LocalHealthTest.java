package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalHealthTest {

    /** The score saturates in [0, multiplier - 1] and scales intervals by score + 1. */
    @Test
    void scoreSaturatesAndScales() {
        LocalHealth h = new LocalHealth(8);
        h.apply(-1);
        assertThat(h.score()).isZero();
        assertThat(h.scale(1000)).isEqualTo(1000);
        h.apply(3);
        assertThat(h.scale(1000)).isEqualTo(4000);
        h.apply(100);
        assertThat(h.score()).isEqualTo(7);
        assertThat(h.scale(1000)).isEqualTo(8000);
    }
}
