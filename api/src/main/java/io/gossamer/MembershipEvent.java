package io.gossamer;

import java.time.Instant;
import java.util.Optional;

/**
 * A transition of one member in the local node's view.
 *
 * <p>Every event carries the member as it is after the transition, its state before it (empty
 * when the member was not known), the pool in which it happened and when the local node
 * recorded it.
 */
public sealed interface MembershipEvent
        permits MemberJoined, MemberSuspected, MemberAlive, MemberDead, MemberLeft, MemberUpdated {

    /** The member as it is after the transition. */
    Member member();

    /** The member's state before the transition; empty if the member was unknown. */
    Optional<MemberState> previousState();

    /** The pool the transition happened in. */
    Pool pool();

    /** When the local node recorded the transition. */
    Instant at();
}
