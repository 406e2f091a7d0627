package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLimiterTest {

    @Test
    void aFewPerHostPerInterval() {
        RefusalLimiter l = new RefusalLimiter();
        for (int i = 0; i < RefusalLimiter.PER_HOST; i++) {
            assertThat(l.allow(1_000 + i, "10.0.0.1")).isTrue();
        }
        assertThat(l.allow(1_010, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_010, "10.0.0.2")).isTrue();
        assertThat(l.allow(1_000 + RefusalLimiter.INTERVAL_MS - 1, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_000 + RefusalLimiter.INTERVAL_MS, "10.0.0.1")).isTrue();
    }

    @Test
    void aGlobalCapPerInterval() {
        RefusalLimiter l = new RefusalLimiter();
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (l.allow(5, "10.1." + (i / 256) + "." + (i % 256))) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(RefusalLimiter.GLOBAL);
        assertThat(l.allow(5 + RefusalLimiter.INTERVAL_MS, "10.9.9.9")).isTrue();
    }

    /**
     * Memory stays bounded under forged sources, and a host is never forgotten (which would renew
     * its allowance) while it was heard from within the interval.
     */
    @Test
    void trackedHostsAreBoundedWithoutRenewingAllowances() {
        RefusalLimiter l = new RefusalLimiter();
        long t = 0;
        for (int i = 0; i < RefusalLimiter.TRACKED_HOSTS; i++) {
            l.allow(t, "h" + i);
            t += 1;
        }
        assertThat(l.trackedHosts()).isEqualTo(RefusalLimiter.TRACKED_HOSTS);
        // all tracked hosts are recent: a newcomer gets nothing rather than evicting one of them
        assertThat(l.allow(t, "newcomer")).isFalse();
        assertThat(l.trackedHosts()).isEqualTo(RefusalLimiter.TRACKED_HOSTS);
        // once the least recently seen host has been idle for an interval, it makes room
        assertThat(l.allow(RefusalLimiter.INTERVAL_MS, "newcomer")).isTrue();
        assertThat(l.trackedHosts()).isEqualTo(RefusalLimiter.TRACKED_HOSTS);
    }
}
