package io.gossamer.swim;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.JoinRefusedException;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.metrics.NodeMetrics;
import io.gossamer.swim.metrics.ProtocolMetrics;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.metrics.SwimMetrics;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.transport.SwimDriver;
import io.gossamer.swim.wire.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running SWIM member: the protocol engine bound to one UDP and one TCP port (the same number),
 * usable without CDI.
 *
 * <p>Start one with {@link #start(SwimConfig, SwimNodeOptions)}, then {@link #join(List)} seeds.
 * Every method may be called from any thread. Asynchronous methods return Vert.x futures; do not
 * block on them from a Vert.x event-loop thread. Reads ({@link #members()}, {@link #localMember()},
 * {@link #localHealth()}) return a snapshot published after each protocol step and never wait.
 *
 * <p>Membership events go to the {@link MembershipListener}s given in {@link SwimNodeOptions}, on
 * the node's own delivery thread, in order (see {@link MembershipListener}).
 *
 * <p>{@link #close()} and {@link #closeAsync()} stop the node abruptly: peers find out through
 * failed probes. Call {@link #leave(Duration)} first for a graceful departure.
 */
public final class SwimNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim");

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SwimDriver driver;
    private final EventDispatcher dispatcher;
    private final SwimNodeOptions options;
    private final int defaultSeedPort;
    private final JoinRetry joins;
    private volatile boolean left;
    private Future<Void> closing;

    private SwimNode(Vertx vertx, boolean ownsVertx, SwimDriver driver, EventDispatcher dispatcher,
                     SwimNodeOptions options) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.driver = driver;
        this.dispatcher = dispatcher;
        this.options = options;
        this.defaultSeedPort = driver.config().pool() == Pool.WAN
                ? SwimConfig.DEFAULT_WAN_PORT : SwimConfig.DEFAULT_LAN_PORT;
        this.joins = new JoinRetry(vertx, driver, options, this::isClosed, () -> left);
    }

    /**
     * Binds UDP and then TCP on the same port (with port 0, a free pair is searched), starts the
     * protocol alone, and completes with the running node. The local member's advertised port is
     * the bound one. Fails if the ports cannot be bound; nothing is left open then.
     *
     * @param config  the protocol configuration; its advertise address is replaced as described in
     *                {@link SwimNodeOptions#advertised()}
     * @param options binding and runtime options
     */
    public static Future<SwimNode> start(SwimConfig config, SwimNodeOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        boolean owns = options.vertx().isEmpty();
        Vertx vertx = options.vertx().orElseGet(SwimNode::newVertx);
        // Queries delivered before the node is handed out are answered once it is.
        AtomicReference<SwimDriver> running = new AtomicReference<>();
        EventDispatcher dispatcher = new EventDispatcher(config.name(), config.pool(), options.listeners(),
                options.measurements(), (origin, ltime, answer) -> {
                    SwimDriver d = running.get();
                    return d == null ? CompletableFuture.failedStage(new IllegalStateException("node not started"))
                            : d.respond(origin, ltime, answer).toCompletionStage();
                });
        try {
            SplittableRandom random = options.randomSeed().isPresent()
                    ? new SplittableRandom(options.randomSeed().getAsLong()) : new SplittableRandom();
            SwimDriver.Settings settings = new SwimDriver.Settings(config, options.bindHost(), options.bindPort(),
                    options.advertised(), options.maxInboundStreams(), options.maxInboundStreamBytes(), random,
                    dispatcher, options.measurements());
            // A context-free promise: on failure our own Vert.x is closed, and a future bound to
            // one of its contexts could no longer report anything.
            Promise<SwimNode> result = Promise.promise();
            SwimDriver.deploy(vertx, settings).onComplete(ar -> {
                if (ar.succeeded()) {
                    running.set(ar.result());
                    result.complete(new SwimNode(vertx, owns, ar.result(), dispatcher, options));
                } else {
                    abandon(vertx, owns, dispatcher).onComplete(x -> result.fail(ar.cause()));
                }
            });
            return result.future();
        } catch (RuntimeException e) {
            Promise<SwimNode> result = Promise.promise();
            abandon(vertx, owns, dispatcher).onComplete(x -> result.fail(e));
            return result.future();
        }
    }

    private static Future<Void> abandon(Vertx vertx, boolean owns, EventDispatcher dispatcher) {
        dispatcher.shutdown();
        return owns ? closeOffLoop(vertx) : Future.succeededFuture();
    }

    /**
     * Closes a Vert.x instance from a thread of its own. Closed from one of its event loops, an
     * instance cannot deliver the completion of its own close (the loop is gone first), and
     * whoever waits for it waits forever.
     */
    private static Future<Void> closeOffLoop(Vertx vertx) {
        Promise<Void> done = Promise.promise();
        Thread closer = new Thread(() -> vertx.close().onComplete(ar -> done.tryComplete()), "gossamer-vertx-close");
        closer.setDaemon(true);
        closer.start();
        return done.future();
    }

    private static Vertx newVertx() {
        // One event loop is plenty for one node; the worker threads only resolve seed host names.
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
    }

    /**
     * Joins a cluster through seeds, each {@code host:port}, {@code [ipv6]:port} or {@code host}
     * (the pool's default port, {@value SwimConfig#DEFAULT_LAN_PORT} for LAN and
     * {@value SwimConfig#DEFAULT_WAN_PORT} for WAN). Host names are resolved again at each
     * attempt, to all their addresses of the bound address family. An attempt exchanges state with
     * every seed; it succeeds when at least one answers. Failed attempts are retried after
     * {@link SwimNodeOptions#joinBackoff()}, doubling up to {@link SwimNodeOptions#joinMaxBackoff()},
     * at most {@link SwimNodeOptions#joinAttempts()} times in all. Each wait is shortened at random
     * by up to a half, so that nodes whose attempts failed together (a whole cluster joining
     * through one seed at once) do not all come back together.
     *
     * <p>A seed at its limit of incoming streams ({@link SwimNodeOptions#maxInboundStreams()}) lets
     * as many more wait their turn, so a join storm queues up at the seed rather than failing; an
     * attempt beyond those is closed at once and fails within a round trip (its report says the
     * seed may be busy), and is retried as above. Attempts still count: a storm larger than the
     * seed can answer within the attempts' backoffs fails joins, so start a large cluster with
     * enough attempts (the defaults took 500 nodes through one seed) or with
     * {@link #joinUntilJoined}.
     *
     * <p>A seed that refuses the join (the cluster-mixing guard: another cluster, another
     * datacenter's LAN pool, LAN against WAN), or whose reply the local node refuses for the same
     * reasons, is not retried: if no seed answered and one refused, the join fails at once with a
     * {@link JoinRefusedException} naming the reason and the seed. Neither side then records the
     * other. If other seeds answered, the join succeeds and each refusal is logged as a warning.
     *
     * @return the number of seed addresses that answered; a failure is a {@link JoinRefusedException}
     *         as above, an {@link IOException} whose message names every seed with its last error,
     *         or an {@link IllegalArgumentException} for a malformed or empty seed list
     */
    public Future<Integer> join(List<String> seeds) {
        try {
            return joins.join(parse(seeds));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * Joins through seeds as {@link #join(List)} does, but until joined: attempts go on, backing
     * off from {@link SwimNodeOptions#joinBackoff()} to {@link SwimNodeOptions#joinMaxBackoff()},
     * whatever {@link SwimNodeOptions#joinAttempts()} says, until a seed answers or a peer has
     * joined this node. Refusals are retried too (a seed's configuration may be corrected
     * meanwhile), but on a slower schedule of their own: a refusal will not go away by itself, as
     * silence may. A refused attempt waits {@link SwimNodeOptions#joinRefusedBackoff()}, doubling at
     * each refusal up to {@link SwimNodeOptions#joinRefusedMaxBackoff()}, each wait shortened at
     * random by up to a fifth. Each attempt is reported to {@code attempts}, with the wait before
     * the next, on the node's event loop (it must not block), so that the caller can say how
     * joining goes.
     *
     * @return the last attempt ({@link JoinAttempt.Joined} or {@link JoinAttempt.JoinedByPeer});
     *         fails with {@link IllegalStateException} once the node has left ({@link #leave}) or
     *         closed, and with {@link IllegalArgumentException} for a malformed or empty seed list
     */
    public Future<JoinAttempt> joinUntilJoined(List<String> seeds, Consumer<JoinAttempt> attempts) {
        Objects.requireNonNull(attempts, "attempts");
        try {
            return joins.untilJoined(parse(seeds), attempts);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    private List<Seed> parse(List<String> seeds) {
        List<Seed> parsed = new ArrayList<>();
        try {
            for (String s : seeds) {
                parsed.add(Seed.parse(Objects.requireNonNull(s, "seed"), defaultSeedPort));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no seeds to join");
        }
        return parsed;
    }

    /**
     * Leaves gracefully: the local member is announced LEFT and stops probing. Completes once the
     * announcement has been sent as often as any news is; fails with a {@link TimeoutException}
     * if that takes longer than {@code timeout}. The node keeps running (to answer peers) until
     * closed.
     *
     * <p>A leave asked for while a join attempt ({@link #join}, {@link #joinUntilJoined}) is under
     * way is held until that attempt has finished, succeeded or failed, and then announced: sent
     * before, it would reach nobody, while the seeds the join reaches record this node ALIVE (and
     * DEAD once it is gone). The hold lasts at most the attempt's own bound, the TCP timeout
     * ({@link SwimConfig#tcpTimeout()}), and counts against {@code timeout}. No new attempt of
     * {@link #joinUntilJoined} starts once a leave was asked for.
     */
    public Future<Void> leave(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        left = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<Void> attempts = joins.attemptsFinished();
        if (attempts.isComplete()) {
            return driver.leave(timeout.toMillis());
        }
        Promise<Void> released = Promise.promise();
        attempts.onComplete(x -> released.tryComplete());
        long hold = Math.max(1, Math.min(driver.config().tcpTimeout().toMillis(), timeout.toMillis()));
        try {
            long timer = vertx.setTimer(hold, t -> {
                if (released.tryComplete()) {
                    LOG.log(Level.DEBUG, () -> driver.config().name() + ": the join attempt under way did not finish "
                            + "within " + hold + " ms; leaving without waiting for it");
                }
            });
            released.future().onComplete(x -> vertx.cancelTimer(timer));
        } catch (RuntimeException e) {
            // Vert.x closing under us: the node is closing too, and the leave fails below.
            released.tryComplete();
        }
        return released.future().compose(x -> {
            if (isClosed()) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            return driver.leave(Math.max(1, remaining));
        });
    }

    /**
     * Replaces the local member's tags; peers receive a {@code MemberUpdated}. Fails with an
     * {@link IllegalArgumentException} if the tags are too large
     * ({@value SwimConfig#MAX_TAGS_BYTES} bytes encoded).
     */
    public Future<Void> updateTags(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        return driver.updateTags(tags);
    }

    /**
     * Sends a cluster event to every member of the pool; the local node's listeners receive it too,
     * through {@link MembershipListener#onClusterEvent}. Completes with the event as sent; fails
     * with {@link IllegalArgumentException} for a name or size the wire refuses (name and payload
     * at most 512 bytes) and {@link IllegalStateException} once the node has left or closed.
     */
    public Future<ClusterEvent> sendEvent(String name, byte[] payload, boolean coalesce) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        Pool pool = driver.config().pool();
        return driver.sendEvent(name, payload, coalesce)
                .map(e -> EventDispatcher.toClusterEvent(e, pool, Instant.now()));
    }

    /**
     * Asks a query of the pool's members that match {@code options}, the local one included (see
     * {@link io.gossamer.Membership#query}); {@code listener} hears each acknowledgement and answer
     * on the delivery thread as it arrives, and the future completes there once the timeout ends,
     * after the listener has heard everything. Fails at once with {@link IllegalArgumentException}
     * for a name, size or filter the wire refuses and {@link IllegalStateException} once the node
     * has left or closed.
     */
    public Future<QueryResult> query(String name, byte[] payload, QueryOptions options, QueryListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        QueryCollector collector = new QueryCollector(name, listener, dispatcher::run);
        return driver.query(name, payload, options, collector).compose(ltime -> {
            collector.asked(ltime);
            return collector.result().future();
        });
    }

    /**
     * Moves a DEAD member to LEFT cluster-wide, so it is no longer reconnected to or reclaimed.
     * Fails with {@link IllegalArgumentException} for an unknown member and
     * {@link IllegalStateException} for one that is not DEAD.
     */
    public Future<Void> forceLeave(String name) {
        return forceLeave(name, false);
    }

    /**
     * {@link #forceLeave(String)}; with {@code prune}, every node then forgets the member (a LEFT
     * member can be pruned too): it disappears from {@link #members()} everywhere.
     */
    public Future<Void> forceLeave(String name, boolean prune) {
        Objects.requireNonNull(name, "name");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        return driver.forceLeave(name, prune);
    }

    /**
     * Switches the cluster-mixing guard at run time, with no restart. Switched on, the node sheds
     * at once every member its pool refuses (in a LAN pool the members of other datacenters, in
     * the WAN pool the members that are not servers): each is recorded LEFT with its reason
     * ({@link io.gossamer.MemberLeft.Reason}), a {@code MemberLeft} is delivered, and it is never
     * merged back from gossip or push-pull. Switched off, the LAN labels of the cluster's other
     * datacenters are let in and member records are not checked: pools can mix (members shed
     * earlier stay shed). Turn it off only to migrate; see
     * {@code impl/README.md (The cluster-mixing guard)}. Completes once the switch (and the
     * shedding) is done.
     */
    public Future<Void> setGuardEnabled(boolean enabled) {
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        return driver.setGuardEnabled(enabled);
    }

    // ------------------------------------------------------------------ keys

    /**
     * Installs {@code key} (16, 24 or 32 bytes) at every live member of the pool, this one
     * included, as a secondary key: from then on they all open what it seals. The first step of a
     * rotation ({@code serf keys -install}). The request travels sealed with the current primary
     * key, to each member over a stream (at most 16 at once); members that do not answer within
     * the TCP timeout are reported as failed. Completes with every member's answer.
     *
     * <p>Fails with {@link IllegalStateException} when this node has no keys (encryption off), and
     * with {@link IllegalArgumentException} when the key has the wrong length or the local keyring
     * is full ({@value Keyring#MAX_KEYS} keys); nobody is asked then. Keys never appear in logs or
     * exception messages, only their fingerprints ({@link Keyring#fingerprint(byte[])}).
     */
    public Future<KeyResponse> installKey(byte[] key) {
        return keyOperation(KeyResponse.Operation.INSTALL, key);
    }

    /**
     * Makes the installed {@code key} the primary key of every live member: they seal with it from
     * then on. The second step of a rotation, once every member acknowledged the install. Fails
     * with {@link IllegalArgumentException} if the key is not installed here (nobody is asked);
     * members where it is not installed report so and keep their primary key. Otherwise as
     * {@link #installKey(byte[])}.
     */
    public Future<KeyResponse> useKey(byte[] key) {
        return keyOperation(KeyResponse.Operation.USE, key);
    }

    /**
     * Removes {@code key} from every live member. The last step of a rotation, once every member
     * acknowledged the switch to the new primary key. Fails with {@link IllegalArgumentException}
     * if it is the primary key here (nobody is asked); a member whose primary key it still is
     * refuses and keeps it; a member that does not hold it acknowledges. Otherwise as
     * {@link #installKey(byte[])}.
     */
    public Future<KeyResponse> removeKey(byte[] key) {
        return keyOperation(KeyResponse.Operation.REMOVE, key);
    }

    /** The keys every live member holds, by fingerprint, primary first. As {@link #installKey(byte[])}. */
    public Future<KeyResponse> listKeys() {
        return keyOperation(KeyResponse.Operation.LIST, new byte[0]);
    }

    private Future<KeyResponse> keyOperation(KeyResponse.Operation op, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (isClosed()) {
            return Future.failedFuture(new IllegalStateException("node closed"));
        }
        return driver.keyOperation(op, key);
    }

    /** The keys in force now (after any rotation); empty when encryption is off. */
    public Optional<Keyring> keyring() {
        return driver.keyring();
    }

    /** Whether the cluster-mixing guard is on now. */
    public boolean guardEnabled() {
        return driver.metrics().guard().enabled();
    }

    /** Every known member, the local one included, with DEAD and LEFT members still remembered. */
    public List<Member> members() {
        return driver.view().members();
    }

    /** The local member as currently announced. */
    public Member localMember() {
        return driver.view().localMember();
    }

    /** Local health: 0 is healthy, {@code localHealthMaxMultiplier - 1} the worst (memberlist's score). */
    public int localHealth() {
        return driver.view().localHealth();
    }

    /**
     * The address ({@code host:port}) of the process that took this member's name over, if one
     * did: another process runs under the same name and started later (see
     * {@link io.gossamer.MemberLeft.Reason#NAME_CONFLICT}). This node then no longer takes part in
     * the pool.
     */
    public Optional<String> nameHolder() {
        return driver.view().nameHolder().map(NodeAddress::toString);
    }

    /**
     * Whether this node's state keeps flipping in its peers' eyes: it had to refute suspicions of
     * itself so often that its peers hold it {@link io.gossamer.MemberState#DAMPED} (a flaky link,
     * a stalling process). It counts its own refutations with the penalty its peers count its flaps
     * with, so it knows without asking them; it stops being damped as they release it.
     */
    public boolean damped() {
        return driver.view().damped();
    }

    /**
     * The network coordinates this node knows, its own included, by member name (see
     * {@link io.gossamer.Membership#coordinate}); empty with coordinates off. An immutable snapshot.
     */
    public Map<String, Coordinate> coordinates() {
        return driver.coordinates();
    }

    /** The transport counters now. */
    public SwimMetrics metrics() {
        return driver.metrics();
    }

    /** What the protocol did so far: probes, state exchanges, key operations, refutations; never blocks. */
    public ProtocolMetrics protocolMetrics() {
        return driver.protocolMetrics();
    }

    /**
     * Reads every counter and gauge of {@link NodeMetrics} (not the histograms, which a
     * {@link io.gossamer.swim.metrics.MeasurementListener} is fed), each sample of this node's pool;
     * never blocks. Series not known yet are left out (a drop reason never seen, the coordinate
     * error with coordinates off).
     */
    public void readMetrics(Consumer<NodeMetrics.Sample> samples) {
        MetricsReader.read(this, samples);
    }

    /** What became of cluster events so far; never blocks. */
    public EventMetrics eventMetrics() {
        return driver.eventMetrics();
    }

    /** What became of queries so far; never blocks. */
    public QueryMetrics queryMetrics() {
        return driver.queryMetrics();
    }

    /** The configuration in force, with the advertise address the node announces. */
    public SwimConfig config() {
        return driver.config();
    }

    private synchronized boolean isClosed() {
        return closing != null;
    }

    /**
     * Closes the sockets and stops the protocol without leaving, then closes the node's own Vert.x
     * if it created one, and lets the delivery thread finish queued events. Pending joins and
     * leaves fail. Idempotent: later calls return the same future.
     */
    public synchronized Future<Void> closeAsync() {
        if (closing == null) {
            joins.failAll(new IllegalStateException("node closed"));
            Promise<Void> done = Promise.promise();
            driver.close().onComplete(ar -> {
                if (!ownsVertx) {
                    dispatcher.shutdown();
                    done.tryComplete();
                    return;
                }
                closeOffLoop(vertx).onComplete(x -> {
                    dispatcher.shutdown();
                    done.tryComplete();
                });
            });
            closing = done.future();
        }
        return closing;
    }

    /**
     * {@link #closeAsync()}, waiting at most {@link SwimNodeOptions#closeTimeout()}. On a Vert.x
     * thread, where blocking is forbidden, it starts closing and returns at once.
     */
    @Override
    public void close() {
        Future<Void> f = closeAsync();
        if (Vertx.currentContext() != null) {
            return;
        }
        try {
            f.toCompletionStage().toCompletableFuture().get(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "closing node " + driver.config().name() + " failed", e.getCause());
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "node " + driver.config().name() + " not closed within " + options.closeTimeout());
        }
    }

    @Override
    public String toString() {
        return "SwimNode[" + driver.config().name() + " @ " + driver.config().advertise() + "]";
    }
}
