package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the application sees of members whose state keeps flipping: flap damping between the
 * protocol's transitions and the changes reported to the driver.
 *
 * <p>The protocol keeps running on every member as before: a damped member is still probed,
 * suspected and refuted, and its news gossiped; only the reported view changes. A refuted
 * suspicion is a flap ({@link FlapDamping}); at the flap that damps a member, the change reported
 * is {@link MemberChange.Kind#DAMPED} instead of {@code ALIVE}, and from then on the member is
 * shown {@link MemberState#DAMPED}: its suspicions and refutations are not reported. Its death or
 * departure is: a death as a suspicion and the death at the same instant (every death is preceded by
 * a suspicion), a departure as LEFT; either ends the damping. Once the penalty has decayed (no flap
 * for a while) and the member is ALIVE, it is released with an {@code ALIVE} change.
 *
 * <p>The local member is never damped in its own view, but its own refutations are counted with the
 * same penalty: when they would damp it at its peers, it knows it is damped in their eyes
 * ({@link #selfDamped()}).
 */
final class DampedView {

    private final ProtocolCounters counters;
    private final FlapDamping damping;
    private final Timers timers;
    private final CoreOutput out;
    private final String selfName;
    /** How long a release waits for a suspected member's suspicion to end. */
    private final long retryMs;
    /** Damped members (the local one included) and the timer that will try to release each. */
    private final Map<String, Timers.Timer> releases = new HashMap<>();
    private final Map<String, NodeState> dampedNodes = new HashMap<>();
    /**
     * When each member now suspected was suspected. A flap counts from the suspicion, not from its
     * refutation: a suspicion that lingered at this node (it missed the refutation, and learns it
     * only at the suspicion's last look) must not extend the damping of a member that has long
     * stopped flapping.
     */
    private final Map<String, Long> suspectedAt = new HashMap<>();
    private MemberTable table;
    private boolean selfDamped;

    /**
     * The penalty's half-life in probe intervals. A flaky member is suspected about once per few
     * probe intervals whatever the cluster's size (each probe interval, some member probes it), so
     * 20 keeps it damped across the gaps between its flaps, and a member damped at the ceiling is
     * released 2 half-lives (40 probe intervals, 40 s on LAN) after its last flap.
     */
    static final int HALF_LIFE_PROBE_INTERVALS = 20;

    DampedView(SwimConfig config, Timers timers, CoreOutput out, ProtocolCounters counters) {
        this.counters = counters;
        long probeIntervalMs = config.probeInterval().toMillis();
        this.damping = new FlapDamping(HALF_LIFE_PROBE_INTERVALS * probeIntervalMs);
        this.selfName = config.name();
        this.retryMs = probeIntervalMs;
        this.timers = timers;
        this.out = out;
    }

    /** The table whose changes this view reports. */
    void attach(MemberTable table) {
        this.table = table;
    }

    /** Whether {@code n} is shown DAMPED. */
    boolean damped(NodeState n) {
        // Nearly always nobody is damped: no hash of the name then. Every published view asks this of
        // every member (7 % of the CPU of 500 nodes joining at once, mostly cache misses on the names).
        return !dampedNodes.isEmpty() && dampedNodes.get(n.name) == n;
    }

    /** {@code n} as the application sees it: DAMPED while damped and live. */
    Member shown(NodeState n, Member m) {
        return damped(n) && n.isLive() ? m.withState(MemberState.DAMPED) : m;
    }

    /** Whether the local member refuted so often that its peers hold it damped. */
    boolean selfDamped() {
        return selfDamped;
    }

    /** The local member refuted a suspicion at {@code now}. */
    void selfRefuted(long now) {
        if (damping.flap(selfName, now) && !selfDamped) {
            selfDamped = true;
            scheduleRelease(selfName, damping.reusableAt(selfName));
        }
    }

    /**
     * Reports {@code change} of {@code n}, as the application is to see it. A change of a damped
     * member, or the flap that damps it, is rewritten or withheld here.
     */
    void report(MemberChange change, NodeState n) {
        counters.suspicion(change);
        if (n == table.self()) {
            out.memberChanged(change);
            return;
        }
        MemberState previous = change.previous().orElse(null);
        long flapAt = n.stateChangedAt;
        // A suspicion ended by a later instance taking the name (a restart) is no flap: see newInstance.
        boolean refuted = false;
        if (change.kind() == MemberChange.Kind.SUSPECTED) {
            suspectedAt.put(n.name, n.stateChangedAt);
        } else {
            Long since = suspectedAt.remove(n.name);
            if (since != null) {
                flapAt = since;
                refuted = previous == MemberState.SUSPECT;
            }
        }
        if (!damped(n)) {
            if (change.kind() == MemberChange.Kind.ALIVE && refuted && damping.flap(n.name, flapAt)) {
                dampedNodes.put(n.name, n);
                scheduleRelease(n.name, damping.reusableAt(n.name));
                out.memberChanged(new MemberChange(MemberChange.Kind.DAMPED,
                        change.member().withState(MemberState.DAMPED), change.previous()));
                return;
            }
            if (change.kind() == MemberChange.Kind.JOINED) {
                damping.forget(n.name); // a new life, or a member that came back from the dead
            }
            out.memberChanged(change);
            return;
        }
        Optional<MemberState> wasDamped = Optional.of(MemberState.DAMPED);
        switch (change.kind()) {
            case SUSPECTED -> {
                // still reported by the protocol, withheld from the application while damped
            }
            case ALIVE -> {
                if (refuted) {
                    damping.flap(n.name, flapAt);
                }
            }
            case UPDATED -> out.memberChanged(MemberChange.updated(change.member().withState(MemberState.DAMPED),
                    wasDamped, change.before().orElseThrow().withState(MemberState.DAMPED)));
            case DEAD -> {
                undamp(n.name);
                out.memberChanged(new MemberChange(MemberChange.Kind.SUSPECTED,
                        change.member().withState(MemberState.SUSPECT), wasDamped));
                out.memberChanged(change);
            }
            case LEFT -> {
                undamp(n.name);
                out.memberChanged(MemberChange.left(change.member(), wasDamped, change.leftReason().orElseThrow()));
            }
            default -> {
                // JOINED and DAMPED cannot follow DAMPED (a member leaves the damping by DEAD or LEFT)
                undamp(n.name);
                out.memberChanged(change);
            }
        }
    }

    /**
     * {@code n} refuted a suspicion this node never heard (it learnt only the later incarnation):
     * a flap all the same. Without it, an observer that happens to hear the refutations of a flaky
     * member before the suspicions would release it, and report its next flips.
     */
    void refutedUnseen(NodeState n) {
        if (n == table.self()) {
            return;
        }
        boolean wasDamped = damped(n);
        if (damping.flap(n.name, n.stateChangedAt) && !wasDamped) {
            dampedNodes.put(n.name, n);
            scheduleRelease(n.name, damping.reusableAt(n.name));
            out.memberChanged(new MemberChange(MemberChange.Kind.DAMPED, table.shownMember(n),
                    Optional.of(MemberState.ALIVE)));
        }
    }

    /**
     * A later instance of {@code n}'s name took it over (a restart): the earlier instance's flaps
     * and suspicion are not the new one's. Returns whether the application saw {@code n} DAMPED,
     * so that the change reported next says so as its previous state.
     */
    boolean newInstance(NodeState n) {
        boolean wasDamped = damped(n);
        suspectedAt.remove(n.name);
        undamp(n.name);
        return wasDamped;
    }

    private void undamp(String name) {
        dampedNodes.remove(name);
        damping.forget(name);
        Timers.Timer t = releases.remove(name);
        if (t != null) {
            t.cancel();
        }
    }

    private void scheduleRelease(String name, long at) {
        Timers.Timer old = releases.put(name, timers.schedule(at, now -> tryRelease(name, now)));
        if (old != null) {
            old.cancel();
        }
    }

    private void tryRelease(String name, long now) {
        releases.remove(name);
        if (!damping.damped(name)) {
            return;
        }
        long at = damping.reusableAt(name);
        if (at > now) {
            scheduleRelease(name, at); // it flapped again meanwhile
            return;
        }
        NodeState n = dampedNodes.get(name);
        if (n != null && n.state == MemberState.SUSPECT) {
            // Released into a suspicion, it would only flap again: wait for the suspicion to end.
            scheduleRelease(name, now + retryMs);
            return;
        }
        damping.release(name, now);
        if (name.equals(selfName)) {
            selfDamped = false;
            return;
        }
        dampedNodes.remove(name);
        if (n != null && n.state == MemberState.ALIVE && table.get(name) == n) {
            out.memberChanged(new MemberChange(MemberChange.Kind.ALIVE, table.shownMember(n),
                    Optional.of(MemberState.DAMPED)));
        }
    }
}
