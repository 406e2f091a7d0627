package io.gossamer.tck.spi;

import io.gossamer.ClusterEvent;
import io.gossamer.Member;
import io.gossamer.Pool;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A node started by {@link Peers}, which the TCK controls. Every method may be called from any
 * thread. A peer configured with {@code gossamer.role=server} is in its datacenter's LAN pool and
 * in the cluster's WAN pool (as {@code <node>.<datacenter>}); any other peer in the LAN pool only.
 */
public interface Peer extends AutoCloseable {

    /** The peer's own member in its LAN pool: name, advertised address and port, cluster, datacenter, tags. */
    default Member localMember() {
        return localMember(Pool.LAN);
    }

    /**
     * The peer's own member in {@code pool}.
     *
     * @throws IllegalStateException if the peer is not in that pool (WAN, and not a server)
     */
    Member localMember(Pool pool);

    /** The peer's view of its LAN pool, itself included: an immutable snapshot. */
    default List<Member> members() {
        return members(Pool.LAN);
    }

    /**
     * The peer's view of {@code pool}, itself included: an immutable snapshot.
     *
     * @throws IllegalStateException if the peer is not in that pool
     */
    List<Member> members(Pool pool);

    /** {@link #join(Pool, List)} of the LAN pool. */
    default CompletionStage<Void> join(List<String> seeds) {
        return join(Pool.LAN, seeds);
    }

    /**
     * Joins {@code pool} through {@code seeds} ({@code host:port}). Completes once one seed
     * answered and state was exchanged with it; completes exceptionally when no seed could be
     * joined: with {@link io.gossamer.JoinRefusedException} naming the reason when a seed refused
     * (another cluster, another datacenter, LAN against WAN), otherwise with an exception whose
     * message says why. Makes one attempt per seed: no retries.
     *
     * @throws IllegalStateException if the peer is not in that pool
     */
    CompletionStage<Void> join(Pool pool, List<String> seeds);

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

    /**
     * Makes the peer deaf, as a one-way network fault would: it keeps running, probing and sending
     * as before, but everything addressed to it is lost until {@link #hear()}: every datagram, and
     * the bytes arriving on its streams (TCP), those it opened as well as those it accepts. Its
     * probes then go unanswered, so it suspects the members it probes and tells them so. Returns
     * once what arrives from now on is lost.
     */
    void deafen();

    /** Lets a {@linkplain #deafen() deaf} peer hear again, from now on. */
    void hear();

    /**
     * Leaves gracefully, as {@code Membership.leave()} does in each pool, bounded by the peer's
     * {@code gossamer.leave-timeout}. A server leaves both its pools, LAN and WAN, as a deployment
     * does when it shuts down; completes once every pool's leave completed as
     * {@code Membership.leave()} does.
     */
    CompletionStage<Void> leave();

    /**
     * Replaces the peer's tags, as {@code Membership.updateTags} does in each pool. A server's
     * tags change in both its pools, LAN and WAN (its WAN member carries the same tags, as a
     * deployment's {@code gossamer.tags.*} give them to both); completes once every pool's update
     * completed.
     */
    CompletionStage<Void> updateTags(Map<String, String> tags);

    /**
     * Sends a cluster event in the peer's LAN pool, as {@code Membership.sendEvent} does, and
     * completes as it does: with the event as sent, or exceptionally with its refusal.
     */
    CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload);

    /**
     * Asks a query in the peer's LAN pool, as {@code Membership.query} does, and completes as it
     * does: with what was gathered at the timeout, or exceptionally with its refusal.
     */
    CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options);

    /** Releases everything the peer holds, crashing it if it still runs. Idempotent. */
    @Override
    void close();
}
