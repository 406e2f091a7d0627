package io.gossamer.swim.core;

import io.gossamer.swim.core.HostRateLimiter.Rate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostRateLimiterTest {

    static final Rate PER_HOST = new Rate(4, 2);
    static final Rate IN_ALL = new Rate(100, 10);

    @Test
    void aHostHasItsBurstThenItsRate() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, IN_ALL);
        for (int i = 0; i < PER_HOST.burst(); i++) {
            assertThat(l.allow(1_000, "10.0.0.1")).isTrue();
        }
        assertThat(l.allow(1_000, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_000, "10.0.0.2")).as("another host has its own bucket").isTrue();
        // 2 per interval: one token every half interval
        long half = HostRateLimiter.INTERVAL_MS / 2;
        assertThat(l.allow(1_000 + half - 1, "10.0.0.1")).isFalse();
        assertThat(l.allow(1_000 + half, "10.0.0.1")).isTrue();
        assertThat(l.allow(1_000 + half, "10.0.0.1")).isFalse();
        // idle long enough, the bucket is full again, and no fuller
        long later = 1_000 + 100 * HostRateLimiter.INTERVAL_MS;
        for (int i = 0; i < PER_HOST.burst(); i++) {
            assertThat(l.allow(later, "10.0.0.1")).isTrue();
        }
        assertThat(l.allow(later, "10.0.0.1")).isFalse();
    }

    @Test
    void allHostsTogetherHaveABucketToo() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, IN_ALL);
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (l.allow(5, "10.1." + (i / 256) + "." + (i % 256))) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(IN_ALL.burst());
        assertThat(l.allow(5 + HostRateLimiter.INTERVAL_MS / IN_ALL.perInterval(), "10.9.9.9")).isTrue();
        assertThat(l.allow(5 + HostRateLimiter.INTERVAL_MS / IN_ALL.perInterval(), "10.9.9.8")).isFalse();
    }

    /** A host refused for want of a token in the bucket for all keeps its own token. */
    @Test
    void aRefusalForAllCostsTheHostNothing() {
        HostRateLimiter l = new HostRateLimiter(new Rate(2, 1), new Rate(1, 1));
        assertThat(l.allow(0, "a")).isTrue();
        assertThat(l.allow(0, "b")).isFalse();
        assertThat(l.allow(HostRateLimiter.INTERVAL_MS, "b")).isTrue();
        assertThat(l.allow(2 * HostRateLimiter.INTERVAL_MS, "b")).isTrue();
    }

    /**
     * Memory stays bounded under forged sources, and a host is never forgotten (which would refill
     * its bucket) before its bucket would have filled anyway.
     */
    @Test
    void trackedHostsAreBoundedWithoutRefillingBucketsEarly() {
        HostRateLimiter l = new HostRateLimiter(PER_HOST, new Rate(100_000, 100_000));
        long t = 0;
        for (int i = 0; i < HostRateLimiter.TRACKED_HOSTS; i++) {
            l.allow(t, "h" + i);
            t += 1;
        }
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
        // all tracked hosts are recent: a newcomer gets nothing rather than evicting one of them
        assertThat(l.allow(t, "newcomer")).isFalse();
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
        // once the least recently seen host's bucket has had time to fill, it makes room
        assertThat(l.allow(PER_HOST.fillMs() - 1, "newcomer")).isFalse();
        assertThat(l.allow(PER_HOST.fillMs(), "newcomer")).isTrue();
        assertThat(l.trackedHosts()).isEqualTo(HostRateLimiter.TRACKED_HOSTS);
    }
}
