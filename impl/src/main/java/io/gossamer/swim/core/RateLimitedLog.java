package io.gossamer.swim.core;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logs at most one line per key per {@link #INTERVAL_MS} of the core's time, with the count of
 * lines left out since, so that a stream of refused records or refusals cannot flood the log.
 */
final class RateLimitedLog {

    static final long INTERVAL_MS = 10_000;

    private final Logger log;
    private final Level level;
    private final Map<String, long[]> state = new HashMap<>();

    RateLimitedLog(Logger log, Level level) {
        this.log = log;
        this.level = level;
    }

    void log(long now, String key, Supplier<String> message) {
        long[] s = state.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
        if (s[0] != Long.MIN_VALUE && now - s[0] < INTERVAL_MS) {
            s[1]++;
            return;
        }
        long suppressed = s[1];
        s[0] = now;
        s[1] = 0;
        if (log.isLoggable(level)) {
            log.log(level, message.get() + (suppressed > 0 ? " (" + suppressed + " more like it in the last "
                    + INTERVAL_MS / 1000 + " s not logged)" : ""));
        }
    }
}
