package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An alive member changed its tags or address. */
public record MemberUpdated(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberUpdated {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
