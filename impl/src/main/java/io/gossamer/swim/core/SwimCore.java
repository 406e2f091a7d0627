package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.wire.Message;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The SWIM protocol as a state machine, with no sockets, threads or clocks.
 *
 * <p>Inputs are received messages, stream results and the passage of time ({@link #handleTimers});
 * outputs go to the {@link CoreOutput}. Time is a monotonic millisecond count chosen by the driver.
 * After every call the driver asks {@link #nextDeadline()} and calls {@link #handleTimers(long)} no
 * later than then. Not thread-safe: one thread (the Vert.x context, or the simulator) owns it.
 */
public final class SwimCore {

    public SwimCore(SwimConfig config, RandomGenerator random, CoreOutput output) {
        throw new UnsupportedOperationException("being written");
    }

    /** Starts the protocol: the local member becomes alive (a JOINED change) and timers are armed. */
    public void start(long now) {
    }

    /**
     * Starts a join: a push-pull (join flag set) with each seed. Completion is reported through
     * {@link CoreOutput#joinFinished}. Returns the join's id.
     */
    public long join(long now, List<NodeAddress> seeds) {
        return 0;
    }

    /** Handles the messages of one received datagram, in order. */
    public void handlePacket(long now, NodeAddress from, List<Message> messages) {
    }

    /** Handles a request received on a stream; returns the reply to write, if any. */
    public Optional<Message> handleStream(long now, NodeAddress from, Message request) {
        return Optional.empty();
    }

    /** Reports the outcome of {@link CoreOutput#openStream}; empty means failed or timed out. */
    public void handleStreamResult(long now, long streamId, Optional<Message> reply) {
    }

    /** Runs every timer due at or before {@code now}. */
    public void handleTimers(long now) {
    }

    /** The earliest time at which {@link #handleTimers} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    /**
     * Announces the local member's departure: probing stops, the news is gossiped, and
     * {@link CoreOutput#leaveFinished()} is called once it has been sent enough times.
     */
    public void leave(long now) {
    }

    /** Replaces the local member's tags and announces them with a new incarnation. */
    public void updateTags(long now, Map<String, String> tags) {
    }

    /** The local member as it is now. */
    public Member localMember() {
        return null;
    }

    /** Every known member, including the local one and those DEAD or LEFT still remembered. */
    public List<Member> members() {
        return List.of();
    }

    /** Local health score: 0 is healthy, {@code awarenessMaxMultiplier - 1} is the worst. */
    public int healthScore() {
        return 0;
    }
}
