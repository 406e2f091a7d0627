package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A member is damped: its state kept flipping (suspected, then refuted, again and again), so the
 * local node holds it {@link MemberState#DAMPED} instead of reporting every flip. A damped member is
 * alive as far as the protocol knows, but not trustworthy: it is not among the alive members.
 * While it stays damped, its suspicions and refutations produce no events; what follows is a
 * {@link MemberAlive} (previous state {@code DAMPED}) once it has been stable for a while, or, if
 * it dies, a {@link MemberSuspected} and a {@link MemberDead}, or a {@link MemberLeft}.
 * The application can tell a damped member from a dead one: a dead member is never damped.
 *
 * <p>{@code [events-damped]} A member whose suspicions are refuted three times, each refutation
 * within 10 probe intervals of the one before, is reported {@code DAMPED} at the latest at the
 * third (one refuted suspicion never damps a member). From then on it is reported neither SUSPECT
 * nor ALIVE while it keeps flipping, and is reported ALIVE again at most 40 probe intervals after
 * its last refuted suspicion, once it is no longer suspected.
 *
 * @param member        the member as it is after the transition
 * @param previousState its state before; empty if the member was unknown
 * @param pool          the pool the transition happened in
 * @param at            when the local node recorded it
 */
public record MemberDamped(Member member, Optional<MemberState> previousState, Pool pool, Instant at)
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
    public MemberDamped {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
