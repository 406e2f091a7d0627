package io.gossamer.swim.core;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.WireLimits;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local member's own news: its first alive, refutations of what others say about it, new
 * tags, and its leave. Only this node may raise its incarnation, and it does so here.
 */
final class LocalMember {

    /** The whole core logs under one name, the one operators know. */
    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final SwimConfig config;
    private final MemberTable table;
    private final Dissemination dissemination;
    private final LocalHealth health;
    private final CoreOutput out;
    private final PacketCodec sizing;
    private final DampedView view;
    private final ProtocolCounters counters;
    private boolean leaving;
    /** Set when a later instance took our name. */
    private NodeAddress nameHolder;

    /** @throws IllegalArgumentException if the configured tags are too large */
    LocalMember(SwimConfig config, MemberTable table, Dissemination dissemination, LocalHealth health,
                CoreOutput out, PacketCodec sizing, DampedView view, ProtocolCounters counters) {
        this.config = config;
        this.table = table;
        this.dissemination = dissemination;
        this.health = health;
        this.out = out;
        this.counters = counters;
        this.sizing = sizing;
        this.view = view;
        WireLimits.checkTags(config.tags());
        checkFits(config.tags());
    }

    /**
     * The local member becomes ALIVE (a JOINED change) and announces itself as instance
     * {@code generation} of its name.
     */
    void start(long now, long generation) {
        NodeState self = new NodeState(config.name(), config.advertise(), config.datacenter(), config.role(),
                config.tags(), generation, 0, MemberState.ALIVE, now);
        table.addSelf(self);
        table.report(MemberChange.Kind.JOINED, self, null);
        dissemination.broadcast(self.name, alive(), null);
    }

    /**
     * Whether the local member has left, or lost its name to a later instance: it then neither
     * probes, reconnects nor refutes.
     */
    boolean leaving() {
        return leaving;
    }

    /** The local member's alive message as of now. */
    Alive alive() {
        NodeState self = table.self();
        return new Alive(self.name, self.generation, self.incarnation, self.address, self.datacenter, self.role,
                self.tags);
    }

    /**
     * {@code accuser} (null for news of other details) claimed {@code claimed} of us at
     * {@code accusedIncarnation}: out-announce it, and tell the driver.
     */
    void refute(long now, long accusedIncarnation, LocalRefutation.Claim claimed, String accuser) {
        NodeState self = table.self();
        self.incarnation = Math.max(self.incarnation + 1, accusedIncarnation + 1);
        // Having to refute means our answers did not get through in time: likely our fault.
        health.apply(1);
        // Our peers count this refutation as a flap of ours: count it the same way, to know when
        // they hold us damped.
        view.selfRefuted(now);
        dissemination.broadcast(self.name, alive(), null);
        counters.refuted(claimed);
        out.refuted(table.localMember(), claimed, Optional.ofNullable(accuser));
    }

    /**
     * News names a later instance of our name at our own address: our predecessor here, started
     * when the wall clock read later than at our start (it was set back). We become a later
     * instance still, at incarnation 0, so that no news about the predecessor applies to us.
     */
    void regenerate(long laterGeneration) {
        if (leaving || laterGeneration == Long.MAX_VALUE) {
            // Left meanwhile; or a claim no clock can follow (a forgery): nothing to announce above it.
            return;
        }
        NodeState self = table.self();
        self.generation = laterGeneration + 1;
        self.incarnation = 0;
        dissemination.broadcast(self.name, alive(), null);
    }

    /**
     * A later instance of our name runs at another address ({@code holder}): it holds the name, and
     * every node that hears of it drops us. We stop taking part, without a leave (a leave of ours
     * would not apply to the holder anyway), and record our member LEFT with
     * {@link MemberLeft.Reason#NAME_CONFLICT}, saying who holds the name.
     */
    void nameTaken(long now, Alive holder) {
        leaving = true;
        NodeState self = table.self();
        nameHolder = holder.address();
        LOG.log(Level.WARNING, "the name {0} is held by a later instance at {1}: this instance ({2}) "
                + "stops taking part; give each process its own name", self.name, holder.address(), self.address);
        dissemination.remove(self.name);
        MemberState previous = self.state;
        table.setState(self, MemberState.LEFT, now);
        table.reportLeft(self, previous, MemberLeft.Reason.NAME_CONFLICT);
    }

    /** The address of the later instance that took our name, if one did. */
    Optional<NodeAddress> nameHolder() {
        return Optional.ofNullable(nameHolder);
    }

    /** Replaces the local member's tags and announces them with a new incarnation. */
    void updateTags(Map<String, String> tags) {
        WireLimits.checkTags(tags);
        checkFits(tags);
        if (leaving) {
            throw new IllegalStateException("the local member has left");
        }
        NodeState self = table.self();
        Member before = table.localMember();
        self.tags = Map.copyOf(tags);
        self.incarnation++;
        dissemination.broadcast(self.name, alive(), null);
        table.reportUpdated(self, MemberState.ALIVE, before);
    }

    /**
     * Records the local member LEFT and gossips its departure; {@link CoreOutput#leaveFinished()}
     * is called once that has been sent enough times, or at once if nobody is left to tell.
     */
    void leave(long now) {
        if (nameHolder != null) {
            // Our name is another instance's: there is nobody to tell, and we are LEFT already.
            out.leaveFinished();
            return;
        }
        leaving = true;
        NodeState self = table.self();
        MemberState previous = self.state;
        table.setState(self, MemberState.LEFT, now);
        table.report(MemberChange.Kind.LEFT, self, previous);
        // A departure is a dead message from the member about itself: peers record LEFT, not DEAD.
        Dead goodbye = new Dead(self.name, self.generation, self.incarnation, self.name);
        if (table.liveCount() == 0) {
            out.leaveFinished();
            return;
        }
        boolean[] done = {false};
        dissemination.broadcast(self.name, goodbye, () -> {
            if (!done[0]) {
                done[0] = true;
                out.leaveFinished();
            }
        });
        // Gossip leaves a residue: now and then a member misses the leave, and since the leaver is
        // gone, only its own probe of the leaver (up to n probe intervals away) then its suspicion
        // would end it (seen: 2 of 1,000 seeds with a member not LEFT 10 s after a leave, at 20
        // members). One datagram to each live member, once, closes that gap; gossip still covers
        // what is lost on the way.
        // (Sent bare: piggybacked news would spend the goodbye's own transmissions in this loop.)
        for (NodeState n : table.all()) {
            if (n != self && n.isLive()) {
                out.sendPacket(n.address, List.of(goodbye));
            }
        }
        dissemination.gossip(now);
    }

    /** News that fits no datagram could never spread: refuse it up front. */
    private void checkFits(Map<String, String> tags) {
        Alive alive = new Alive(config.name(), Long.MAX_VALUE >>> 1, Long.MAX_VALUE >>> 1, config.advertise(),
                config.datacenter(), config.role(), tags);
        int size = sizing.framedSize(alive);
        if (size > sizing.capacity()) {
            throw new IllegalArgumentException("this member's alive message takes " + size + " bytes but a "
                    + config.packetSize() + "-byte packet has room for " + sizing.capacity()
                    + ": shorten the name, datacenter, role or tags, or raise packet-size");
        }
    }
}
