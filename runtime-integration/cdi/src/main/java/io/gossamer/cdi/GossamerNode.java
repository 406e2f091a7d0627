package io.gossamer.cdi;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.EncryptionKeys;
import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.JoinRefusedException;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.swim.JoinAttempt;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Durations;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.SwimMetrics;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application's Gossamer node, and the {@link Membership} beans.
 *
 * <p>It starts when the application does ({@code @Initialized(ApplicationScoped.class)}): one
 * engine in the LAN pool of the node's {@code (cluster, datacenter)} and, on a server
 * ({@value GossamerConfig#ROLE}{@code =server}), a second one in the cluster's WAN pool, as the
 * member {@code <node name>.<datacenter>}, on its own port and with its own timing profile. Each
 * joins its seeds in the background (a seed that is down never holds up the deployment; attempts
 * go on with the engine's backoff, up to 30 s, until one answers or a peer joins this node:
 * {@link SwimNode#joinUntilJoined}; refused ones more and more slowly, up to
 * {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}, with readiness naming the refusal), fires membership
 * events with its pool's qualifier (see {@link EventDelivery}), and leaves gracefully, bounded by
 * {@value GossamerConfig#LEAVE_TIMEOUT}, when the application stops. With
 * {@value GossamerConfig#ENABLED}{@code =false} nothing starts and every {@link Membership}
 * method fails with {@link IllegalStateException}.
 *
 * <p>This bean is the LAN pool's {@code Membership}, both {@code @Default} and
 * {@code @InPool(Pool.LAN)}; {@link #wanMembership()} produces the WAN pool's, and
 * {@link #nodeAdmin()} the operator's {@link NodeAdmin}.
 */
@ApplicationScoped
@Default
@InPool(Pool.LAN)
public class GossamerNode implements Membership {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");
    private static final long HEARTBEAT_MS = 500;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long shutdown waits for the local LEFT events to reach observers once the leave is done. */
    private static final Duration LOCAL_LEFT_WAIT = Duration.ofSeconds(2);
    /** What the WAN {@link Membership} of a client says. */
    static final String NOT_A_SERVER = "this node is not a server: it has no WAN pool ("
            + GossamerConfig.ROLE + "=" + GossamerSettings.CLIENT + ")";

    /** Where the node is in its life. LEFT: the LAN pool was left (by {@code leave()} or shutdown). */
    enum Phase { NOT_STARTED, DISABLED, RUNNING, LEFT, STOPPED, FAILED }

    /**
     * What the health checks report of the WAN pool, read without waiting.
     *
     * @param firstJoinDone whether the first WAN join attempt has finished (true without WAN seeds)
     * @param joined        whether a WAN join succeeded, a server joined this one, or there are no
     *                      WAN seeds
     * @param localHealth   the WAN engine's local health score, 0 best
     * @param members       the WAN pool's members
     * @param joinFailure   how the last WAN join attempt failed, while not joined
     * @param damped        whether the WAN engine's peers hold it damped (it keeps refuting suspicions)
     */
    record PoolStatus(boolean firstJoinDone, boolean joined, int localHealth, List<Member> members,
                      Optional<JoinFailure> joinFailure, boolean damped) {

        /** A status with no failed join to tell of, of an engine that is not damped. */
        PoolStatus(boolean firstJoinDone, boolean joined, int localHealth, List<Member> members) {
            this(firstJoinDone, joined, localHealth, members, Optional.empty(), false);
        }
    }

    /**
     * What the health checks report, read without waiting. Everything but {@code wan} is the
     * LAN pool's.
     *
     * @param phase           where the node is
     * @param settings        the settings in force
     * @param firstJoinDone   whether the first join attempt has finished (true without seeds)
     * @param joined          whether the node is part of a cluster: a join succeeded, a peer
     *                        joined it, or there are no seeds to join
     * @param heartbeatAgeMs  milliseconds since the event loop last ran the heartbeat timer
     * @param localHealth     the local health score, 0 best
     * @param members         the current members; empty unless running
     * @param wan             the WAN pool's figures, on a running server
     * @param joinFailure     how the last join attempt failed, while not joined
     * @param damped          whether the node's peers hold it damped: it had to refute suspicions of
     *                        itself again and again ({@link io.gossamer.swim.SwimNode#damped()})
     * @param nameHolder      the address of a later process under this node's name, which took the
     *                        name over ({@link io.gossamer.swim.SwimNode#nameHolder()})
     */
    record Status(Phase phase, Optional<GossamerSettings> settings, boolean firstJoinDone, boolean joined,
                  long heartbeatAgeMs, int localHealth, List<Member> members, Optional<PoolStatus> wan,
                  Optional<JoinFailure> joinFailure, boolean damped, Optional<String> nameHolder) {

        /** A status with no failed join, damping or name conflict to tell of. */
        Status(Phase phase, Optional<GossamerSettings> settings, boolean firstJoinDone, boolean joined,
               long heartbeatAgeMs, int localHealth, List<Member> members, Optional<PoolStatus> wan) {
            this(phase, settings, firstJoinDone, joined, heartbeatAgeMs, localHealth, members, wan, Optional.empty(),
                    false, Optional.empty());
        }

        /** A status without a WAN pool. */
        Status(Phase phase, Optional<GossamerSettings> settings, boolean firstJoinDone, boolean joined,
               long heartbeatAgeMs, int localHealth, List<Member> members) {
            this(phase, settings, firstJoinDone, joined, heartbeatAgeMs, localHealth, members, Optional.empty());
        }
    }

    @Inject
    BeanManager beanManager;

    /** Membership and cluster events, fired to asynchronous observers (see {@link EventDelivery}). */
    @Inject
    Event<Object> events;

    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile GossamerSettings settings;
    private volatile Vertx vertx;
    /** The LAN pool's engine, once started. */
    private volatile PoolEngine lan;
    /** The WAN pool's engine, on a started server; null otherwise. */
    private volatile PoolEngine wan;
    private volatile ExecutorService completions;
    private volatile long lastHeartbeat = System.nanoTime();

    /**
     * Starts the node with the application. Binding failures fail the start (and so the
     * deployment): a node that cannot listen is a configuration error the operator must see.
     */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (phase != Phase.NOT_STARTED) {
            return;
        }
        // Checked already when the deployment was validated; read again here because the
        // extension holds no state for beans (design C), and a bad value cannot appear in between.
        GossamerSettings s = GossamerSettings.from(ConfigProvider.getConfig());
        settings = s;
        if (!s.enabled()) {
            phase = Phase.DISABLED;
            LOG.log(Level.INFO, "Gossamer is disabled (" + GossamerConfig.ENABLED + "=false)");
            return;
        }
        // Created here, on the container thread: Vert.x keeps this thread's context class loader
        // for its handlers, so the deployment's classes and configuration are visible there. One
        // event loop runs both pools' protocols: they need little, and the liveness heartbeat on
        // that one thread then vouches for both.
        Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        vertx = v;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        completions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gossamer-completions-" + s.nodeName());
            t.setDaemon(true);
            t.setContextClassLoader(tccl);
            return t;
        });
        List<PoolEngine> started = new ArrayList<>();
        try {
            started.add(startEngine(Pool.LAN, s, v));
            if (s.server()) {
                started.add(startEngine(Pool.WAN, s, v));
            }
        } catch (RuntimeException e) {
            phase = Phase.FAILED;
            // A server whose WAN port is taken does not keep a LAN engine running.
            started.forEach(engine -> {
                engine.delivery.failed(e);
                engine.node.close();
            });
            v.close();
            completions.shutdown();
            throw e;
        }
        PoolEngine l = started.get(0);
        PoolEngine w = started.size() > 1 ? started.get(1) : null;
        lan = l;
        wan = w;
        v.setPeriodic(HEARTBEAT_MS, id -> lastHeartbeat = System.nanoTime());
        lastHeartbeat = System.nanoTime();
        phase = Phase.RUNNING;
        for (PoolEngine engine : started) {
            engine.delivery.started(engine.node);
        }
        LOG.log(Level.INFO, () -> "Gossamer node " + s.nodeName() + " started at " + address(l.node.localMember())
                + " (cluster " + s.cluster() + ", datacenter " + s.datacenter() + ", role " + s.role()
                + ", profile " + s.profile().name().toLowerCase(Locale.ROOT) + ", " + encryption(s.encryption()) + ")"
                + (w == null ? "" : "; in the WAN pool as " + w.node.localMember().name() + " at "
                        + address(w.node.localMember()) + " (profile "
                        + s.wan().profile().name().toLowerCase(Locale.ROOT) + ")"));
        for (PoolEngine engine : started) {
            if (!engine.seeds.isEmpty()) {
                joinInBackground(engine);
            }
        }
    }

    /** Attempts of {@link NodeAdmin#join}, a second apart, then two. */
    static final int ADMIN_JOIN_ATTEMPTS = 3;

    /** Starts one pool's engine, failing with a message that names the pool and the address. */
    private PoolEngine startEngine(Pool pool, GossamerSettings s, Vertx v) {
        SwimConfig config = EngineConfigs.config(s, pool);
        EventDelivery d = new EventDelivery(beanManager, events, completions);
        SwimNodeOptions options = EngineConfigs.options(s, pool)
                .vertx(v)
                // NodeAdmin.join: a few attempts, as an operator's join must not fail on one stream that
                // missed its deadline (a peer busy or just started: a fresh JVM's first stream can take
                // longer than the local profile's 1 s); the configured seeds are joined until joined.
                .joinAttempts(ADMIN_JOIN_ATTEMPTS)
                .closeTimeout(CLOSE_TIMEOUT)
                .listener(d)
                .build();
        try {
            SwimNode n = SwimNode.start(config, options).toCompletionStage()
                    .toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new PoolEngine(pool, n, d, EngineConfigs.seeds(s, pool));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d.failed(e);
            throw new IllegalStateException("interrupted while starting the Gossamer node's " + pool + " pool", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            d.failed(cause);
            throw new IllegalStateException("Gossamer node " + config.name() + " cannot start its " + pool
                    + " pool on " + options.bindHost() + ":" + options.bindPort() + ": " + cause, cause);
        }
    }

    private static String address(Member m) {
        return m.address() + ":" + m.port();
    }

    /** Encryption as the start line tells it: keys by fingerprint only. */
    private static String encryption(GossamerSettings.Encryption e) {
        return e.keyring().map(k -> "encryption on, keys " + k.fingerprints() + " (primary first), verify-incoming="
                + e.verifyIncoming() + ", verify-outgoing=" + e.verifyOutgoing()).orElse("encryption off");
    }

    /**
     * Joins a pool's seeds in the background until joined, saying how it goes: a failed first
     * attempt as a warning, where a timeout would go quiet after the first. A refusal (a
     * configuration mistake: a seed in another datacenter or cluster, a LAN seed given as a WAN
     * one) is retried more and more slowly ({@value GossamerConfig#JOIN_REFUSED_BACKOFF} doubling to
     * {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}) and warned of once, naming the reason and
     * the seed, then again only if it changes or every {@link RefusalWarnings#INTERVAL}; readiness
     * names it meanwhile. The engine stops trying once the pool is left or the node closed.
     */
    private void joinInBackground(PoolEngine e) {
        SwimNode n = e.node;
        n.joinUntilJoined(e.seeds, attempt -> {
            boolean first = !e.firstJoinDone;
            e.firstJoinDone = true;
            if (attempt instanceof JoinAttempt.Joined joined) {
                e.joinSucceeded = true;
                e.lastJoinFailure = null;
                LOG.log(Level.INFO, () -> "Gossamer node " + n.localMember().name() + " joined the " + e.pool
                        + " pool through " + joined.contacted() + " seed address(es)");
            } else if (attempt instanceof JoinAttempt.JoinedByPeer) {
                e.lastJoinFailure = null;
                LOG.log(Level.INFO, () -> "Gossamer node " + n.localMember().name() + " was joined by a peer in the "
                        + e.pool + " pool; no more join attempts");
            } else if (attempt instanceof JoinAttempt.Failed failed) {
                Optional<JoinRefusedException> refusal = failed.failure() instanceof JoinRefusedException r
                        ? Optional.of(r) : Optional.empty();
                e.lastJoinFailure = new JoinFailure(failed.number(), failed.retryIn(), refusal);
                if (refusal.isPresent()) {
                    logRefusal(e, refusal.get(), failed.retryIn());
                    return;
                }
                LOG.log(first ? Level.WARNING : Level.DEBUG, () -> "Gossamer node " + n.localMember().name() + " ("
                        + e.pool + " pool): " + failed.failure().getMessage() + "; retrying in "
                        + failed.retryIn().toMillis() + " ms");
            }
        }).onFailure(stopped -> e.firstJoinDone = true);
    }

    /** One line that says what refused, why, and that a configuration must change. */
    private void logRefusal(PoolEngine e, JoinRefusedException r, Duration retryIn) {
        boolean warn = e.refusalWarnings.warn(r);
        GossamerSettings s = settings;
        LOG.log(warn ? Level.WARNING : Level.DEBUG, () -> "Gossamer node " + e.node.localMember().name() + " ("
                + e.pool + " pool): seed " + r.seed() + " refused the join: " + r.reason() + " (" + r.detail()
                + "): " + r.reason().description() + ". A configuration must change, this node's or the seed's; "
                + "retrying in " + retryIn.toMillis() + " ms, less and less often, up to every "
                + Durations.format(s.joinRefusedMaxBackoff()) + "; readiness data join-refused names the refusal"
                + (warn ? " (this warning comes again if the refusal changes, or in "
                        + RefusalWarnings.INTERVAL.toMinutes() + " min)" : ""));
    }

    private List<PoolEngine> engines() {
        List<PoolEngine> all = new ArrayList<>(2);
        PoolEngine l = lan;
        PoolEngine w = wan;
        if (l != null) {
            all.add(l);
        }
        if (w != null) {
            all.add(w);
        }
        return all;
    }

    /**
     * Leaves gracefully (bounded) every pool not left yet, then stops the engines and their
     * Vert.x. A server's two pools leave at once, so shutdown takes one leave timeout, not two.
     */
    @PreDestroy
    void stop() {
        Phase was = phase;
        if (was != Phase.RUNNING && was != Phase.LEFT) {
            return;
        }
        // LEFT, not STOPPED, while leaving: observers of the local member's departure may still
        // use Membership. Leaving (or, with no leave timeout, closing) stops the join retries.
        phase = Phase.LEFT;
        List<PoolEngine> engines = engines();
        Vertx v = vertx;
        Duration timeout = settings.leaveTimeout();
        Map<PoolEngine, CompletableFuture<Void>> leaving = new LinkedHashMap<>();
        for (PoolEngine e : engines) {
            if (!e.left && !timeout.isZero()) {
                leaving.put(e, e.node.leave(timeout).toCompletionStage().toCompletableFuture());
            }
            e.left = true;
        }
        // A little longer than the leave's own bound, which fails it with a timeout itself.
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        List<CompletableFuture<Void>> localLeft = new ArrayList<>();
        for (Map.Entry<PoolEngine, CompletableFuture<Void>> l : leaving.entrySet()) {
            PoolEngine e = l.getKey();
            try {
                l.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                LOG.log(Level.INFO, () -> "Gossamer node " + e.node.localMember().name() + " left the " + e.pool
                        + " pool");
                localLeft.add(e.delivery.localLeftDelivered());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ex) {
                LOG.log(Level.WARNING, "Gossamer node " + settings.nodeName() + " did not finish leaving the "
                        + e.pool + " pool within " + timeout.toMillis() + " ms; peers will find out by probing", ex);
            }
        }
        awaitLocalLeftDelivered(localLeft);
        // The application's beans are going away: events from here on have nobody reliable to go to.
        phase = Phase.STOPPED;
        for (PoolEngine e : engines) {
            e.delivery.stop();
            e.node.close();
        }
        try {
            v.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "Vert.x of Gossamer node " + settings.nodeName() + " did not close", e);
        }
        completions.shutdown();
    }

    /** Observers of the local member's own departure hear of it before delivery stops. */
    private void awaitLocalLeftDelivered(List<CompletableFuture<Void>> delivered) {
        if (delivered.isEmpty() || Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            CompletableFuture.allOf(delivered.toArray(CompletableFuture[]::new))
                    .get(LOCAL_LEFT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "the local LEFT event was not delivered within " + LOCAL_LEFT_WAIT.toMillis()
                    + " ms (a slow observer?); stopping delivery anyway");
        }
    }

    // ------------------------------------------------------------------ Membership

    /**
     * The WAN pool's {@link Membership}: {@code @Inject @InPool(Pool.WAN) Membership}. It exists on
     * every node, so that an application can inject it whatever the role; on a client each of its
     * methods fails with {@link IllegalStateException} ({@value #NOT_A_SERVER}).
     */
    @Produces
    @ApplicationScoped
    @InPool(Pool.WAN)
    Membership wanMembership() {
        return new PoolMembership(this, Pool.WAN);
    }

    /** The operator's controls of this node: {@code @Inject NodeAdmin}. */
    @Produces
    @ApplicationScoped
    NodeAdmin nodeAdmin() {
        return new GossamerNodeAdmin(this);
    }

    /** {@link NodeAdmin#setGuardEnabled}. */
    CompletionStage<Void> setGuardEnabled(boolean enabled) {
        List<Future<Void>> switched = new ArrayList<>();
        switched.add(engine(Pool.LAN).node.setGuardEnabled(enabled));
        PoolEngine w = wan;
        if (w != null) {
            switched.add(w.node.setGuardEnabled(enabled));
        }
        return offLoop(Future.all(switched).mapEmpty());
    }

    /** {@link NodeAdmin#join}: fails as {@link SwimNode#join} does. */
    CompletionStage<Integer> join(Pool pool, List<String> seeds) {
        Objects.requireNonNull(seeds, "seeds");
        return offLoop(engine(pool).node.join(List.copyOf(seeds)));
    }

    /** The counters of a pool's engine, read without waiting ({@link NodeAdmin#traffic}). */
    SwimMetrics metrics(Pool pool) {
        return engine(pool).node.metrics();
    }

    /** The running engine of {@code pool}, or why there is none. */
    private PoolEngine engine(Pool pool) {
        Phase p = phase;
        GossamerSettings s = settings;
        if (p == Phase.DISABLED) {
            throw new IllegalStateException("Gossamer is disabled (" + GossamerConfig.ENABLED + "=false)");
        }
        if (pool == Pool.WAN && s != null && !s.server()) {
            throw new IllegalStateException(NOT_A_SERVER);
        }
        PoolEngine e = pool == Pool.LAN ? lan : wan;
        if (e == null || p == Phase.STOPPED) {
            throw new IllegalStateException("the Gossamer node is not running (" + p.name().toLowerCase(Locale.ROOT)
                    + ")");
        }
        return e;
    }

    Member localMember(Pool pool) {
        return engine(pool).node.localMember();
    }

    List<Member> members(Pool pool) {
        return engine(pool).node.members();
    }

    Optional<Member> member(Pool pool, String name) {
        Objects.requireNonNull(name, "name");
        return engine(pool).node.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    CompletionStage<Void> leave(Pool pool) {
        PoolEngine e = engine(pool);
        e.left = true;
        if (pool == Pool.LAN) {
            phase = Phase.LEFT;
        }
        return offLoop(e.node.leave(settings.leaveTimeout()));
    }

    CompletionStage<Void> updateTags(Pool pool, Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        // The engine checks the tags (their size, their text) and fails the stage if they are wrong.
        return offLoop(engine(pool).node.updateTags(Map.copyOf(tags)));
    }

    CompletionStage<Void> forceLeave(Pool pool, String name, boolean prune) {
        Objects.requireNonNull(name, "name");
        return offLoop(engine(pool).node.forceLeave(name, prune));
    }

    CompletionStage<QueryResult> query(Pool pool, String name, byte[] payload, QueryOptions options,
                                       QueryListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        return offLoop(engine(pool).node.query(name, payload, options, listener));
    }

    Optional<Coordinate> coordinate(Pool pool, String member) {
        Objects.requireNonNull(member, "member");
        return Optional.ofNullable(engine(pool).node.coordinates().get(member));
    }

    CompletionStage<ClusterEvent> sendEvent(Pool pool, String name, byte[] payload, boolean coalesce) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        return offLoop(engine(pool).node.sendEvent(name, payload, coalesce));
    }

    EncryptionKeys keys(Pool pool) {
        return new PoolKeys(this, Objects.requireNonNull(pool, "pool"));
    }

    /**
     * One key operation across a pool, as {@link EncryptionKeys} describes it: every failure
     * (the node not running, no keys, a malformed key, the local keyring refusing) is a failed
     * stage, never an exception thrown here. The key is never put in a message.
     */
    CompletionStage<KeyResponse> keyOperation(Pool pool, KeyResponse.Operation op, String base64Key) {
        byte[] key = null;
        try {
            key = op == KeyResponse.Operation.LIST ? new byte[0] : decodeKey(base64Key);
            SwimNode n = engine(pool).node;
            Future<KeyResponse> f = switch (op) {
                case LIST -> n.listKeys();
                case INSTALL -> n.installKey(key);
                case USE -> n.useKey(key);
                case REMOVE -> n.removeKey(key);
            };
            return offLoop(f);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        } finally {
            if (key != null) {
                java.util.Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** A key given as base64: 16, 24 or 32 bytes. The message never holds the key. */
    static byte[] decodeKey(String base64Key) {
        Objects.requireNonNull(base64Key, "key");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not valid base64");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            int length = key.length;
            java.util.Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException("the key is " + length + " bytes; an AES key is 16, 24 or 32 bytes "
                    + "(base64 of 24, 32 or 44 characters)");
        }
        return key;
    }

    @Override
    public EncryptionKeys keys() {
        return keys(Pool.LAN);
    }

    @Override
    public Member localMember() {
        return localMember(Pool.LAN);
    }

    @Override
    public List<Member> members() {
        return members(Pool.LAN);
    }

    @Override
    public Optional<Member> member(String name) {
        return member(Pool.LAN, name);
    }

    @Override
    public CompletionStage<Void> leave() {
        return leave(Pool.LAN);
    }

    @Override
    public CompletionStage<Void> updateTags(Map<String, String> tags) {
        return updateTags(Pool.LAN, tags);
    }

    @Override
    public CompletionStage<Void> forceLeave(String name, boolean prune) {
        return forceLeave(Pool.LAN, name, prune);
    }

    @Override
    public CompletionStage<ClusterEvent> sendEvent(String name, byte[] payload, boolean coalesce) {
        return sendEvent(Pool.LAN, name, payload, coalesce);
    }

    @Override
    public Optional<Coordinate> coordinate(String member) {
        return coordinate(Pool.LAN, member);
    }

    @Override
    public CompletionStage<QueryResult> query(String name, byte[] payload, QueryOptions options,
                                              QueryListener listener) {
        return query(Pool.LAN, name, payload, options, listener);
    }

    /**
     * Completes on a thread of ours, never on the event loop: whatever the caller chains onto the
     * result must not run where probes and acks are handled.
     */
    private <T> CompletionStage<T> offLoop(Future<T> future) {
        return OffLoop.complete(future.toCompletionStage(), completions);
    }

    // ------------------------------------------------------------------ health

    /** A snapshot for the health checks. */
    Status status() {
        PoolEngine l = lan;
        PoolEngine w = wan;
        Phase p = phase;
        boolean running = l != null && (p == Phase.RUNNING || p == Phase.LEFT);
        List<Member> members = running ? l.node.members() : List.of();
        Optional<PoolStatus> wanStatus = Optional.empty();
        if (running && w != null) {
            List<Member> wanMembers = w.node.members();
            wanStatus = Optional.of(new PoolStatus(w.firstJoinDone, w.joined(wanMembers), w.node.localHealth(),
                    wanMembers, w.joinFailure(wanMembers), w.node.damped()));
        }
        return new Status(p, Optional.ofNullable(settings), l != null && l.firstJoinDone,
                running && l.joined(members), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeartbeat),
                running ? l.node.localHealth() : 0, members, wanStatus,
                running ? l.joinFailure(members) : Optional.empty(), running && l.node.damped(),
                running ? l.node.nameHolder() : Optional.empty());
    }
}
