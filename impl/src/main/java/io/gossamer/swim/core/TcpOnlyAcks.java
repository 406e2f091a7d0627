package io.gossamer.swim.core;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * The warning that probes are answered over TCP but not over UDP. One such probe says little: on
 * a host too busy to read its datagrams in time (a thousand nodes in one process on two cores) an
 * ack arrives late now and then, and the TCP fallback wins the race. A network that drops UDP
 * makes it happen probe after probe. So the warning waits for {@value #REPEATS} cases within
 * {@value #WINDOW_MS} ms, and then says so at most once per {@link RateLimitedLog#INTERVAL_MS},
 * with the count of the cases left out.
 */
final class TcpOnlyAcks {

    static final int REPEATS = 3;
    static final long WINDOW_MS = 30_000;

    private final RateLimitedLog log;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    TcpOnlyAcks(Logger logger) {
        this.log = new RateLimitedLog(logger, Level.WARNING);
    }

    /** A probe of {@code target} failed over UDP and was answered over TCP at {@code now}. */
    void answeredOverTcpOnly(long now, String target) {
        recent.addLast(now);
        while (now - recent.peekFirst() > WINDOW_MS) {
            recent.pollFirst();
        }
        if (recent.size() < REPEATS) {
            return;
        }
        int cases = recent.size();
        log.log(now, "answered over TCP only", () -> target + " answered over TCP but not over UDP (" + cases
                + " probes so within " + WINDOW_MS / 1000 + " s): the network may be dropping UDP, or this host may "
                + "be too busy to read datagrams in time");
    }
}
