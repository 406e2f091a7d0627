package io.gossamer.swim.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds the refusals sent in answer to foreign datagrams. A datagram's source address can be
 * forged, so every reply is traffic aimed wherever the forger likes: at most
 * {@value #PER_HOST} refusals per source host per {@value #INTERVAL_MS} ms, at most
 * {@value #GLOBAL} in all per interval, and hosts are tracked in bounded memory. Keyed by host, not
 * host and port, so a forger cannot multiply the allowance by varying ports. Streams need no
 * limit: a TCP handshake cannot be completed from a forged address.
 */
final class RefusalLimiter {

    static final long INTERVAL_MS = 10_000;
    static final int PER_HOST = 3;
    static final int GLOBAL = 100;
    /** Hosts remembered at once; when all were seen within the interval, new hosts get nothing. */
    static final int TRACKED_HOSTS = 1_024;

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

    /** Whether one more refusal may go to {@code host} at {@code now}; counts it if so. */
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
        if (w.count >= PER_HOST || globalCount >= GLOBAL) {
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
