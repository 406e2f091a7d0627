package io.gossamer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The local node's view of one pool, and what the application can do to it. An
 * {@code @ApplicationScoped} bean: inject it anywhere.
 *
 * <h2>One bean per pool</h2>
 * <ul>
 * <li>{@code @Inject Membership lan}: the bean without a qualifier ({@code @Default}) is the view
 *     of the LAN pool of the node's {@code (cluster, datacenter)}. Every node is in it.</li>
 * <li>{@code @Inject @InPool(Pool.LAN) Membership lan}: {@code [membership-beans]} the same view,
 *     the pool named: both beans are {@code @ApplicationScoped} and show the same local member and
 *     the same members.</li>
 * <li>{@code @Inject @InPool(Pool.WAN) Membership wan}: the view of the cluster's WAN pool, where
 *     the cluster's servers of every datacenter meet; a server is the member
 *     {@code <node name>.<datacenter>} there. {@code [membership-wan-on-client]} The bean exists on
 *     every node, but on a node whose {@code gossamer.role} is not {@code server} each of its
 *     methods fails with {@link IllegalStateException} ("this node is not a server: it has no WAN
 *     pool"): thrown, or the returned stage completes exceptionally with it; for {@link #keys()},
 *     either {@code keys()} or each operation of the {@link EncryptionKeys} it returns.</li>
 * </ul>
 * Each bean acts on its own pool only: {@link #leave()} of the LAN bean does not leave the WAN
 * pool, and {@link #updateTags(Map)} changes the tags the local member has in that pool. At
 * shutdown a server leaves both pools.
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>{@code [membership-snapshot]} {@link #members()} is an immutable snapshot: later changes
 *     never show through a list already returned.</li>
 * <li>{@code [membership-agrees-with-events]} Once an event about a member has been delivered, the
 *     views the bean of the event's {@linkplain MembershipEvent#pool() pool} returns show that
 *     member in the event's state or a later one.</li>
 * <li>{@code [membership-local]} {@link #localMember()} is ALIVE from start until {@link #leave()};
 *     {@link #members()} always contains it.</li>
 * </ul>
 */
public interface Membership {

    /** {@return the local member as it is now} */
    Member localMember();

    /**
     * Every member the local node knows, itself included, in every state: ALIVE, SUSPECT, and DEAD
     * or LEFT members that are still remembered. An immutable snapshot.
     *
     * @return the members, in no particular order
     */
    List<Member> members();

    /**
     * The member of that name, if known.
     *
     * @param name a member's name
     * @return the member as seen now, in whatever state; empty if unknown
     */
    Optional<Member> member(String name);

    /** {@return the members currently ALIVE, the local one included; an immutable snapshot} */
    default List<Member> aliveMembers() {
        return members().stream().filter(m -> m.state() == MemberState.ALIVE).toList();
    }

    /**
     * {@code [membership-leave]} Leaves the pool gracefully: peers record the local member LEFT,
     * not DEAD, without suspecting it first. Completes once the
     * news has spread, or exceptionally after {@code gossamer.leave-timeout}. The node stops
     * probing; it is not restarted until the application is.
     *
     * @return completes once the news has spread
     */
    CompletionStage<Void> leave();

    /**
     * {@code [membership-update-tags]} Replaces the local member's tags; peers see a
     * {@link MemberUpdated} carrying the new tags, and so does the local node. Fails with
     * {@link IllegalArgumentException} if the tags exceed 512 bytes encoded.
     *
     * @param tags the new tags, all of them
     * @return completes once the local member carries the new tags; peers follow through gossip
     */
    CompletionStage<Void> updateTags(Map<String, String> tags);

    /**
     * {@code [membership-force-leave]} Moves a DEAD member to LEFT so that it is no longer
     * reconnected to or reclaimed; peers do the same. Fails with {@link IllegalArgumentException}
     * if the member is unknown, and with {@link IllegalStateException} if it is not DEAD (an alive
     * member must leave by itself). The same as {@code forceLeave(name, false)}.
     *
     * @param name the DEAD member's name
     * @return completes once the local node has applied it; peers follow through gossip
     */
    default CompletionStage<Void> forceLeave(String name) {
        return forceLeave(name, false);
    }

    /**
     * {@link #forceLeave(String)}, and with {@code prune} {@code [membership-force-leave-prune]}
     * every node then forgets the member: it is gone from {@link #members()} here and at the
     * peers, without waiting for {@code gossamer.tombstone-timeout}. A LEFT member can be pruned
     * too. {@code [membership-prune-return]} Should the member come back later (a process under
     * its name joins), it is a new member: {@link MemberJoined} with no previous state.
     *
     * @param name  the DEAD (or, with {@code prune}, LEFT) member's name
     * @param prune whether every node then forgets the member
     * @return completes once the local node has applied it; peers follow through gossip
     */
    CompletionStage<Void> forceLeave(String name, boolean prune);

    /**
     * {@code [coordinates-member]} The network coordinate of the member of that name as the local
     * node knows it: the local member's own always (unless
     * {@link GossamerConfig#DISABLE_COORDINATES} is set), another member's once the local node has
     * probed it directly, as that member's ack reported it, until the member leaves the view.
     *
     * @param member a member's name
     * @return its coordinate; empty if unknown, or with coordinates off
     */
    Optional<Coordinate> coordinate(String member);

    /**
     * {@code [coordinates-rtt]} The estimated round trip between the local member and
     * {@code member}: the distance of their {@linkplain #coordinate(String) coordinates}
     * ({@link Coordinate#distanceTo}), without probing.
     *
     * @param member a member's name
     * @return the estimate; empty if either coordinate is unknown
     */
    default Optional<Duration> estimatedRoundTrip(String member) {
        Optional<Coordinate> local = coordinate(localMember().name());
        Optional<Coordinate> other = coordinate(member);
        return local.isPresent() && other.isPresent()
                ? Optional.of(local.get().distanceTo(other.get())) : Optional.empty();
    }

    /**
     * {@code [coordinates-nearest]} The ALIVE members other than the local one whose coordinate is
     * known, nearest first by {@linkplain #estimatedRoundTrip(String) estimated round trip}
     * (Consul's "nearest" order): pick the first to talk to the closest instance.
     *
     * @return the members, an immutable snapshot; empty with coordinates off
     */
    default List<Member> nearestMembers() {
        String self = localMember().name();
        Optional<Coordinate> local = coordinate(self);
        if (local.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<Duration, Member>> known = new java.util.ArrayList<>();
        for (Member m : aliveMembers()) {
            if (!m.name().equals(self)) {
                coordinate(m.name()).ifPresent(c -> known.add(Map.entry(local.get().distanceTo(c), m)));
            }
        }
        known.sort(Map.Entry.comparingByKey());
        return known.stream().map(Map.Entry::getValue).toList();
    }

    /**
     * {@code [cluster-events-send]} Sends a {@link ClusterEvent} to every member of this pool,
     * the local one included: each delivers it to its observers as described there. Not
     * coalescible. The same as {@code sendEvent(name, payload, false)}.
     *
     * @param name    the event's name: 1 to 255 bytes of UTF-8, no white space or control characters
     * @param payload the application's bytes; name and payload take at most 512 bytes together
     * @return completes with the event as sent (its Lamport time set) once the local node has
     *         taken it; it spreads from then on. Completes exceptionally with
     *         {@link IllegalArgumentException} if the name or size is refused, and with
     *         {@link IllegalStateException} after {@link #leave()}
     */
    default CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload) {
        return sendEvent(name, payload, false);
    }

    /**
     * {@link #sendEvent(String, byte[])}, saying whether receivers that coalesce events may
     * deliver only the latest event of this name in a short window (Serf's {@code -coalesce}).
     *
     * @param name     the event's name
     * @param payload  the application's bytes
     * @param coalesce whether the event may be coalesced with later ones of its name
     * @return as {@link #sendEvent(String, byte[])}
     */
    CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload, boolean coalesce);

    /**
     * {@code [queries-ask]} Asks every member of this pool that matches {@code options} (the local
     * one included) a question, and gathers their acknowledgements and answers until the
     * timeout: the members receive it as a {@link ClusterQuery} and answer through
     * {@link ClusterQuery#respond(byte[])}. {@code [queries-timeout]} The stage completes at the
     * timeout, neither before nor much after it, with every first acknowledgement and answer that
     * arrived by then; later ones are dropped.
     *
     * @param name    the query's name: 1 to 255 bytes of UTF-8, no white space or control characters
     * @param payload the question's bytes
     * @param options filters, acknowledgements, relays and timeout ({@link QueryOptions#defaults()})
     * @return completes with what was gathered when the timeout ends; exceptionally, at once, with
     *         {@link IllegalArgumentException} if the name or size is refused
     *         ({@code [queries-size]}), with {@link IllegalStateException} after {@link #leave()}
     */
    default CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        return query(name, payload, options, new QueryListener() { });
    }

    /**
     * {@link #query(String, byte[], QueryOptions)}, telling {@code listener} of each
     * acknowledgement and answer as it arrives.
     *
     * @param name     the query's name
     * @param payload  the question's bytes
     * @param options  filters, acknowledgements, relays and timeout
     * @param listener hears acknowledgements and answers as they arrive
     * @return as {@link #query(String, byte[], QueryOptions)}
     */
    CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options, QueryListener listener);

    /**
     * This pool's encryption keys and their online rotation ({@link EncryptionKeys}).
     * {@code [keys-per-pool]} Each pool has its own keyring: a server's LAN and WAN pools start
     * with the same configured keys and are rotated one by one, through their own beans; an
     * operation through one pool's bean changes nothing in the other pool.
     *
     * @return this pool's keys
     */
    EncryptionKeys keys();
}
