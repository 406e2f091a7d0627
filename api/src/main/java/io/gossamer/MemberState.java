package io.gossamer;

/**
 * Where a member stands in the local node's view.
 *
 * <p>The order of the constants is not meaningful; transitions are driven by incarnation numbers,
 * not by comparing states.
 */
public enum MemberState {
    /** The member answers probes, or someone vouched for it with a fresh incarnation. */
    ALIVE,
    /** A probe failed; the member has until its suspicion timeout to refute. */
    SUSPECT,
    /** The suspicion timed out without a refutation: the member is considered crashed. */
    DEAD,
    /** The member announced its departure (or was force-left); it is not probed or reconnected. */
    LEFT,
    /**
     * The member is alive, but its state kept flipping between suspected and alive (a flaky link,
     * a member that keeps refuting suspicions): the local node no longer reports each flip, and
     * holds the member here until it has been stable for a while. It is not among the alive
     * members. A damped member that dies or leaves is still reported (suspected then DEAD, or LEFT);
     * one that settles becomes ALIVE again. See {@link MemberDamped}.
     */
    DAMPED
}
