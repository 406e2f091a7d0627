package io.gossamer.swim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostRateLimiterTest {

    static final int PER_HOST = 3;
    static final int GLOBAL = 100;

    @Test
    void aFewPerHostPerInterval() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, GLOBAL);
        for (int i = 0; i < PER_HOST; i++) {
            assertThat(l.allow(1_000 + i, "10.0.0.1")).isTrue();
        }
        assertThat(l.allow(1_010, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_010, "10.0.0.2")).isTrue();
        assertThat(l.allow(1_000 + HostRateLimiter.INTERVAL_MS - 1, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_000 + HostRateLimiter.INTERVAL_MS, "10.0.0.1")).isTrue();
    }

    @Test
    void aGlobalCapPerInterval() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, GLOBAL);
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (l.allow(5, "10.1." + (i / 256) + "." + (i % 256))) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(GLOBAL);
        assertThat(l.allow(5 + HostRateLimiter.INTERVAL_MS, "10.9.9.9")).isTrue();
    }

    /**
     * Memory stays bounded under forged sources, and a host is never forgotten (which would renew
     * its allowance) while it was heard from within the interval.
     */
    @Test
    void trackedHostsAreBoundedWithoutRenewingAllowances() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, GLOBAL);
        long t = 0;
        for (int i = 0; i < HostRateLimiter.TRACKED_HOSTS; i++) {
            l.allow(t, "h" + i);
            t += 1;
        }
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
        // all tracked hosts are recent: a newcomer gets nothing rather than evicting one of them
        assertThat(l.allow(t, "newcomer")).isFalse();
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
        // once the least recently seen host has been idle for an interval, it makes room
        assertThat(l.allow(HostRateLimiter.INTERVAL_MS, "newcomer")).isTrue();
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
    }
}
