package io.gossamer.swim.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Route-flap damping (RFC 2439) for members: a penalty per member that rises by one at every
 * flap (a suspicion refuted) and decays exponentially with a half-life; a member whose penalty
 * reaches {@link #SUPPRESS} is damped until it decays to {@link #REUSE}. The penalty is capped at
 * {@link #CEILING}, so a member damped for as long as it flapped is reusable {@code 2} half-lives
 * after its last flap, however long it flapped.
 *
 * <p>The thresholds are fixed ratios, as RFC 2439's defaults are (1000 per flap, suppress at
 * 2000, reuse at 750): with decay, the second flap never reaches {@link #SUPPRESS}, so a member is
 * damped at the third flap within about a half-life, and one refutation (a pause, a lost ack) never
 * damps anyone. Only the half-life is a parameter, scaled by the caller to the probe interval, since
 * the rate at which a flaky member is suspected is about one failed probe per probe interval
 * whatever the cluster's size.
 */
final class FlapDamping {

    /** Added at each flap. */
    static final double PENALTY = 1.0;
    /** A member is damped once its penalty reaches this. */
    static final double SUPPRESS = 2.0;
    /** A damped member is released once its penalty has decayed to this. */
    static final double REUSE = 0.75;
    /** The penalty never exceeds this: four times {@link #REUSE}, two half-lives of decay. */
    static final double CEILING = 4 * REUSE;

    private final long halfLifeMs;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Entries kept before the next sweep of settled ones: members that flapped once long ago. */
    private int sweepAbove = 64;

    /** @param halfLifeMs the penalty halves in this time; at least 1 */
    FlapDamping(long halfLifeMs) {
        this.halfLifeMs = Math.max(1, halfLifeMs);
    }

    private static final class Entry {
        double penalty;
        long at;
        boolean damped;
    }

    /**
     * Records a flap of {@code name} at {@code at}; true if it is damped after it. A flap may be
     * recorded late (at a time before the last one recorded): it then adds its penalty as decayed
     * since {@code at}.
     */
    boolean flap(String name, long at) {
        long now = at;
        if (entries.size() >= sweepAbove) {
            entries.values().removeIf(x -> !x.damped && decayed(x, now) < 0.01);
            sweepAbove = Math.max(64, 2 * entries.size());
        }
        Entry e = entries.computeIfAbsent(name, k -> new Entry());
        if (now < e.at) {
            e.penalty = Math.min(CEILING, e.penalty + PENALTY * Math.pow(0.5, (e.at - now) / (double) halfLifeMs));
        } else {
            e.penalty = Math.min(CEILING, decayed(e, now) + PENALTY);
            e.at = now;
        }
        if (e.penalty >= SUPPRESS) {
            e.damped = true;
        }
        return e.damped;
    }

    /** Whether {@code name} is damped (until {@link #release} lets it go). */
    boolean damped(String name) {
        Entry e = entries.get(name);
        return e != null && e.damped;
    }

    /** The penalty of {@code name} at {@code now}. */
    double penalty(String name, long now) {
        Entry e = entries.get(name);
        return e == null ? 0 : decayed(e, now);
    }

    /** When the penalty of {@code name} decays to {@link #REUSE}, if it does not flap again. */
    long reusableAt(String name) {
        Entry e = entries.get(name);
        if (e == null || e.penalty <= REUSE) {
            return e == null ? Long.MIN_VALUE : e.at;
        }
        double halfLives = Math.log(e.penalty / REUSE) / Math.log(2);
        return e.at + (long) Math.ceil(halfLives * halfLifeMs);
    }

    /** Releases {@code name} if it is damped and its penalty has decayed to {@link #REUSE}; true if released. */
    boolean release(String name, long now) {
        Entry e = entries.get(name);
        if (e == null || !e.damped || now < reusableAt(name)) {
            return false;
        }
        e.damped = false;
        return true;
    }

    /** Forgets {@code name}: a member that died or left starts afresh. */
    void forget(String name) {
        entries.remove(name);
    }

    int tracked() {
        return entries.size();
    }

    private double decayed(Entry e, long now) {
        long dt = Math.max(0, now - e.at);
        return e.penalty * Math.pow(0.5, dt / (double) halfLifeMs);
    }
}
