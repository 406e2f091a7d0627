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

    /**
     * Logs a drop of {@code what} ("packet", "stream", ...), {@code peer} saying whose ("from
     * 10.0.0.7:7946", or "to ..." for what we could not send), unless one of {@code reason} was
     * logged within the interval. The detail may hold text from a stranger: control characters are
     * replaced, so that nothing it holds can forge or hide log lines.
     */
    void dropped(String reason, String what, String peer, String detail) {
        long now = System.nanoTime();
        long[] s = state.computeIfAbsent(reason, r -> new long[] {now - INTERVAL_NANOS, 0});
        if (now - s[0] >= INTERVAL_NANOS) {
            long suppressed = s[1];
            s[0] = now;
            s[1] = 0;
            LOG.log(Level.WARNING, () -> "[" + node + "] dropped " + what + " " + peer + ": " + reason
                    + " (" + printable(detail) + ")" + (suppressed > 0 ? "; " + notLogged(suppressed, reason) : ""));
        } else {
            s[1]++;
        }
    }

    /**
     * The drops of {@code reason} left out since the last line of it: they may be long past, from
     * other sources, and datagrams and streams alike.
     */
    static String notLogged(long suppressed, String reason) {
        return suppressed + " more " + reason + (suppressed == 1 ? " drop" : " drops")
                + " since the last such line, from any source, not logged";
    }

    /** {@code text} with control characters (C0, DEL, C1, line and paragraph separators) as {@code ?}. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028
                || c == 0x2029 ? '?' : c));
        return b.toString();
    }
}
