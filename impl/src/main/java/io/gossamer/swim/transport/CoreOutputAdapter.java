package io.gossamer.swim.transport;

import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.swim.core.CoreOutput;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the core asks of the transport, called from inside the core's calls: datagrams and streams
 * go out at once, and a command's outcome reaches its caller on a later turn, so that nothing
 * here calls back into the core. Also publishes the keys in force for readers on other threads.
 */
final class CoreOutputAdapter implements CoreOutput {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");

    private final CoreRunner runner;
    private final DatagramChannel datagrams;
    private final OutboundStreams outbound;
    private final PendingCommands pending;
    private final WireAdapter wire;
    private final MeasurementListener measurements;
    private boolean measurementFailed;
    private volatile Optional<Keyring> keyring;

    CoreOutputAdapter(CoreRunner runner, DatagramChannel datagrams, OutboundStreams outbound,
                      PendingCommands pending, WireAdapter wire, MeasurementListener measurements) {
        this.measurements = measurements;
        this.runner = runner;
        this.datagrams = datagrams;
        this.outbound = outbound;
        this.pending = pending;
        this.wire = wire;
        this.keyring = wire.keyring();
    }

    /** The keys in force now, empty without encryption; safe from any thread. */
    Optional<Keyring> keyring() {
        return keyring;
    }

    @Override
    public void sendPacket(NodeAddress to, List<Message> messages) {
        if (!runner.closed()) {
            datagrams.send(to, messages);
        }
    }

    @Override
    public void openStream(long streamId, NodeAddress to, Message request) {
        if (!runner.closed()) {
            outbound.open(streamId, to, request);
        }
    }

    @Override
    public void memberChanged(MemberChange change) {
        runner.memberChanged(change);
    }

    @Override
    public void probeRoundTrip(long roundTripNanos) {
        try {
            measurements.probeRoundTrip(roundTripNanos);
        } catch (RuntimeException e) {
            if (!measurementFailed) {
                measurementFailed = true;
                LOG.log(System.Logger.Level.WARNING, "the measurement listener " + measurements
                        + " failed (logged once)", e);
            }
        }
    }

    @Override
    public void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser) {
        runner.refuted(self, claimed, accuser);
    }

    @Override
    public void deliverEvent(Message.UserEvent event) {
        runner.eventDelivered(event);
    }

    @Override
    public void deliverQuery(Message.Query query) {
        runner.queryDelivered(query);
    }

    @Override
    public void queryResponded(long ltime, Message.QueryResponse response) {
        Instant at = Instant.now();
        runner.handOn(() -> pending.queryResponded(ltime, response, at));
    }

    @Override
    public void queryFinished(long ltime) {
        Instant at = Instant.now();
        runner.handOn(() -> pending.queryFinished(ltime, at));
    }

    @Override
    public void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals) {
        List<String> errorsCopy = List.copyOf(errors);
        List<JoinRefusal> refusalsCopy = List.copyOf(refusals);
        runner.defer(() -> pending.joinFinished(joinId, contacted, errorsCopy, refusalsCopy, outbound::recentErrors));
    }

    @Override
    public void leaveFinished() {
        runner.defer(pending::leaveFinished);
    }

    @Override
    public void keyringChanged(Keyring next) {
        // At once, inside the core's call: the reply to a key request is sealed with the new
        // primary key, which the requester holds (it checked so before asking).
        wire.keyring(next);
        keyring = Optional.of(next);
    }

    @Override
    public void keyOperationFinished(long operationId, KeyResponse response) {
        runner.defer(() -> pending.keyOperationFinished(operationId, response));
    }
}
