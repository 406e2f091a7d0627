package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A suspicion was refuted: a suspected member proved it is alive. */
public record MemberAlive(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberAlive {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
