package io.gossamer.swim.sim;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.CoreOutput;
import io.gossamer.swim.core.SwimCore;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The simulator's view of one node's protocol engine: exactly the {@link SwimCore} contract. It is an
 * interface only so that the harness itself can be tested with a toy protocol; scenarios always run
 * the real core through {@link #swimCore()}.
 */
interface SimProtocol {

    void start(long now);

    long join(long now, List<NodeAddress> seeds);

    void handlePacket(long now, NodeAddress from, List<Message> messages);

    Optional<Message> handleStream(long now, NodeAddress from, Message request);

    void handleStreamResult(long now, long streamId, Optional<Message> reply);

    /** The connection of stream {@code streamId} is established; its outcome comes later. */
    default void handleStreamConnected(long now, long streamId) {
    }

    /** The connection of stream {@code streamId} was refused: the host is up, nothing listens. */
    default void handleStreamRefused(long now, long streamId) {
        handleStreamResult(now, streamId, Optional.empty());
    }

    void handleTimers(long now);

    long nextDeadline();

    void leave(long now);

    void updateTags(long now, Map<String, String> tags);

    /** Sends a cluster event (see {@link SwimCore#sendEvent}). */
    default Message.UserEvent sendEvent(long now, String name, byte[] payload, boolean coalesce) {
        throw new UnsupportedOperationException("the toy protocol has no cluster events");
    }

    /** Asks a query (see {@link SwimCore#query}). */
    default long query(long now, String name, byte[] payload, io.gossamer.QueryOptions options) {
        throw new UnsupportedOperationException("the toy protocol has no queries");
    }

    /** Answers a query (see {@link SwimCore#respond}). */
    default void respond(long now, String origin, long ltime, byte[] payload) {
        throw new UnsupportedOperationException("the toy protocol has no queries");
    }

    /** Every network coordinate the node knows, its own included (see {@link SwimCore#coordinates}). */
    default Map<String, io.gossamer.Coordinate> coordinates() {
        return Map.of();
    }

    /** What became of cluster events (see {@link SwimCore#eventMetrics}). */
    default io.gossamer.swim.metrics.EventMetrics eventMetrics() {
        throw new UnsupportedOperationException("the toy protocol has no cluster events");
    }

    Member localMember();

    List<Member> members();

    int localHealth();

    /** The node's own announcement as a long-settled cluster holds it (see {@link SwimCore#adoptConverged}). */
    default Message.Alive announcement() {
        throw new UnsupportedOperationException("the toy protocol has no converged start");
    }

    /** Takes every member in as a long-settled cluster holds them (see {@link SwimCore#adoptConverged}). */
    default void adoptConverged(long now, List<Message.Alive> members) {
        throw new UnsupportedOperationException("the toy protocol has no converged start");
    }

    /** The address of a later instance of the node's name that took it over; the toy has none. */
    default Optional<NodeAddress> nameHolder() {
        return Optional.empty();
    }

    /** Whether the node counts itself damped in its peers' eyes (flap damping); the toy never is. */
    default boolean locallyDamped() {
        return false;
    }

    /** Suspicions withheld after failed probes (unhealthy) and suspicions ignored (unhealthy accusers). */
    default long[] suspicionsWithheldAndIgnored() {
        return new long[2];
    }

    // The cluster-mixing guard. The toy protocol has none: it lets nothing foreign in and refuses
    // nothing (a foreign input is then just dropped).

    default boolean acceptsLabel(String label) {
        return false;
    }

    default Optional<Message.Refuse> refuseDatagram(long now, NodeAddress from, ForeignLabel label, int bytes) {
        return Optional.empty();
    }

    default Optional<Message.Refuse> refuseStream(long now, NodeAddress from, ForeignLabel label) {
        return Optional.empty();
    }

    default Optional<Message> refuseReply(long now, NodeAddress from, ForeignLabel label) {
        return Optional.empty();
    }

    default void setGuardEnabled(long now, boolean enabled) {
        throw new UnsupportedOperationException("no guard");
    }

    default GuardMetrics guardMetrics() {
        throw new UnsupportedOperationException("no guard");
    }

    default void forceLeave(long now, String name, boolean prune) {
        throw new UnsupportedOperationException("no force-leave");
    }

    default long keyOperation(long now, KeyResponse.Operation op, byte[] key) {
        throw new UnsupportedOperationException("no keys");
    }

    /** Builds one node's engine; called again with a fresh random source when a node restarts. */
    @FunctionalInterface
    interface Factory {
        SimProtocol create(SwimConfig config, RandomGenerator random, CoreOutput output);
    }

    /** The production core. */
    static Factory swimCore() {
        return (config, random, output) -> new CoreAdapter(new SwimCore(config, random, output));
    }

    /** Straight delegation; kept trivial so that nothing but the core decides protocol behaviour. */
    final class CoreAdapter implements SimProtocol {
        /**
         * The wall clock the simulated nodes read at virtual time 0, for their instance generations:
         * a real date, so that generations take as many bytes on the wire as real ones do.
         */
        private static final long WALL_CLOCK_AT_ZERO = 1_800_000_000_000L;

        private final SwimCore core;

        CoreAdapter(SwimCore core) {
            this.core = core;
        }

        private long generation;

        @Override public void start(long now) {
            generation = WALL_CLOCK_AT_ZERO + now;
            core.start(now, generation);
        }
        @Override public Message.Alive announcement() {
            Member m = core.localMember();
            return new Message.Alive(m.name(), generation, m.incarnation(), new NodeAddress(m.address(), m.port()),
                    m.datacenter(), m.role(), m.tags());
        }
        @Override public void adoptConverged(long now, List<Message.Alive> members) {
            core.adoptConverged(now, members);
        }
        @Override public long join(long now, List<NodeAddress> seeds) { return core.join(now, seeds); }
        @Override public void handlePacket(long now, NodeAddress from, List<Message> messages) {
            core.handlePacket(now, from, messages);
        }
        @Override public Optional<Message> handleStream(long now, NodeAddress from, Message request) {
            return core.handleStream(now, from, request);
        }
        @Override public void handleStreamResult(long now, long streamId, Optional<Message> reply) {
            core.handleStreamResult(now, streamId, reply);
        }
        @Override public void handleStreamRefused(long now, long streamId) {
            core.handleStreamRefused(now, streamId);
        }
        @Override public void handleStreamConnected(long now, long streamId) {
            core.handleStreamConnected(now, streamId);
        }
        @Override public void handleTimers(long now) { core.handleTimers(now); }
        @Override public long nextDeadline() { return core.nextDeadline(); }
        @Override public void leave(long now) { core.leave(now); }
        @Override public void updateTags(long now, Map<String, String> tags) { core.updateTags(now, tags); }
        @Override public io.gossamer.swim.metrics.EventMetrics eventMetrics() { return core.eventMetrics(); }
        @Override public Map<String, io.gossamer.Coordinate> coordinates() { return core.coordinates(); }
        @Override public long query(long now, String name, byte[] payload, io.gossamer.QueryOptions options) {
            return core.query(now, name, payload, options);
        }
        @Override public void respond(long now, String origin, long ltime, byte[] payload) {
            core.respond(now, origin, ltime, payload);
        }
        @Override public Message.UserEvent sendEvent(long now, String name, byte[] payload, boolean coalesce) {
            return core.sendEvent(now, name, payload, coalesce);
        }
        @Override public Member localMember() { return core.localMember(); }
        @Override public List<Member> members() { return core.members(); }
        @Override public int localHealth() { return core.localHealth(); }
        @Override public boolean locallyDamped() { return core.locallyDamped(); }
        @Override public Optional<NodeAddress> nameHolder() { return core.nameHolder(); }
        @Override public long[] suspicionsWithheldAndIgnored() {
            return new long[] {core.suspicionsWithheld(), core.suspicionsIgnored()};
        }
        @Override public boolean acceptsLabel(String label) { return core.acceptsLabel(label); }
        @Override public Optional<Message.Refuse> refuseDatagram(long now, NodeAddress from, ForeignLabel label,
                                                                 int bytes) {
            return core.refuseDatagram(now, from, label, bytes);
        }
        @Override public Optional<Message.Refuse> refuseStream(long now, NodeAddress from, ForeignLabel label) {
            return Optional.of(core.refuseStream(now, from, label));
        }
        @Override public Optional<Message> refuseReply(long now, NodeAddress from, ForeignLabel label) {
            return Optional.of(core.refuseReply(now, from, label));
        }
        @Override public void setGuardEnabled(long now, boolean enabled) { core.setGuardEnabled(now, enabled); }
        @Override public GuardMetrics guardMetrics() { return core.guardMetrics(); }
        @Override public void forceLeave(long now, String name, boolean prune) { core.forceLeave(now, name, prune); }
        @Override public long keyOperation(long now, KeyResponse.Operation op, byte[] key) {
            return core.keyOperation(now, op, key);
        }
    }
}
