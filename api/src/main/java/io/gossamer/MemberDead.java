package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A suspected member did not refute in time and is considered crashed. */
public record MemberDead(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberDead {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
