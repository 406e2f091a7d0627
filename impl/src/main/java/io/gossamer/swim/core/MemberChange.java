package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;

import java.util.Objects;
import java.util.Optional;

/**
 * One transition in the local view, as the core reports it; the driver turns it into a
 * {@link io.gossamer.MembershipEvent} stamped with wall-clock time.
 *
 * @param kind       what happened
 * @param member     the member after the transition
 * @param previous   its state before, empty if it was unknown
 * @param leftReason for {@link Kind#LEFT} only, why the member is LEFT; empty for every other kind
 * @param before     for {@link Kind#UPDATED} only, the member as it was just before; empty for every
 *                   other kind
 */
public record MemberChange(Kind kind, Member member, Optional<MemberState> previous,
                           Optional<MemberLeft.Reason> leftReason, Optional<Member> before) {

    public MemberChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(leftReason, "leftReason");
        Objects.requireNonNull(before, "before");
        if (leftReason.isPresent() != (kind == Kind.LEFT)) {
            throw new IllegalArgumentException("a left reason goes with LEFT, and only with LEFT: " + kind);
        }
        if (before.isPresent() != (kind == Kind.UPDATED)) {
            throw new IllegalArgumentException("the member before goes with UPDATED, and only with UPDATED: " + kind);
        }
    }

    /** A LEFT for {@code reason}. */
    public static MemberChange left(Member member, Optional<MemberState> previous, MemberLeft.Reason reason) {
        return new MemberChange(Kind.LEFT, member, previous, Optional.of(reason), Optional.empty());
    }

    /** An UPDATED from {@code before}. */
    public static MemberChange updated(Member member, Optional<MemberState> previous, Member before) {
        return new MemberChange(Kind.UPDATED, member, previous, Optional.empty(), Optional.of(before));
    }

    /**
     * A change other than UPDATED, whose LEFT, if it is one, is a leave message
     * ({@link MemberLeft.Reason#LEFT}).
     */
    public MemberChange(Kind kind, Member member, Optional<MemberState> previous) {
        this(kind, member, previous, kind == Kind.LEFT ? Optional.of(MemberLeft.Reason.LEFT) : Optional.empty(),
                Optional.empty());
    }

    /** The kinds of transition, one per {@link io.gossamer.MembershipEvent} subtype. */
    public enum Kind {
        JOINED, SUSPECTED, ALIVE, DEAD, LEFT, UPDATED,
        /** The member's state kept flipping: it is shown {@link MemberState#DAMPED} until it settles. */
        DAMPED
    }
}
