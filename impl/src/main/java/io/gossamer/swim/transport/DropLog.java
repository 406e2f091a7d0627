package io.gossamer.swim.transport;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

/**
 * Logs dropped input at most once per {@link #INTERVAL_NANOS} per reason, with the count of
 * drops not logged since, so that a flood of hostile packets cannot flood the log. Confined to
 * the node's context: no locking.
 */
final class DropLog {

    static final long INTERVAL_NANOS = 10_000_000_000L;

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");

    private final String node;
    private final Map<String, long[]> state = new HashMap<>();

    DropLog(String node) {
        this.node = node;
    }

    void dropped(String reason, String what, String from, String detail) {
        long now = System.nanoTime();
        long[] s = state.computeIfAbsent(reason, r -> new long[] {now - INTERVAL_NANOS, 0});
        if (now - s[0] >= INTERVAL_NANOS) {
            long suppressed = s[1];
            s[0] = now;
            s[1] = 0;
            LOG.log(Level.WARNING, () -> "[" + node + "] dropped " + what + " from " + from + ": " + reason
                    + " (" + detail + ")" + (suppressed > 0 ? "; " + suppressed + " more " + reason
                    + " drops in the last interval not logged" : ""));
        } else {
            s[1]++;
        }
    }
}
