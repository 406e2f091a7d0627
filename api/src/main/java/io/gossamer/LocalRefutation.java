package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The local member refuted news about itself: a peer said it was suspect or dead (or gossiped
 * details of it that it does not have), and it announced itself alive with a higher incarnation.
 * Fired as a CDI event, with {@link InPool} of its pool, to observers of {@code LocalRefutation}
 * (it is not a {@link MembershipEvent}: the local view does not change, the local member stays
 * alive in it).
 *
 * <p>One refutation is harmless; refutations again and again mean that this node's answers do
 * not reach its peers in time (an overloaded host, long pauses, a lossy or one-way network), and
 * that peers may soon hold it damped or dead. An application can count them, alert on them, or
 * step back from work that needs the cluster's trust.
 *
 * <p>{@code [events-local-refutation]} Each accusation of the local member that it refutes is
 * delivered as one {@code LocalRefutation}, on the same delivery thread and in the same order as
 * membership events, naming what was claimed and, for a suspicion or a death, the member that
 * claimed it; {@link #member()} carries the incarnation the refutation announced, higher than the
 * accused one. Accusations of an incarnation already refuted are not delivered again.
 *
 * @param member  the local member as it is after the refutation
 * @param claimed what the refuted news said
 * @param accuser the member that raised the suspicion or declared the death, as the news names
 *                it; empty for {@link Claim#OTHER_DETAILS}
 * @param pool    the pool the refutation happened in
 * @param at      when the local node refuted
 */
public record LocalRefutation(Member member, Claim claimed, Optional<String> accuser, Pool pool, Instant at) {

    /** What the refuted news said of the local member. */
    public enum Claim {
        /** That it is suspected of having failed. */
        SUSPECT,
        /** That it is dead. */
        DEAD,
        /** That it is alive with other tags, address, datacenter or role, at a newer incarnation. */
        OTHER_DETAILS
    }

    /**
     * The refutation as recorded.
     *
     * @param member  the local member as it is after the refutation
     * @param claimed what the refuted news said
     * @param accuser the accusing member; empty for {@link Claim#OTHER_DETAILS}
     * @param pool    the pool the refutation happened in
     * @param at      when the local node refuted
     * @throws NullPointerException if a component is null
     */
    public LocalRefutation {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(claimed, "claimed");
        Objects.requireNonNull(accuser, "accuser");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }
}
