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
    LEFT
}
