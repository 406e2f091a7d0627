package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * SWIM's failure detector, our side: every probe interval the next member of the probe ring is
 * pinged; without an ack by the probe timeout, a few members are asked to ping it for us (with a
 * nack if they get no answer either) and it is pinged over TCP as well; without an ack by the end
 * of the interval it is suspected. Lifeguard's local health stretches both times and is scored
 * from how the probe went. If the target's host refuses the TCP probe, its process is gone: with a
 * refused-suspicion timeout set, the probe ends there, and the suspicion it raises runs only that
 * long; if its host does not even connect within the probe, it is down or cut off, and an
 * unreachable-suspicion timeout, if set, bounds the suspicion likewise. Also answers the pings of
 * others.
 */
final class Probing {

    /** The whole core logs under one name, the one operators know. */
    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final SwimConfig config;
    private final MemberTable table;
    private final ProbeRing ring;
    private final LocalHealth health;
    private final Dissemination dissemination;
    private final Streams streams;
    private final Timers timers;
    private final PingSequence pings;
    private final GuardPolicy guard;
    private final StateTransitions transitions;
    private final LocalMember local;
    private final Accusers accusers;
    private final Suspicions suspicions;
    private final long probeIntervalMs;
    private final long probeTimeoutMs;
    private final long refusedTimeoutMs;
    private final long unreachableTimeoutMs;
    /** The driver's fine clock, for round trips ({@link CoreOutput#nanoTime()}). */
    private final LongSupplier nanoTime;
    private final ProtocolCounters counters;
    /** The probe in flight, if any. */
    private Probe probe;
    /** When the ticker is due next: how late it runs is how long this node was not reading. */
    private long tickDue;
    private final TcpOnlyAcks tcpOnlyAcks = new TcpOnlyAcks(LOG);

    Probing(SwimConfig config, MemberTable table, ProbeRing ring, LocalHealth health, Dissemination dissemination,
            Streams streams, Timers timers, PingSequence pings, GuardPolicy guard, StateTransitions transitions,
            LocalMember local, Accusers accusers, Suspicions suspicions, LongSupplier nanoTime,
            ProtocolCounters counters) {
        this.config = config;
        this.counters = counters;
        this.nanoTime = nanoTime;
        this.table = table;
        this.ring = ring;
        this.health = health;
        this.dissemination = dissemination;
        this.streams = streams;
        this.timers = timers;
        this.pings = pings;
        this.guard = guard;
        this.transitions = transitions;
        this.local = local;
        this.accusers = accusers;
        this.suspicions = suspicions;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.probeTimeoutMs = config.probeTimeout().toMillis();
        this.refusedTimeoutMs = config.refusedSuspicionTimeout().toMillis();
        this.unreachableTimeoutMs = config.disableTcpPings() ? 0 : config.unreachableSuspicionTimeout().toMillis();
    }

    /** Arms the probe ticker's next tick. */
    void tickAt(long at) {
        tickDue = at;
        timers.schedule(at, this::tick);
    }

    /** The probe ticker: concludes the last probe, starts the next; it reschedules itself. */
    private void tick(long now) {
        // Before the verdict: a tick this late means the probe's ack may be waiting unread.
        health.ranLate(now - tickDue);
        if (probe != null) {
            concludeProbe(now);
        }
        if (!local.leaving()) {
            startProbe(now);
        }
        tickAt(now + health.scale(probeIntervalMs));
    }

    /** Drops the probe in flight: the local member leaves. */
    void stop() {
        if (probe != null) {
            probe.cancelTimers();
            probe = null;
        }
    }

    /** An ack came in; true if it answered our probe, false if it is someone else's business. */
    boolean acked(long seq) {
        Probe p = probe;
        if (p != null && p.seq == seq && !p.acked) {
            probeSucceeded(p, p.timedOut ? ProtocolCounters.Count.PROBE_ACKED_INDIRECTLY
                    : ProtocolCounters.Count.PROBE_ACKED);
            return true;
        }
        return false;
    }

