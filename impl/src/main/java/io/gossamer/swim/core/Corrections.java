package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;

import java.util.List;

/**
 * The feedback that mops up gossip's residue: when a datagram brings news about a member older
 * than ours, its sender missed our news, which has probably stopped circulating, so ours is told
 * again. Blind-counter rumor mongering leaves a residue of e^-R; without this, a straggler would
 * only catch up at its next push-pull. Only gossip triggers corrections: push-pull state is a
 * whole view, old news in it is expected and the exchange itself corrects the peer.
 */
final class Corrections {

    private final MemberTable table;
    private final Dissemination dissemination;
    private final LocalMember local;
    private final long probeIntervalMs;
    private final long gossipIntervalMs;
    /** The sender of the datagram being handled; null outside {@link #duringPacket}. */
    private NodeAddress gossipSender;
    private boolean fromGossip;

    Corrections(SwimConfig config, MemberTable table, Dissemination dissemination, LocalMember local) {
        this.table = table;
        this.dissemination = dissemination;
        this.local = local;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.gossipIntervalMs = config.gossipInterval().toMillis();
    }

    /** Runs {@code handling} as the handling of a datagram from {@code from}: news in it may be corrected. */
    void duringPacket(NodeAddress from, Runnable handling) {
        fromGossip = true;
        gossipSender = from;
        try {
            handling.run();
        } finally {
            fromGossip = false;
            gossipSender = null;
        }
    }

    /**
     * A peer gossiped news about {@code n} older than ours: gossip ours again, so the straggler
     * catches up now. Only when we are not already spreading news about {@code n}, so a wave of
     * stale copies cannot keep restarting ours; never for suspicions, which would count as our own
     * accusation. {@code staleSuspicion}: the old news was a suspicion.
     */
    void correct(long now, NodeState n, boolean staleSuspicion) {
        // A shed member is nobody's business here: our LEFT for it is local, never news.
        if (!fromGossip || n.shed) {
            return;
        }
        if (n.state == MemberState.DEAD) {
            correctDead(now, n, staleSuspicion);
            return;
        }
        if (dissemination.spreading(n.name)) {
            return;
        }
        switch (n.state) {
            case ALIVE -> dissemination.broadcast(n.name, n == table.self() ? local.alive()
                    : new Alive(n.name, n.generation, n.incarnation, n.address, n.datacenter, n.role, n.tags), null);
            case LEFT -> dissemination.broadcast(n.name, new Dead(n.name, n.generation, n.incarnation, n.name), null);
            case DEAD, SUSPECT -> { }
        }
    }

    /**
     * Someone still thinks a member alive (or merely suspect) that we have held dead for longer
     * than our own news about it takes to spread, so it is a straggler, not the tail of the wave.
     * Gossiping our verdict would turn holders of an equally recent ALIVE into DEAD without giving
     * the member a chance. Instead we tell the member itself, so that it refutes if it lives; and
     * if the sender already suspects it, we confirm: one independent confirmation shortens the
     * sender's suspicion timeout towards its minimum but never skips it. At most once per member
     * per probe interval, so a wave of stale copies costs little.
     */
    private void correctDead(long now, NodeState n, boolean staleSuspicion) {
        long spread = dissemination.retransmitLimit() * (gossipIntervalMs > 0 ? gossipIntervalMs : probeIntervalMs);
        if (now - n.stateChangedAt < spread || !table.tellNow(n, now, probeIntervalMs)) {
            return;
        }
        dissemination.send(n.address, List.of(new Dead(n.name, n.generation, n.incarnation, table.self().name)));
        if (staleSuspicion && gossipSender != null && !gossipSender.equals(n.address)) {
            dissemination.send(gossipSender, List.of(new Suspect(n.name, n.generation, n.incarnation,
                    table.self().name)));
        }
    }
}
