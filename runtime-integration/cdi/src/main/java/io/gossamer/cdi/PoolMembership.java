package io.gossamer.cdi;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.EncryptionKeys;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Membership} of one pool of a {@link GossamerNode}: what
 * {@code @Inject @InPool(Pool.WAN) Membership} gives. Every call goes to the node, which knows
 * whether that pool runs (a client has no WAN pool).
 */
final class PoolMembership implements Membership {

    private final GossamerNode node;
    private final Pool pool;

    PoolMembership(GossamerNode node, Pool pool) {
        this.node = Objects.requireNonNull(node, "node");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public Member localMember() {
        return node.localMember(pool);
    }

    @Override
    public List<Member> members() {
        return node.members(pool);
    }

    @Override
    public Optional<Member> member(String name) {
        return node.member(pool, name);
    }

    @Override
    public CompletionStage<Void> leave() {
        return node.leave(pool);
    }

    @Override
    public CompletionStage<Void> updateTags(Map<String, String> tags) {
        return node.updateTags(pool, tags);
    }

    @Override
    public CompletionStage<Void> forceLeave(String name, boolean prune) {
        return node.forceLeave(pool, name, prune);
    }

    @Override
    public CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload, boolean coalesce) {
        return node.sendEvent(pool, name, payload, coalesce);
    }

    @Override
    public CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options,
                                              QueryListener listener) {
        return node.query(pool, name, payload, options, listener);
    }

    @Override
    public Optional<Coordinate> coordinate(String member) {
        return node.coordinate(pool, member);
    }

    @Override
    public EncryptionKeys keys() {
        return node.keys(pool);
    }

    @Override
    public String toString() {
        return "Membership[" + pool + "]";
    }
}
