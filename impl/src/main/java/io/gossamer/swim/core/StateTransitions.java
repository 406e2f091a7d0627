package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The rules by which news changes a member's state: alive, suspect and dead (a leave is a dead
 * message from the member about itself), each against the incarnation we hold. Newer news wins;
 * at equal incarnations suspect beats alive and dead beats both; older news is corrected. News
 * about the local member is refuted. These follow memberlist ({@code state.go}); where they
 * depart from it, a comment says why.
 */
final class StateTransitions {

    /** The whole core logs under one name, the one operators know. */
    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final MemberTable table;
    private final ProbeRing ring;
    private final Dissemination dissemination;
    private final LocalMember local;
    private final Suspicions suspicions;
    private final ContestedNames contested;
    private final Corrections corrections;
    private final GuardPolicy guard;
    /** Told of every death (not leave), to notice a mass failure. */
    private final LongConsumer deaths;
    private final long probeIntervalMs;
    private final long reclaimMs;

    StateTransitions(SwimConfig config, MemberTable table, ProbeRing ring, Dissemination dissemination,
                     LocalMember local, Suspicions suspicions, ContestedNames contested, Corrections corrections,
                     GuardPolicy guard, LongConsumer deaths) {
        this.table = table;
        this.ring = ring;
        this.dissemination = dissemination;
        this.local = local;
        this.suspicions = suspicions;
        this.contested = contested;
        this.corrections = corrections;
        this.guard = guard;
        this.deaths = deaths;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.reclaimMs = config.deadNodeReclaimTime().toMillis();
    }

    /** An alive message, gossiped, merged from a peer's state, or a contested claim now applied. */
    void aliveNode(long now, Alive a) {
        NodeState self = table.self();
        if (guard.refusedRecord(now, a.name(), a.datacenter(), a.role(), "alive message").isPresent()) {
            return;
        }
        NodeState n = table.get(a.name());
        if (n == self) {
            if (local.leaving()) {
                return;
            }
            boolean sameAsUs = a.address().equals(self.address) && a.tags().equals(self.tags)
                    && a.datacenter().equals(self.datacenter) && a.role().equals(self.role);
            if (a.incarnation() < self.incarnation) {
                corrections.correct(now, self, false);
                return;
            }
            if (a.incarnation() == self.incarnation && sameAsUs) {
                return;
            }
            // Someone announces our name with newer or different details (a stale copy of us from
            // before a restart, or an impostor): out-announce it.
            local.refute(now, a.incarnation());
            return;
        }
        if (n != null && n.pruned) {
            if (a.incarnation() <= n.incarnation && a.address().equals(n.address)) {
                // Stale news, or the member restarted where it was: nobody gossips a forgotten
                // member, so tell that address directly; a live member refutes with a later
                // incarnation, which then gets in.
                if (n.toldDeadAt == Long.MIN_VALUE || now - n.toldDeadAt >= probeIntervalMs) {
                    n.toldDeadAt = now;
                    dissemination.send(n.address, List.of(new Dead(n.name, n.incarnation, self.name)));
                }
                return;
            }
            // It came back after it was forgotten: for everyone it is a new member.
            table.remove(n);
            n = null;
        }
        boolean addressChange = false;
        // A member the guard shed comes back only if it now belongs here (it rejoined in our
        // datacenter), and then starts over whatever its incarnation. Switching the guard off
        // does not bring it back: a member that refused us stays refused.
        boolean returning = false;
        if (n != null && n.shed) {
            if (!guard.takesBack(a.name(), a.datacenter(), a.role())) {
                return;
            }
            returning = true;
        }
        if (n != null && !returning && !n.address.equals(a.address())) {
            boolean reclaimable = n.state == MemberState.LEFT
                    || (n.state == MemberState.DEAD && now - n.stateChangedAt >= reclaimMs);
            if (!reclaimable) {
                LOG.log(Level.DEBUG, "{0} announced at {1} while known {2} at {3}: ignored for now",
                        a.name(), a.address(), n.state, n.address);
                contested.hold(a);
                return;
            }
            if (a.incarnation() <= n.incarnation) {
                // A successor must outnumber its predecessor: news of the predecessor's end (its
                // leave, still gossiped for a while) carries no address, and at an equal
                // incarnation it would end the successor too. Told what to exceed, it refutes.
                tellClaimant(now, n, a.address());
                return;
            }
            addressChange = true;
            // The predecessor's departure news stays queued beside the successor's: a member that
            // has not heard it yet still holds the old address alive, and would refuse the
            // successor until probing declared the old address dead.
            dissemination.keepUnreplaced(n.name);
        }
        if (n != null && !addressChange && !returning && a.incarnation() <= n.incarnation) {
            if (a.incarnation() < n.incarnation || !n.isLive()) {
                corrections.correct(now, n, false);
            }
            return;
        }
        suspicions.cancel(a.name());
        contested.drop(a.name());
        MemberState previous = null;
        boolean detailsChanged = false;
        if (n == null) {
            n = new NodeState(a.name(), a.address(), a.datacenter(), a.role(), a.tags(), a.incarnation(),
                    MemberState.DEAD, now);
            table.add(n);
        } else {
            previous = n.state;
            detailsChanged = addressChange || !n.tags.equals(a.tags()) || !n.datacenter.equals(a.datacenter())
                    || !n.role.equals(a.role());
        }
        n.shed = false;
        n.address = a.address();
        n.datacenter = a.datacenter();
        n.role = a.role();
        n.tags = a.tags();
        n.incarnation = a.incarnation();
        table.setState(n, MemberState.ALIVE, now);
        ring.add(n.name);
        dissemination.broadcast(n.name, a, null);
        if (previous == null || previous == MemberState.DEAD || previous == MemberState.LEFT) {
            table.report(MemberChange.Kind.JOINED, n, previous);
        } else if (previous == MemberState.SUSPECT) {
            table.report(MemberChange.Kind.ALIVE, n, previous);
        } else if (detailsChanged) {
            table.report(MemberChange.Kind.UPDATED, n, previous);
        } else {
            table.refutedUnseen(n); // flap-damping hook: a refutation of a suspicion we never heard
        }
    }

