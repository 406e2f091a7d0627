package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;

import java.util.List;
import java.util.Optional;

/**
 * What the sans-IO {@link SwimCore} asks its driver to do. The driver (the Vert.x transport, or the
 * simulator) performs the I/O and feeds results back through the core's {@code handle*} methods.
 * Implementations must not call back into the core from these methods.
 */
public interface CoreOutput {

    /**
     * Sends one datagram holding {@code messages}, in order. The core guarantees that their encoded
     * size, framed as a compound packet with the configured label, fits in {@code packetSize}.
     */
    void sendPacket(NodeAddress to, List<Message> messages);

    /**
     * Opens a stream to {@code to}, writes {@code request} and reads one reply, within the configured
     * TCP timeout. The outcome must be reported exactly once through
     * {@link SwimCore#handleStreamResult(long, long, java.util.Optional)} with the same id, an empty
     * reply meaning that connecting, writing or reading failed or timed out, or through
     * {@link SwimCore#handleStreamRefused(long, long)} if the peer's host refused the connection.
     * Once connected, and before the outcome, the driver reports it through
     * {@link SwimCore#handleStreamConnected(long, long)}.
     */
    void openStream(long streamId, NodeAddress to, Message request);

    /** A member changed in the local view (including the local member's own first appearance). */
    void memberChanged(MemberChange change);

    /**
     * The local member refuted news that {@code claimed} it suspect or dead ({@code accuser} named
     * as the news names it), or alive with other details; {@code self} is the local member as the
     * refutation announced it.
     */
    void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser);

    /**
     * A direct ping of the local member's probe was acked by its target {@code roundTripNanos}
     * after it left, on the {@link #nanoTime()} clock.
     */
    void probeRoundTrip(long roundTripNanos);

    /**
     * A cluster event is to be delivered to the application: each event once, those of one origin
     * in the order it sent them, the local member's own as it sends them.
     */
    void deliverEvent(Message.UserEvent event);

    /**
     * A query that the local member matches is to be delivered to the application, which may
     * answer it through {@link SwimCore#respond} until its timeout ends (counted from now).
     */
    void deliverQuery(Message.Query query);

    /** A member's first acknowledgement or first answer to the local member's query of Lamport time {@code ltime}. */
    void queryResponded(long ltime, Message.QueryResponse response);

    /** The local member's query of Lamport time {@code ltime} has reached its deadline: nothing more comes. */
    void queryFinished(long ltime);

    /**
     * A join started with {@link SwimCore#join(long, List)} finished: {@code contacted} seeds answered;
     * {@code errors} says why each of the others did not; {@code refusals} are the seeds among them
     * that refused the join (or whose reply we refused), each with its reason.
     */
    void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals);

    /** The local leave announcement has been sent as many times as any news is, or leaving timed out. */
    void leaveFinished();

    /**
     * The local keyring changed (a key operation, ours or a peer's): seal with its primary key,
     * open with any of its keys, from the next message on. Key material: never log it.
     */
    void keyringChanged(Keyring keyring);

    /** A key operation started with {@link SwimCore#keyOperation} finished: every member's answer. */
    void keyOperationFinished(long operationId, KeyResponse response);

    /**
     * News about to wait in this core's dissemination queue (until it has been sent often enough):
     * a driver that runs many cores in one process may hand back an equal instance that all of them
     * share, since the same news (an alive of one instance and incarnation) is queued by every core
     * alike; the simulator does, and holds one copy instead of one per core. The core treats the
     * news as immutable either way. A node of its own keeps the default.
     */
    default Message shared(Message news) {
        return news;
    }

    /**
     * A monotonic clock in nanoseconds, for round trips finer than the core's milliseconds (a LAN
     * round trip is a fraction of one): read when a direct ping leaves and when its ack is
     * handled. The simulator gives its virtual time.
     */
    default long nanoTime() {
        return System.nanoTime();
    }
}
