package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.Message.Suspect;

import java.util.HashMap;
import java.util.Map;

/**
 * Whose accusations raise suspicions. A member that is itself unhealthy (a flaky link, a stalled
 * process) fails its probes for its own reasons, and every suspicion it raises of a healthy member
 * costs the whole cluster a suspicion and a refutation. So:
 * <ul>
 * <li>the local node, while its own local health score is at its worst, does not suspect a member
 *     at its first failed probe: it counts the failure, and suspects the member only once
 *     {@link #FAILURES_WHEN_UNHEALTHY} probes of it in a row have failed (a node whose peers all
 *     died still ends up suspecting them, later);</li>
 * <li>a suspicion received from a member this node holds SUSPECT, DEAD or LEFT, or damped, is
 *     ignored: it is neither recorded, nor gossiped on, nor counted as a confirmation. A suspicion
 *     of the local member itself is still refuted, whoever sends it: left unanswered, the accuser
 *     would declare it dead.</li>
 * </ul>
 */
final class Accusers {

    /**
     * Failed probes in a row before an unhealthy node suspects a member. Three failures of an
     * unhealthy prober happen to a healthy target rarely enough (at 80 % inbound loss, about one
     * probe in ten), while a dead target fails every one.
     */
    static final int FAILURES_WHEN_UNHEALTHY = 3;

    private final MemberTable table;
    private final LocalHealth health;
    private final int worstScore;
    /** Failed probes in a row, by target, counted only while unhealthy. */
    private final Map<String, Integer> failures = new HashMap<>();
    private long withheld;
    private long ignored;

    Accusers(MemberTable table, LocalHealth health, int localHealthMaxMultiplier) {
        this.table = table;
        this.health = health;
        this.worstScore = localHealthMaxMultiplier - 1;
    }

    /** Whether the local node is unhealthy enough that its failed probes are only counted. */
    boolean unhealthy() {
        // With a multiplier of 1 or 2 the score says too little to silence a prober.
        return worstScore >= 2 && health.score() >= worstScore;
    }

    /** Our probe of {@code target} failed: whether to suspect it now. */
    boolean suspectAfterFailedProbe(NodeState target) {
        if (!unhealthy()) {
            failures.remove(target.name);
            return true;
        }
        int inARow = failures.merge(target.name, 1, Integer::sum);
        if (inARow >= FAILURES_WHEN_UNHEALTHY) {
            failures.remove(target.name);
            return true;
        }
        withheld++;
        return false;
    }

    /** Our probe of {@code target} succeeded. */
    void probeSucceeded(NodeState target) {
        failures.remove(target.name);
    }

    /** Whether to ignore {@code s}, a suspicion received from another member. */
    boolean ignores(Suspect s) {
        NodeState self = table.self();
        if (s.from().equals(self.name) || s.name().equals(self.name)) {
            return false;
        }
        NodeState accuser = table.get(s.from());
        if (accuser == null || (accuser.state == MemberState.ALIVE && !table.damped(accuser))) {
            return false;
        }
        ignored++;
        return true;
    }

    /** Suspicions the local node did not raise after a failed probe because it was unhealthy. */
    long withheld() {
        return withheld;
    }

    /** Suspicions received from unhealthy accusers and ignored. */
    long ignored() {
        return ignored;
    }
}