    /** An accusation: gossiped, merged from a peer's state, or our own probe's conclusion. */
    void suspectNode(long now, Suspect s) {
        NodeState self = table.self();
        NodeState n = table.get(s.name());
        if (n == null || n.pruned) {
            return;
        }
        if (s.incarnation() < n.incarnation) {
            corrections.correct(now, n, true);
            return;
        }
        if (suspicions.contains(s.name())) {
            if (suspicions.confirm(now, s)) {
                // Re-gossip independent confirmations so every suspecting member shortens its timer.
                dissemination.broadcast(s.name(), s, null);
            }
            return;
        }
        if (n.state != MemberState.ALIVE) {
            if (!n.isLive() && s.incarnation() <= n.incarnation) {
                corrections.correct(now, n, true);
            }
            return;
        }
        if (n == self) {
            if (!local.leaving()) {
                local.refute(now, s.incarnation());
            }
            return;
        }
        dissemination.broadcast(n.name, s, null);
        n.incarnation = s.incarnation();
        table.setState(n, MemberState.SUSPECT, now);
        table.report(MemberChange.Kind.SUSPECTED, n, MemberState.ALIVE);
        // Tell the suspect itself at once instead of waiting for gossip to reach it.
        dissemination.send(n.address, List.of(s));
        suspicions.start(now, n, s);
    }

    /** A death or, from the member itself, a leave: gossiped, merged, or our own verdict. */
    void deadNode(long now, Dead d) {
        NodeState self = table.self();
        NodeState n = table.get(d.name());
        if (n == null || n.pruned) {
            return;
        }
        if (d.incarnation() < n.incarnation) {
            corrections.correct(now, n, false);
            return;
        }
        if (n.state == MemberState.LEFT || (n.state == MemberState.DEAD && !d.isLeave())) {
            if (n.state == MemberState.LEFT && !d.isLeave()) {
                corrections.correct(now, n, false);
            }
            return;
        }
        if (n == self) {
            if (!local.leaving()) {
                local.refute(now, d.incarnation());
            }
            return;
        }
        suspicions.cancel(n.name);
        dissemination.broadcast(n.name, d, null);
        MemberState previous = n.state;
        n.incarnation = d.incarnation();
        // Unlike memberlist, a leave that arrives after we declared the member dead still upgrades
        // it to LEFT: it tells operators the departure was intended and stops reconnect attempts.
        MemberState next = d.isLeave() ? MemberState.LEFT : MemberState.DEAD;
        if (next == MemberState.DEAD && previous == MemberState.ALIVE) {
            // The news of the death outran the suspicion: record the suspicion first, so that every
            // observer sees a member suspected before it is declared dead.
            table.setState(n, MemberState.SUSPECT, now);
            table.report(MemberChange.Kind.SUSPECTED, n, previous);
            previous = MemberState.SUSPECT;
        }
        table.setState(n, next, now);
        table.report(next == MemberState.LEFT ? MemberChange.Kind.LEFT : MemberChange.Kind.DEAD, n, previous);
        if (next == MemberState.DEAD) {
            deaths.accept(now);
        }
        if (next == MemberState.LEFT || reclaimMs == 0) {
            applyContestedClaim(now, n.name);
        }
    }

    /** Applies the claim held for {@code name}, if any: its holder is gone. */
    void applyContestedClaim(long now, String name) {
        Alive claim = contested.take(name);
        if (claim != null) {
            aliveNode(now, claim);
        }
    }

    /**
     * Tells a member announcing itself at a new address that its name is held here as LEFT or DEAD
     * at {@code n}'s incarnation, so that it refutes with a later one. At most once per member per
     * probe interval: a wave of stale copies of the announcement costs one datagram.
     */
    private void tellClaimant(long now, NodeState n, NodeAddress claimant) {
        if (n.toldDeadAt != Long.MIN_VALUE && now - n.toldDeadAt < probeIntervalMs) {
            return;
        }
        n.toldDeadAt = now;
        dissemination.send(claimant, List.of(new Dead(n.name, n.incarnation,
                n.state == MemberState.LEFT ? n.name : table.self().name)));
    }
}
