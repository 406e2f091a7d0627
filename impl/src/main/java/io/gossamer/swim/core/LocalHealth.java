package io.gossamer.swim.core;

/**
 * Lifeguard's local health multiplier: a saturating score that rises when this node's own probes
 * go wrong in ways that point at itself (missed nacks, having to refute) and falls on success.
 *
 * <p>A node that is slow (GC pause, CPU starvation, a saturated NIC) will miss acks that healthy
 * peers sent in time. Stretching its probe interval and timeout while the score is high keeps it
 * from accusing healthy peers; that is most of Lifeguard's false-positive reduction.
 */
final class LocalHealth {

    private final int max;
    private int score;

    /** @param multiplier the largest stretch factor; the score lives in {@code [0, multiplier - 1]} */
    LocalHealth(int multiplier) {
        this.max = multiplier - 1;
    }

    void apply(int delta) {
        score = Math.max(0, Math.min(max, score + delta));
    }

    int score() {
        return score;
    }

    /** {@code base × (score + 1)}. */
    long scale(long baseMillis) {
        return baseMillis * (score + 1);
    }
}
