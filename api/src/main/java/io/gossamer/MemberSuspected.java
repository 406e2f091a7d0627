package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A member is suspected of having failed; it may still refute. */
public record MemberSuspected(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberSuspected {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
