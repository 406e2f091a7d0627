package io.gossamer.agent;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.EncryptionKeys;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.cdi.GossamerEngines;
import io.gossamer.cdi.PoolKeys;
import io.gossamer.swim.SwimNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One pool of the agent's node as a {@link Membership}: the API an application injects, over the
 * engine itself, without a container. Stages complete on the engine's event loop: whoever chains
 * onto them must not block (the agent's commands wait on other threads; its HTTP handlers do not
 * block).
 */
final class EngineMembership implements Membership {

    private final GossamerEngines engines;
    private final Pool pool;
    private final SwimNode node;

    EngineMembership(GossamerEngines engines, Pool pool) {
        this.engines = engines;
        this.pool = pool;
        this.node = engines.node(pool);
    }

    @Override
    public Member localMember() {
        return node.localMember();
    }

    @Override
    public List<Member> members() {
        return node.members();
    }

    @Override
    public Optional<Member> member(String name) {
        Objects.requireNonNull(name, "name");
        return node.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public CompletionStage<Void> leave() {
        return engines.leave(pool);
    }

    @Override
    public CompletionStage<Void> updateTags(Map<String, String> tags) {
        return node.updateTags(Map.copyOf(tags)).toCompletionStage();
    }

    @Override
    public CompletionStage<Void> forceLeave(String name, boolean prune) {
        return node.forceLeave(name, prune).toCompletionStage();
    }

    @Override
    public Optional<Coordinate> coordinate(String member) {
        return Optional.ofNullable(node.coordinates().get(member));
    }

    @Override
    public CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload, boolean coalesce) {
        return node.sendEvent(name, payload, coalesce).toCompletionStage();
    }

    @Override
    public CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options,
                                              QueryListener listener) {
        return node.query(name, payload, options, listener).toCompletionStage();
    }

    /** {@link Membership#join}'s counterpart for an operator: through these seeds, now. */
    CompletionStage<Integer> join(List<String> seeds) {
        return node.join(List.copyOf(seeds)).toCompletionStage();
    }

    @Override
    public EncryptionKeys keys() {
        return new PoolKeys(engines::keyOperation, pool);
    }

    @Override
    public String toString() {
        return "Membership[" + pool + " of " + node.localMember().name() + "]";
    }
}
