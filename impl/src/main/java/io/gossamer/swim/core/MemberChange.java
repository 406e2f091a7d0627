package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberState;

import java.util.Objects;
import java.util.Optional;

/**
 * One transition in the local view, as the core reports it; the driver turns it into a
 * {@link io.gossamer.MembershipEvent} stamped with wall-clock time.
 *
 * @param kind     what happened
 * @param member   the member after the transition
 * @param previous its state before, empty if it was unknown
 */
public record MemberChange(Kind kind, Member member, Optional<MemberState> previous) {

    public MemberChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previous, "previous");
    }

    /** The kinds of transition, one per {@link io.gossamer.MembershipEvent} subtype. */
    public enum Kind {
        JOINED, SUSPECTED, ALIVE, DEAD, LEFT, UPDATED
    }
}
