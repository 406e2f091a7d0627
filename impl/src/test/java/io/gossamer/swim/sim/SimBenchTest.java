package io.gossamer.swim.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's simulator runs, at a size that takes a moment: they measure what they say. */
class SimBenchTest {

    @Test
    void detection_point_has_every_number_in_order() {
        SimBench.Point p = SimBench.detection(12, 42);
        assertThat(p.convergedMs()).isNotNegative();
        assertThat(p.firstSuspicionMs()).isPositive();
        assertThat(p.deadFirstMs()).isGreaterThan(p.firstSuspicionMs());
        assertThat(p.deadMedianMs()).isBetween(p.deadFirstMs(), p.deadLastMs());
        assertThat(p.deadSpreadMs()).isEqualTo(p.deadLastMs() - p.deadFirstMs());
        assertThat(p.leftLastMs()).isGreaterThanOrEqualTo(p.leftMedianMs()).isNotNegative();
        assertThat(p.suspicionMinMs()).isEqualTo((long) (4 * Math.log10(12) * 1000));
    }

    @Test
    void bootstrap_samples_until_every_view_is_complete() {
        SimBench.Bootstrap b = SimBench.bootstrap(30, 1, 7);
        assertThat(b.convergedMs()).isPositive();
        long[] last = b.completeOverTime().get(b.completeOverTime().size() - 1);
        assertThat(last[0]).isEqualTo(b.convergedMs());
        assertThat(last[1]).isEqualTo(30);
        assertThat(b.completeOverTime().get(0)[1]).isLessThan(30);
    }
}
