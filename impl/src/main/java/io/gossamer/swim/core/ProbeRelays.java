package io.gossamer.swim.core;

import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.Nack;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.NodeAddress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's side of SWIM's indirect probe: another member could not reach a target and asked
 * us to ping it. The target's ack is passed back under the requester's sequence number; silence
 * is answered with a nack, so the requester can tell a dead target from its own bad links.
 */
final class ProbeRelays {

    private final Dissemination dissemination;
    private final Timers timers;
    private final PingSequence pings;
    private final long probeTimeoutMs;
    /** The relayed pings in flight, by our sequence number. */
    private final Map<Long, Relay> relays = new HashMap<>();

    ProbeRelays(SwimConfig config, Dissemination dissemination, Timers timers, PingSequence pings) {
        this.dissemination = dissemination;
        this.timers = timers;
        this.pings = pings;
        this.probeTimeoutMs = config.probeTimeout().toMillis();
    }

    /**
     * Pings the target on {@code from}'s behalf; with news riding on the ping only if
     * {@code targetIsMember} (a live member is at the target's address): anywhere else the bare
     * ping is smaller than the request, which the requester's address may have forged.
     */
    void relay(long now, NodeAddress from, IndirectPing req, boolean targetIsMember) {
        long seq = pings.next();
        Relay r = new Relay(from, req.seq());
        relays.put(seq, r);
        List<Message> ping = List.of(new Ping(seq, req.target()));
        if (targetIsMember) {
            dissemination.send(req.targetAddress(), ping);
        } else {
            dissemination.sendAlone(req.targetAddress(), ping);
        }
        // Nack at 80 % of the probe timeout (Lifeguard), so it reaches the requester before its
        // probe period ends; memberlist's nack at 100 % often arrives too late to count.
        long nackAfter = req.wantNack() ? probeTimeoutMs * 8 / 10 : probeTimeoutMs;
        r.timer = timers.schedule(now + nackAfter, t -> {
            if (relays.remove(seq) != null && req.wantNack()) {
                dissemination.send(from, List.of(new Nack(req.seq())));
            }
        });
    }

    /** An ack of one of our pings: if it was relayed, the requester gets it. */
    void acked(long seq) {
        Relay r = relays.remove(seq);
        if (r != null) {
            r.cancel();
            dissemination.send(r.requester, List.of(new Ack(r.requesterSeq)));
        }
    }

    /** A probe we run on behalf of {@code requester}. */
    private static final class Relay {
        final NodeAddress requester;
        final long requesterSeq;
        Timers.Timer timer;

        Relay(NodeAddress requester, long requesterSeq) {
            this.requester = requester;
            this.requesterSeq = requesterSeq;
        }

        void cancel() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }
}
