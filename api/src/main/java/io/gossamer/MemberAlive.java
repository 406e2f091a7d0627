package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A suspicion was refuted: a suspected member proved it is alive.
 *
 * @param member        the member as it is after the transition
 * @param previousState its state before; empty if the member was unknown
 * @param pool          the pool the transition happened in
 * @param at            when the local node recorded it
 */
public record MemberAlive(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
        implements MembershipEvent {

    /**
     * The event as recorded.
     *
     * @param member        the member as it is after the transition
     * @param previousState its state before; empty if the member was unknown
     * @param pool          the pool the transition happened in
     * @param at            when the local node recorded it
     * @throws NullPointerException if a component is null
     */
    public MemberAlive {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
