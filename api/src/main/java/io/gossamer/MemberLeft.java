package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A member left gracefully, or was force-left. */
public record MemberLeft(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberLeft {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
