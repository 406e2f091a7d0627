package io.gossamer.cdi;

import io.gossamer.JoinRefusedException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Which failed join attempts of a pool deserve a WARNING, so that a node that never joins stays
 * visible without burying the log. A refusal (a configuration must change): the first, one that
 * differs from the last warned of (another reason, seed or detail), and otherwise one every
 * {@link #REFUSAL_INTERVAL}. Any other failure (no seed answered in time): the first, then one
 * every {@link #FAILURE_INTERVAL}. Attempts go on meanwhile; the rest are logged at DEBUG.
 */
final class JoinWarnings {

    /** The longest silence about a refusal that goes on unchanged. */
    static final Duration REFUSAL_INTERVAL = Duration.ofMinutes(10);
    /** The longest silence about attempts that keep failing otherwise. */
    static final Duration FAILURE_INTERVAL = Duration.ofMinutes(1);

    private final LongSupplier nanoTime;
    private String lastRefusal;
    private long lastRefusalAt;
    private boolean failureWarned;
    private long lastFailureAt;

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    JoinWarnings(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Whether this refusal is logged as a WARNING; if so, the next same one waits {@link #REFUSAL_INTERVAL}. */
    synchronized boolean warn(JoinRefusedException refusal) {
        String what = refusal.reason() + "|" + refusal.seed() + "|" + refusal.detail();
        long now = nanoTime.getAsLong();
        if (what.equals(lastRefusal) && now - lastRefusalAt < REFUSAL_INTERVAL.toNanos()) {
            return false;
        }
        lastRefusal = what;
        lastRefusalAt = now;
        return true;
    }

    /** Whether a failed attempt that was no refusal is logged as a WARNING. */
    synchronized boolean warnFailure() {
        long now = nanoTime.getAsLong();
        if (failureWarned && now - lastFailureAt < FAILURE_INTERVAL.toNanos()) {
            return false;
        }
        failureWarned = true;
        lastFailureAt = now;
        return true;
    }
}
