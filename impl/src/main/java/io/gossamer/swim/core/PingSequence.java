package io.gossamer.swim.core;

/**
 * Sequence numbers for our pings. The probe, the pings relayed for others and the direct
 * questions to suspects draw from one counter, so an ack matches only the ping it answers.
 */
final class PingSequence {

    private long last;

    long next() {
        return ++last;
    }
}
