package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SuspicionTest {

    /** memberlist's minimum suspicion for the LAN profile matches the table in the notes. */
    @Test
    void minimumTimeoutScalesWithLog10OfClusterSize() {
        assertThat(Suspicion.minTimeout(4, 3, 1000)).isEqualTo(4000);
        assertThat(Suspicion.minTimeout(4, 10, 1000)).isEqualTo(4000);
        assertThat(Suspicion.minTimeout(4, 100, 1000)).isEqualTo(8000);
        assertThat(Suspicion.minTimeout(4, 1000, 1000)).isEqualTo(12000);
        assertThat(Suspicion.minTimeout(4, 10_000, 1000)).isEqualTo(16000);
    }

    /** The timer starts at max and decays logarithmically to min with k confirmations. */
    @Test
    void timeoutDecaysWithConfirmations() {
        assertThat(Suspicion.timeout(4000, 24000, 2, 0)).isEqualTo(24000);
        // memberlist table: LAN n=10 after one confirmation ~11.4 s
        assertThat((double) Suspicion.timeout(4000, 24000, 2, 1)).isCloseTo(11381, within(2.0));
        assertThat(Suspicion.timeout(4000, 24000, 2, 2)).isEqualTo(4000);
        assertThat(Suspicion.timeout(4000, 24000, 0, 0)).isEqualTo(4000);
    }

    /** Only distinct accusers other than the originator count, and only up to k. */
    @Test
    void confirmationsAreDistinctAndBounded() {
        Suspicion s = new Suspicion(1000, 4000, 24000, 2, "a", 3);
        assertThat(s.deadline()).isEqualTo(25000);
        assertThat(s.confirm("a")).isFalse();
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.confirm("b")).isFalse();
        assertThat(s.confirm("c")).isTrue();
        assertThat(s.confirm("d")).isFalse();
        assertThat(s.confirmations()).isEqualTo(2);
        assertThat(s.deadline()).isEqualTo(5000);
    }
}
