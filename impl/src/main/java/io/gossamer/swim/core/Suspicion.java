package io.gossamer.swim.core;

import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard's dynamic suspicion timeout for one suspected member.
 *
 * <p>The timer starts at {@code max} and shrinks towards {@code min} as independent members
 * confirm the suspicion: {@code max - (max - min) · ln(c + 1) / ln(k + 1)} after {@code c} of the
 * {@code k} wanted confirmations. A lone accuser with a bad link waits long enough for the suspect
 * to refute; many accusers converge on the minimum quickly.
 */
final class Suspicion {

    private final long start;
    private final long min;
    private final long max;
    private final int wanted;
    private final Set<String> confirmers = new HashSet<>();
    private final long incarnation;

    /**
     * @param from        the first accuser; its repeated accusations are not confirmations
     * @param wanted      confirmations that take the timeout down to {@code min}; below 1, the timeout is {@code min}
     */
    Suspicion(long start, long min, long max, int wanted, String from, long incarnation) {
        this.start = start;
        this.min = min;
        this.max = Math.max(min, max);
        this.wanted = wanted;
        this.incarnation = incarnation;
        confirmers.add(from);
    }

    /** Records an accusation; true when it came from a member that had not accused yet. */
    boolean confirm(String from) {
        if (confirmers.size() - 1 >= wanted) {
            return false;
        }
        return confirmers.add(from);
    }

    /** When the suspicion began. */
    long start() {
        return start;
    }

    int confirmations() {
        return confirmers.size() - 1;
    }

    int wanted() {
        return wanted;
    }

    long incarnation() {
        return incarnation;
    }

    /** When the suspect is to be declared dead, given the confirmations so far. */
    long deadline() {
        return start + timeout(min, max, wanted, confirmations());
    }

    static long timeout(long min, long max, int wanted, int confirmations) {
        if (wanted < 1) {
            return min;
        }
        double frac = Math.log(confirmations + 1.0) / Math.log(wanted + 1.0);
        long t = (long) Math.floor(max - frac * (max - min));
        return Math.max(min, t);
    }

    /**
     * memberlist's minimum: {@code mult · max(1, log10(n)) · probeInterval}, so that larger
     * clusters, where news takes longer to reach the suspect, give it longer to refute.
     */
    static long minTimeout(int mult, int clusterSize, long probeIntervalMillis) {
        double scale = Math.max(1.0, Math.log10(Math.max(1, clusterSize)));
        return (long) Math.floor(mult * scale * probeIntervalMillis);
    }
}
