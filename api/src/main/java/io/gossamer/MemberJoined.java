package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A member became known as alive, or came back alive after being dead or having left. */
public record MemberJoined(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    public MemberJoined {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
