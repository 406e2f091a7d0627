package io.gossamer.swim.core;

/**
 * A Lamport clock: the time of each message this node sends is larger than that of every message
 * it sent or heard before. Cluster events and queries share one.
 */
final class LamportClock {

    private long time;

    /** The time for a message sent now: one past everything seen. */
    long tick() {
        return ++time;
    }

    /** A message of time {@code t} was heard. */
    void witness(long t) {
        time = Math.max(time, t);
    }

    long time() {
        return time;
    }
}