    /** A relay could not reach our probe's target either: a nack shows that the relay is reachable. */
    void nacked(long seq) {
        Probe p = probe;
        if (p != null && p.seq == seq) {
            p.nacks++;
        }
    }

    /** The ack that answers a ping that came in a datagram, or null if it gets none. */
    Ack ackFor(Ping ping) {
        // A ping meant for another name reached our address (we took over a previous owner's
        // address): answering would vouch for a member that may be dead.
        return ping.target().equals(table.self().name) ? new Ack(ping.seq()) : null;
    }

    /** The answer to a ping that came over a stream (a peer's TCP fallback). */
    Optional<Message> answerOverStream(Ping ping) {
        return ping.target().equals(table.self().name) ? Optional.of(new Ack(ping.seq())) : Optional.empty();
    }

    private void startProbe(long now) {
        NodeState self = table.self();
        String name = ring.next(candidate -> {
            NodeState n = table.get(candidate);
            return n != null && n != self && n.isLive();
        });
        if (name == null) {
            return;
        }
        NodeState target = table.get(name);
        Probe p = new Probe(pings.next(), target);
        probe = p;
        List<Message> ping = new ArrayList<>(2);
        if (target.state == MemberState.SUSPECT) {
            // Lifeguard's buddy system: tell the suspect directly, so it can refute right away.
            // The suspicion goes first: a datagram is handled in order, so the suspect queues its
            // refutation before it acks, and the refutation rides back on the ack.
            ping.add(new Suspect(target.name, target.generation, target.incarnation, self.name));
        }
        ping.add(new Ping(p.seq, target.name));
        p.sentNanos = nanoTime.getAsLong();
        dissemination.send(target.address, ping);
        long timeout = Math.min(health.scale(probeTimeoutMs), health.scale(probeIntervalMs));
        p.timeoutTimer = timers.schedule(now + timeout, t -> probeTimedOut(t, p));
    }

    private void probeTimedOut(long now, Probe p) {
        if (probe != p || p.acked) {
            return;
        }
        p.timedOut = true;
        NodeState target = p.target;
        NodeState self = table.self();
        List<NodeState> relaysChosen = table.randomNodes(config.indirectChecks(),
                n -> n != self && n != target && n.state == MemberState.ALIVE);
        for (NodeState relay : relaysChosen) {
            dissemination.send(relay.address, List.of(new IndirectPing(p.seq, target.name, p.address, true)));
        }
        p.expectedNacks = relaysChosen.size();
        if (!config.disableTcpPings()) {
            p.tcpPinged = true;
            streams.open(p.address, new Ping(p.seq, target.name), new Streams.Callback() {
                @Override
                public void done(long t, Optional<Message> reply) {
                    tcpReply(t, p, reply);
                }

                @Override
                public void refused(long t) {
                    tcpRefused(t, p);
                }

                @Override
                public void connected(long t) {
                    p.connected = true;
                }
            });
        }
    }

    private void tcpReply(long now, Probe p, Optional<Message> reply) {
        NodeState target = p.target;
        if (reply.isPresent() && reply.get() instanceof Refuse r) {
            // The target refuses us over TCP (its answer cannot be forged): if it is now
            // in another datacenter it is shed before it could be suspected, so a guard
            // rolled out node by node does not make the nodes still off suspect it.
            guard.refusedBy(now, p.address, target, r);
            return;
        }
        if (probe == p && !p.acked && reply.isPresent() && reply.get() instanceof Ack a && a.seq() == p.seq) {
            tcpOnlyAcks.answeredOverTcpOnly(now, target.name);
            probeSucceeded(p, ProtocolCounters.Count.PROBE_ACKED_OVER_TCP);
        }
    }

