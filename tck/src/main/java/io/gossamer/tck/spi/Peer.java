package io.gossamer.tck.spi;

import io.gossamer.Member;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** A node started by {@link Peers}, which the TCK controls. Every method may be called from any thread. */
public interface Peer extends AutoCloseable {

    /** The peer's own member: name, the address and port it advertises, cluster, datacenter, tags. */
    Member localMember();

    /** The peer's view of its pool, itself included: an immutable snapshot. */
    List<Member> members();

    /**
     * Joins the pool through {@code seeds} ({@code host:port}). Completes once one seed answered
     * and state was exchanged with it; completes exceptionally when no seed could be joined, with
     * an exception whose message says why. Makes one attempt per seed: no retries.
     */
    CompletionStage<Void> join(List<String> seeds);

    /**
     * Stops the peer at once, the way {@code kill -9} would: it sends nothing more (no leave),
     * answers nothing, and its sockets are closed. Returns once that is so.
     */
    void crash();

    /**
     * Freezes the peer the way {@code kill -STOP} or a long garbage-collection pause would: it
     * sends nothing and processes nothing, its timers stand still, while its sockets stay bound so
     * that what arrives meanwhile is handled after {@link #resume()}. Returns once frozen.
     */
    void pause();

    /** Lets a {@linkplain #pause() paused} peer run again. */
    void resume();

    /** Leaves the pool gracefully, as {@code Membership.leave()} does; completes as that does. */
    CompletionStage<Void> leave();

    /** Replaces the peer's tags, as {@code Membership.updateTags} does. */
    CompletionStage<Void> updateTags(Map<String, String> tags);

    /** Releases everything the peer holds, crashing it if it still runs. Idempotent. */
    @Override
    void close();
}
