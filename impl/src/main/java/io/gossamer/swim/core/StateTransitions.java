package io.gossamer.swim.core;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Suspect;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The rules by which news changes a member's state: alive, suspect and dead (a leave is a dead
 * message from the member about itself). News names the member's instance (see
 * {@link InstanceOrder}): a later instance's alive takes the name over, news about an older
 * instance is stale, and within the instance held, the incarnation decides as in memberlist
 * ({@code state.go}): newer news wins; at equal incarnations suspect beats alive and dead beats
 * both; older news is corrected. News about the local member is refuted. Where these depart from
 * memberlist, a comment says why.
 */
final class StateTransitions {

    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final MemberTable table;
    private final ProbeRing ring;
    private final Dissemination dissemination;
    private final LocalMember local;
    private final Suspicions suspicions;
    private final Corrections corrections;
    private final NameClaims claims;
    private final GuardPolicy guard;
    private final NewMembers newMembers;
    /** Told of every death (not leave), to notice a mass failure. */
    private final LongConsumer deaths;
    /** Told of every member held DEAD that proved alive (its own instance refuted), to notice a heal. */
    private final LongConsumer revivals;
    private final long probeIntervalMs;
    private final long reclaimMs;

    StateTransitions(SwimConfig config, MemberTable table, ProbeRing ring, Dissemination dissemination,
                     LocalMember local, Suspicions suspicions, Corrections corrections, NameClaims claims,
                     GuardPolicy guard, NewMembers newMembers, LongConsumer deaths, LongConsumer revivals) {
        this.table = table;
        this.ring = ring;
        this.dissemination = dissemination;
        this.local = local;
        this.suspicions = suspicions;
        this.corrections = corrections;
        this.claims = claims;
        this.guard = guard;
        this.newMembers = newMembers;
        this.deaths = deaths;
        this.revivals = revivals;
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.reclaimMs = config.deadNodeReclaimTime().toMillis();
    }

    /** An alive message, gossiped or merged from a peer's state, that came from {@code source}. */
    void aliveNode(long now, Alive a, NewMembers.Source source) {
        if (guard.refusedRecord(now, a.name(), a.datacenter(), a.role(), "alive message").isPresent()) {
            return;
        }
        NodeState n = table.get(a.name());
        if (n == table.self()) {
            aliveAboutSelf(now, a);
            return;
        }
        if (n != null && !n.vouched && a.address().equals(n.address) && newMembers.vouches(source, n.address)) {
            n.vouched = true;
        }
        if (n != null && n.pruned) {
            int order = InstanceOrder.compare(a.generation(), a.address(), n.generation, n.address);
            if (order < 0 || (order == 0 && a.incarnation() <= n.incarnation)) {
                // Stale news of the forgotten instance, or of an older one. Nobody gossips a forgotten
                // member, so if the instance itself may be speaking, tell it directly: a live member
                // refutes with a later incarnation, which then gets in.
                if (order == 0 && table.tellNow(n, now, probeIntervalMs)) {
                    dissemination.send(n.address, List.of(new Dead(n.name, n.generation, n.incarnation,
                            table.self().name)));
                }
                return;
            }
            // It came back after it was forgotten: for everyone it is a new member.
            table.remove(n);
            n = null;
        }
        // A member the guard shed comes back only if it now belongs here (it rejoined in our
        // datacenter), and then starts over whatever its instance. Switching the guard off does
        // not bring it back: a member that refused us stays refused.
        boolean returning = false;
        if (n != null && n.shed) {
            if (!guard.takesBack(a.name(), a.datacenter(), a.role())) {
                return;
            }
            returning = true;
        }
        boolean laterInstance = false;
        if (n != null && !returning) {
            int order = InstanceOrder.compare(a.generation(), a.address(), n.generation, n.address);
            laterInstance = order > 0;
            if (order < 0) {
                olderInstance(now, n, a);
                return;
            }
            if (order == 0 && a.incarnation() <= n.incarnation) {
                if (a.incarnation() < n.incarnation || !n.isLive()) {
                    corrections.correct(now, n, false);
                }
                return;
            }
            // A later instance takes the name over whatever state the held one is in: a restart is
            // known alive at once, and news about the old instance no longer touches the new one.
        }
        // The held member's name when there is one: its hash is cached, the decoded one's is not.
        suspicions.cancel(n != null ? n.name : a.name());
        MemberState previous = null;
        boolean detailsChanged = false;
        Member before = null;
        if (n == null) {
            if (!newMembers.admit(now, a.name(), source)) {
                return;
            }
            n = new NodeState(a.name(), a.address(), table.shared(a.datacenter()), table.shared(a.role()), a.tags(),
                    a.generation(),
                    a.incarnation(), MemberState.DEAD, now);
            table.add(n);
            n.vouched = newMembers.vouches(source, a.address());
        } else {
            previous = laterInstance && n.isLive() && table.newInstance(n) ? MemberState.DAMPED : n.state;
            detailsChanged = !n.address.equals(a.address()) || !n.tags.equals(a.tags())
                    || !n.datacenter.equals(a.datacenter()) || !n.role.equals(a.role());
            if (detailsChanged) {
                before = table.shownMember(n);
            }
        }
        n.shed = false;
        if (!n.address.host().equals(a.address().host())) {
            n.vouched = newMembers.vouches(source, a.address());
        }
        table.setAddress(n, a.address());
        n.datacenter = table.shared(a.datacenter());
        n.role = table.shared(a.role());
        n.tags = a.tags();
        n.generation = a.generation();
        n.incarnation = a.incarnation();
        table.setState(n, MemberState.ALIVE, now);
        ring.add(n.name);
        dissemination.broadcast(n.name, a, null);
        if (previous == MemberState.DEAD && !laterInstance) {
            revivals.accept(now);
        }
        if (previous == null || previous == MemberState.DEAD || previous == MemberState.LEFT) {
            table.report(MemberChange.Kind.JOINED, n, previous);
        } else if (previous == MemberState.SUSPECT || previous == MemberState.DAMPED) {
            table.report(MemberChange.Kind.ALIVE, n, previous);
        } else if (detailsChanged) {
            table.reportUpdated(n, previous, before);
        } else if (!laterInstance) {
            table.refutedUnseen(n); // flap-damping hook: a refutation of a suspicion we never heard
        }
    }