    /**
     * The target's host refused the TCP probe: nothing listens on its port. A paused or overloaded
     * process keeps its port open (its kernel still accepts), and a lost packet refuses nothing, so
     * this is a process that is gone: the probe ends now, without counting against our health (our
     * links just worked), and the suspicion it raises ends after the refused-suspicion timeout.
     */
    private void tcpRefused(long now, Probe p) {
        if (refusedTimeoutMs == 0 || probe != p || p.acked) {
            return;
        }
        probe = null;
        p.cancelTimers();
        counters.increment(ProtocolCounters.Count.PROBE_FAILED);
        NodeState target = p.target;
        if (probedInstanceIsLive(p)) {
            transitions.suspectNode(now, new Suspect(target.name, target.generation, target.incarnation,
                    table.self().name));
            suspicions.refused(now, target.name, refusedTimeoutMs);
        }
    }

    /**
     * Whether the instance probed is still the member's and live: a later instance may have taken the
     * name while the probe was out, and the earlier one's silence must not make anyone suspect it.
     */
    private boolean probedInstanceIsLive(Probe p) {
        NodeState target = p.target;
        return table.get(target.name) == target && target.generation == p.generation && target.isLive();
    }

    private void probeSucceeded(Probe p, ProtocolCounters.Count how) {
        counters.increment(how);
        p.acked = true;
        p.cancelTimers();
        health.apply(-1);
        accusers.probeSucceeded(p.target);
    }

    private void concludeProbe(long now) {
        Probe p = probe;
        probe = null;
        if (p.acked) {
            return;
        }
        p.cancelTimers();
        counters.increment(ProtocolCounters.Count.PROBE_FAILED);
        // Missing nacks mean our own links or scheduling are at fault, not the target: Lifeguard
        // counts each one against our health. Without relays we can only count the failure itself.
        int delta = p.expectedNacks > 0 ? p.expectedNacks - p.nacks : 1;
        health.apply(delta);
        NodeState target = p.target;
        if (probedInstanceIsLive(p) && accusers.suspectAfterFailedProbe(target)) {
            transitions.suspectNode(now, new Suspect(target.name, target.generation, target.incarnation,
                    table.self().name));
            if (unreachableTimeoutMs > 0 && p.tcpPinged && !p.connected && p.expectedNacks > 0
                    && p.nacks == p.expectedNacks && health.probesClean()) {
                // Not even the target's host answered our connection, and every relay we asked
                // answered us but not the target: its host is down or cut off, seen from several
                // places. A paused or overloaded process still has a kernel that connects. On a
                // lossy network a lost handshake is common (one in three at 20 % loss) and so is a
                // lost refutation, so the evidence counts only while our own probes have been clean
                // (local health at its best, lateness aside: on a busy host, 50 agents on two
                // cores, timers a little late kept the score up and the evidence off, and the
                // first verdict waited for Lifeguard's 6.8 s floor in one run of three).
                suspicions.unreachable(now, target.name, unreachableTimeoutMs);
            }
        }
    }

    /** The probe in flight; at most one at a time, concluded at the next probe tick. */
    /** A direct ping awaiting its ack: whom it went to, and when (the driver's nanoseconds). */
    record DirectPing(NodeState target, NodeAddress address, long sentNanos) {
    }

    /** The direct ping of our current probe with sequence number {@code seq}, if its ack is still awaited. */
    DirectPing awaitingDirect(long seq) {
        Probe p = probe;
        return p != null && p.seq == seq && !p.acked ? new DirectPing(p.target, p.address, p.sentNanos) : null;
    }

    private static final class Probe {
        final long seq;
        final NodeState target;
        long sentNanos;
        /** The instance probed, and where: the target's record may move to a later instance meanwhile. */
        final long generation;
        final NodeAddress address;
        Timers.Timer timeoutTimer;
        boolean acked;
        /** The probe timeout passed: an ack from now on is counted as indirect. */
        boolean timedOut;
        int expectedNacks;
        int nacks;
        /** The TCP probe was sent, and its connection established (the target's host is up). */
        boolean tcpPinged;
        boolean connected;

        Probe(long seq, NodeState target) {
            this.seq = seq;
            this.target = target;
            this.generation = target.generation;
            this.address = target.address;
        }

        void cancelTimers() {
            if (timeoutTimer != null) {
                timeoutTimer.cancel();
            }
        }
    }
}
