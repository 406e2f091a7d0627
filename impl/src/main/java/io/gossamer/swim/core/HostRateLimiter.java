package io.gossamer.swim.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Allows something a few times per source host per {@value #INTERVAL_MS} ms, and a bounded number
 * of times in all per interval, with the hosts tracked in bounded memory. Keyed by host, not host
 * and port, so that a sender cannot multiply its allowance by varying ports; a sender who can forge
 * source addresses can vary hosts, which the global bound is for.
 */
final class HostRateLimiter {

    static final long INTERVAL_MS = 10_000;
    /** Hosts remembered at once; when all were seen within the interval, new hosts get nothing. */
    static final int TRACKED_HOSTS = 1_024;

    private final int perHost;
    private final int global;

    /** Per host: start of its window, refusals in it, last time it was asked about. */
    private static final class Window {
        long start;
        int count;
        long lastSeen;
    }

    // Access order: the eldest entry is the host asked about least recently.
    private final LinkedHashMap<String, Window> hosts = new LinkedHashMap<>(64, 0.75f, true);
    private long globalStart = Long.MIN_VALUE;
    private int globalCount;

    /** At most {@code perHost} per host and {@code global} in all per interval. */
    HostRateLimiter(int perHost, int global) {
        this.perHost = perHost;
        this.global = global;
    }

    /** Whether {@code host} may have one more at {@code now}; counts it if so. */
    boolean allow(long now, String host) {
        if (globalStart == Long.MIN_VALUE || now - globalStart >= INTERVAL_MS) {
            globalStart = now;
            globalCount = 0;
        }
        Window w = hosts.get(host);
        if (w == null) {
            if (hosts.size() >= TRACKED_HOSTS && !evictIdle(now)) {
                // Every tracked host was heard from within the interval: forgetting one could give
                // it a fresh allowance, so the newcomer gets nothing instead.
                return false;
            }
            w = new Window();
            w.start = now;
            hosts.put(host, w);
        }
        w.lastSeen = now;
        if (now - w.start >= INTERVAL_MS) {
            w.start = now;
            w.count = 0;
        }
        if (w.count >= perHost || globalCount >= global) {
            return false;
        }
        w.count++;
        globalCount++;
        return true;
    }

    /** Forgets the least recently seen host if its window is surely over. */
    private boolean evictIdle(long now) {
        Iterator<Map.Entry<String, Window>> it = hosts.entrySet().iterator();
        Window eldest = it.next().getValue();
        // Its window started no later than it was last seen: idle for an interval means expired.
        if (now - eldest.lastSeen >= INTERVAL_MS) {
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
