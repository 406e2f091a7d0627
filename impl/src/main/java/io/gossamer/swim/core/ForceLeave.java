package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Forget;

/**
 * Serf's force-leave and its prune: an operator declares a dead member gone for good. The leave
 * is written on the member's behalf, so every peer records it LEFT and stops reconnecting to it;
 * a prune then makes every peer forget it, through a {@link Forget} that is gossiped like any
 * news. A forgotten member stays as a tombstone, so stale news cannot bring it back.
 */
final class ForceLeave {

    private final MemberTable table;
    private final StateTransitions transitions;
    private final Dissemination dissemination;

    ForceLeave(MemberTable table, StateTransitions transitions, Dissemination dissemination) {
        this.table = table;
        this.transitions = transitions;
        this.dissemination = dissemination;
    }

    /**
     * Force-leaves DEAD member {@code name} and, with {@code prune}, has it forgotten (a LEFT
     * member can be pruned too); see {@link SwimCore#forceLeave}.
     *
     * @throws IllegalArgumentException if the member is unknown (or already pruned)
     * @throws IllegalStateException    if it is the local member or is neither DEAD nor LEFT
     */
    void forceLeave(long now, String name, boolean prune) {
        NodeState n = table.get(name);
        if (n == null || n.pruned) {
            throw new IllegalArgumentException("no member named '" + name + "' is known");
        }
        if (n == table.self()) {
            throw new IllegalStateException("the local member leaves with leave(), not forceLeave()");
        }
        if (n.state == MemberState.LEFT) {
            if (prune) {
                prune(n, new Forget(n.name, n.generation, n.incarnation));
            }
            return;
        }
        if (n.state != MemberState.DEAD) {
            throw new IllegalStateException("'" + name + "' is " + n.state + ": only a DEAD member can be force-left");
        }
        // The member's own leave message, written on its behalf: every peer then records LEFT.
        transitions.deadNode(now, new Dead(name, n.generation, n.incarnation, name));
        if (prune) {
            prune(n, new Forget(n.name, n.generation, n.incarnation));
        }
    }

    /**
     * Forgets a member force-left with prune elsewhere: records it LEFT first if we had not (the
     * leave news may have been overtaken), then hides it and passes the news on.
     */
    void forgetNode(long now, Forget f) {
        NodeState n = table.get(f.name());
        if (n == null || n == table.self() || n.pruned || f.generation() < n.generation
                || (f.generation() == n.generation && f.incarnation() < n.incarnation)) {
            return;
        }
        if (n.state != MemberState.LEFT) {
            transitions.deadNode(now, new Dead(n.name, f.generation(), f.incarnation(), n.name));
        }
        if (n.state == MemberState.LEFT) {
            prune(n, f);
        }
    }

    private void prune(NodeState n, Forget f) {
        table.prune(n);
        // Replaces the leave news queued for this member: a Forget carries the leave too.
        dissemination.broadcast(n.name, f, null);
    }
}
