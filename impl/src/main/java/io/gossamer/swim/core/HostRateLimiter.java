package io.gossamer.swim.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per source host, and one for all hosts together, with the hosts tracked in bounded
 * memory. Keyed by host, not host and port, so that a sender cannot multiply its allowance by
 * varying ports; a sender who can forge source addresses can vary hosts, which the bucket for all
 * is for.
 */
final class HostRateLimiter {

    /** The period in which a bucket gains {@link Rate#perInterval()} tokens. */
    static final long INTERVAL_MS = 10_000;
    /** Hosts remembered at once; when none may be forgotten yet, new hosts get nothing. */
    static final int TRACKED_HOSTS = 1_024;

    /** A bucket: {@code burst} tokens at most, {@code perInterval} more every {@link #INTERVAL_MS}. */
    record Rate(int burst, int perInterval) {
        Rate {
            if (burst < 1 || perInterval < 1) {
                throw new IllegalArgumentException("burst and perInterval must be positive: " + burst + ", " + perInterval);
            }
        }

        /** Time an empty bucket takes to fill. */
        long fillMs() {
            return (long) Math.ceil((double) burst * INTERVAL_MS / perInterval);
        }
    }

    private static final class Bucket {
        double tokens;
        long at;
        /** Last time its host asked. */
        long lastSeen;

        Bucket(Rate rate, long now) {
            tokens = rate.burst();
            at = now;
        }

        boolean take(Rate rate, long now) {
            tokens = Math.min(rate.burst(), tokens + (now - at) * (double) rate.perInterval() / INTERVAL_MS);
            at = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Rate perHost;
    private final Rate inAll;
    // Access order: the eldest entry is the host asked about least recently.
    private final LinkedHashMap<String, Bucket> hosts = new LinkedHashMap<>(64, 0.75f, true);
    private Bucket all;

    HostRateLimiter(Rate perHost, Rate inAll) {
        this.perHost = perHost;
        this.inAll = inAll;
    }

    /** Whether {@code host} may have one more at {@code now}; counts it if so. */
    boolean allow(long now, String host) {
        Bucket b = hosts.get(host);
        if (b == null) {
            if (hosts.size() >= TRACKED_HOSTS && !evictIdle(now)) {
                // Every tracked host asked too recently to have a full bucket again: forgetting one
                // would refill it early, so the newcomer gets nothing instead.
                return false;
            }
            b = new Bucket(perHost, now);
            hosts.put(host, b);
        }
        b.lastSeen = now;
        if (all == null) {
            all = new Bucket(inAll, now);
        }
        // Both buckets must have a token; the host's is only spent if the one for all has one too.
        if (!b.take(perHost, now)) {
            return false;
        }
        if (!all.take(inAll, now)) {
            b.tokens += 1;
            return false;
        }
        return true;
    }

    /** Forgets the least recently seen host if its bucket has surely filled up since. */
    private boolean evictIdle(long now) {
        Iterator<Map.Entry<String, Bucket>> it = hosts.entrySet().iterator();
        Bucket eldest = it.next().getValue();
        if (now - eldest.lastSeen >= perHost.fillMs()) {
            it.remove();
            return true;
        }
        return false;
    }

    /** Hosts currently tracked (for tests). */
    int trackedHosts() {
        return hosts.size();
    }
}