    /**
     * News of an instance older than the one held: stale gossip, or an older process still running
     * under the name elsewhere. Such a process is told directly what holds its name, so that it
     * learns it lost; if the holder is LEFT, or DEAD for the reclaim time, the older process may
     * have been started with a clock that runs behind, and is told the holder's end instead, above
     * which it starts a later instance.
     */
    private void olderInstance(long now, NodeState n, Alive a) {
        corrections.correct(now, n, false);
        if (a.address().equals(n.address) || !table.tellNow(n, now, probeIntervalMs)) {
            return;
        }
        if (n.isLive()) {
            dissemination.send(a.address(), List.of(new Alive(n.name, n.generation, n.incarnation, n.address,
                    n.datacenter, n.role, n.tags)));
        } else if (n.state == MemberState.LEFT || now - n.stateChangedAt >= reclaimMs) {
            dissemination.send(a.address(), List.of(new Dead(n.name, n.generation, n.incarnation,
                    n.state == MemberState.LEFT ? n.name : table.self().name)));
        }
    }

    /** Someone announces our name: an older instance, a later one (we lost the name), or us. */
    private void aliveAboutSelf(long now, Alive a) {
        NodeState self = table.self();
        if (local.leaving()) {
            return;
        }
        int order = InstanceOrder.compare(a.generation(), a.address(), self.generation, self.address);
        if (order < 0) {
            // An older instance: stale news, or a process started before us under our name. Ours is
            // told again; such a process hears it from us and learns it lost.
            corrections.correct(now, self, false);
            if (!a.address().equals(self.address) && table.tellNow(self, now, probeIntervalMs)) {
                dissemination.send(a.address(), List.of(local.alive()));
            }
            return;
        }
        if (order > 0) {
            if (a.address().equals(self.address)) {
                // Our predecessor here, started when the clock read later than at our start.
                local.regenerate(a.generation());
            } else {
                claims.claimed(now, a);
            }
            return;
        }
        boolean sameAsUs = a.tags().equals(self.tags) && a.datacenter().equals(self.datacenter)
                && a.role().equals(self.role);
        if (a.incarnation() < self.incarnation) {
            corrections.correct(now, self, false);
        } else if (a.incarnation() > self.incarnation || !sameAsUs) {
            // Our own instance with newer or different details (ours from before a rename of tags
            // that we lost, or a forgery): out-announce it.
            local.refute(now, a.incarnation(), LocalRefutation.Claim.OTHER_DETAILS, null);
        }
    }

    /** An accusation: gossiped, merged from a peer's state, or our own probe's conclusion. */
    void suspectNode(long now, Suspect s) {
        NodeState self = table.self();
        NodeState n = table.get(s.name());
        if (n == null || n.pruned || otherInstance(now, n, s.generation(), true)) {
            return;
        }
        if (s.incarnation() < n.incarnation) {
            corrections.correct(now, n, true);
            return;
        }
        if (suspicions.contains(s.name())) {
            if (s.incarnation() > n.incarnation) {
                // The suspect refuted the suspicion we hold (we missed its alive) and is accused
                // anew. Our timer counts from an accusation it answered, and confirmations of the
                // new one would not count against it: it could run out in the suspect's next
                // silence, sooner than any member's new suspicion. Start over from this one.
                suspicions.cancel(s.name());
                n.incarnation = s.incarnation();
                dissemination.broadcast(n.name, s, null);
                suspicions.start(now, n, s);
                return;
            }
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
                local.refute(now, s.incarnation(), LocalRefutation.Claim.SUSPECT, s.from());
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
        if (d.generation() > n.generation && n != self) {
            // A later instance than ours ended: whatever we hold under the name is gone too.
            n.generation = d.generation();
            n.incarnation = d.incarnation();
        } else if (otherInstance(now, n, d.generation(), false)) {
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
                local.refute(now, d.incarnation(), LocalRefutation.Claim.DEAD, d.from());
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
            if (!d.from().equals(self.name)) {
                LOG.log(Level.DEBUG, "{0}: {1} dead, as {2} says ({3} before)", self.name, n.name, d.from(), previous);
            }
            deaths.accept(now);
        }
    }

    /**
     * Whether suspect or dead news names another instance than the one held (it then does not
     * apply). News of an older instance is stale: ours is told again. News of a later instance of
     * our own name means a later start of it was suspected or ended, or a predecessor whose clock
     * ran ahead of ours: we start a later instance still, which every node then holds.
     */
    private boolean otherInstance(long now, NodeState n, long generation, boolean suspicion) {
        if (generation == n.generation) {
            return false;
        }
        if (generation < n.generation) {
            corrections.correct(now, n, suspicion);
        } else if (n == table.self() && !local.leaving()) {
            local.regenerate(generation);
        }
        return true;
    }
}
