package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An alive member changed its tags or address. A member restarted under the same name on another
 * address while its earlier process was still held alive is reported so too: the later process
 * takes the name at once. {@code [membership-restart-identity]} A process restarted under a
 * member's name (a later start, at another address or at the same one) is that member, alive: at
 * another address the node records it with this event, or with {@link MemberJoined} if it held the
 * earlier process DEAD already; at either, it never records the later process DEAD nor LEFT for
 * the earlier one's silence.
 *
 * <p>{@code [events-updated-previous]} {@link #previous()} is the member as the local view held it
 * just before the update: its tags, address and port before, beside {@link #member()}'s after.
 *
 * @param member        the member as it is after the transition
 * @param previousState its state before; empty if the member was unknown
 * @param previous      the member as it was just before the transition
 * @param pool          the pool the transition happened in
 * @param at            when the local node recorded it
 */
public record MemberUpdated(Member member, Optional<MemberState> previousState, Member previous, Pool pool,
                            Instant at) implements MembershipEvent {

    /**
     * The event as recorded.
     *
     * @param member        the member as it is after the transition
     * @param previousState its state before; empty if the member was unknown
     * @param previous      the member as it was just before the transition
     * @param pool          the pool the transition happened in
     * @param at            when the local node recorded it
     * @throws NullPointerException if a component is null
     */
    public MemberUpdated {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
