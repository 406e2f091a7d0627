package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LocalHealthTest {

    /** The score saturates in [0, multiplier - 1] and scales intervals by score + 1. */
    @Test
    void scoreSaturatesAndScales() {
        LocalHealth h = new LocalHealth(8, Duration.ofMillis(500));
        h.apply(-1);
        assertThat(h.score()).isZero();
        assertThat(h.scale(1000)).isEqualTo(1000);
        h.apply(3);
        assertThat(h.scale(1000)).isEqualTo(4000);
        h.apply(100);
        assertThat(h.score()).isEqualTo(7);
        assertThat(h.scale(1000)).isEqualTo(8000);
    }

    /** Each half probe timeout by which this node's timers ran late counts as one missed nack. */
    @Test
    void runningLateCountsAgainstHealth() {
        LocalHealth h = new LocalHealth(8, Duration.ofMillis(500));
        h.ranLate(249);
        assertThat(h.score()).as("under half a probe timeout late: on time").isZero();
        h.ranLate(250);
        assertThat(h.score()).isEqualTo(1);
        h.ranLate(1_000);
        assertThat(h.score()).isEqualTo(5);
        h.ranLate(60_000);
        assertThat(h.score()).as("saturates").isEqualTo(7);
    }

    /** Lateness stretches our timing but says nothing of our probes; a missed nack does. */
    @Test
    void probesStayCleanThroughLatenessNotThroughMissedNacks() {
        LocalHealth h = new LocalHealth(8, Duration.ofMillis(500));
        h.ranLate(1_000);
        assertThat(h.score()).isEqualTo(4);
        assertThat(h.probesClean()).isTrue();
        h.apply(1);
        assertThat(h.probesClean()).isFalse();
        h.apply(-1);
        assertThat(h.probesClean()).isTrue();
        assertThat(h.score()).isEqualTo(4);
    }
}
