package io.gossamer.swim.core;

import java.time.Duration;

/**
 * Lifeguard's local health multiplier: a saturating score that rises when this node's own probes
 * go wrong in ways that point at itself (missed nacks, having to refute, its own timers running
 * late) and falls on success.
 *
 * <p>A node that is slow (GC pause, CPU starvation, a saturated NIC) will miss acks that healthy
 * peers sent in time. Stretching its probe interval and timeout while the score is high keeps it
 * from accusing healthy peers; that is most of Lifeguard's false-positive reduction.
 */
final class LocalHealth {

    private final int max;
    private final long lateUnitMs;
    private int score;
    /** The same score without lateness: what our probes and refutations alone say of us. */
    private int probeScore;

    /**
     * @param multiplier   the largest stretch factor; the score lives in {@code [0, multiplier - 1]}
     * @param probeTimeout how long a probe waits for its ack; half of it is one unit of lateness
     */
    LocalHealth(int multiplier, Duration probeTimeout) {
        this.max = multiplier - 1;
        this.lateUnitMs = Math.max(1, probeTimeout.toMillis() / 2);
    }

    void apply(int delta) {
        score = clamp(score + delta);
        probeScore = clamp(probeScore + delta);
    }

    private int clamp(int value) {
        return Math.max(0, Math.min(max, value));
    }

    /**
     * One of this node's tickers ran {@code lateMs} behind its deadline: for that long it read no
     * datagram either, so an ack that came in time may have waited unread while the probe timed
     * out. Lifeguard's missed nack is indirect evidence of the same thing; this is the direct kind,
     * and each half probe timeout of it counts as one. It is what stops a storm on a saturated host
     * (a thousand nodes sharing two cores, their timers a quarter to a whole second late) from
     * turning late acks into suspicions and suspicions into more traffic; and a paused process
     * learns on waking that it has been away.
     */
    void ranLate(long lateMs) {
        if (lateMs >= lateUnitMs) {
            score = clamp(score + (int) Math.min(max, lateMs / lateUnitMs));
        }
    }

    /**
     * Whether our probes and refutations have been clean lately: the score holds nothing but
     * lateness, or nothing. Lateness says our loop was behind, not that our datagrams are lost:
     * evidence that stands on the network (a connection refused or never answered, relays that
     * answered us but not the target) still holds on a busy host.
     */
    boolean probesClean() {
        return probeScore == 0;
    }

    int score() {
        return score;
    }

    /** {@code base × (score + 1)}. */
    long scale(long baseMillis) {
        return baseMillis * (score + 1);
    }
}
