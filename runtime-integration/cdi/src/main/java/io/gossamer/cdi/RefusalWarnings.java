package io.gossamer.cdi;

import io.gossamer.JoinRefusedException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Which refused join attempts of a pool deserve a WARNING: the first refusal, one that differs
 * from the last warned of (another reason, seed or detail), and otherwise one every
 * {@link #INTERVAL}. A refusal lasts until someone changes a configuration, and attempts go on
 * meanwhile; a warning at each would bury the one line that says what to change.
 */
final class RefusalWarnings {

    /** The longest silence about a refusal that goes on unchanged. */
    static final Duration INTERVAL = Duration.ofMinutes(10);

    private final LongSupplier nanoTime;
    private String lastWarned;
    private long lastWarnedAt;

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    RefusalWarnings(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Whether this refusal is logged as a WARNING; if so, the next same one waits {@link #INTERVAL}. */
    synchronized boolean warn(JoinRefusedException refusal) {
        String what = refusal.reason() + "|" + refusal.seed() + "|" + refusal.detail();
        long now = nanoTime.getAsLong();
        if (what.equals(lastWarned) && now - lastWarnedAt < INTERVAL.toNanos()) {
            return false;
        }
        lastWarned = what;
        lastWarnedAt = now;
        return true;
    }
}
