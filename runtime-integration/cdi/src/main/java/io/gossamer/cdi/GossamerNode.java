package io.gossamer.cdi;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.EncryptionKeys;
import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.QueryResult;
import io.gossamer.swim.SwimNode;
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

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * engine per pool of the node ({@link GossamerEngines}: LAN, and WAN on a server), each joining
 * its seeds in the background, fires membership events with its pool's qualifier (see
 * {@link EventDelivery}), and leaves gracefully, bounded by {@value GossamerConfig#LEAVE_TIMEOUT},
 * when the application stops. With {@value GossamerConfig#ENABLED}{@code =false} nothing starts
 * and every {@link Membership}
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
    /** How long shutdown waits for the local LEFT events to reach observers once the leave is done. */
    private static final Duration LOCAL_LEFT_WAIT = Duration.ofSeconds(2);
    /** What the WAN {@link Membership} of a client says. */
    static final String NOT_A_SERVER = GossamerEngines.NOT_A_SERVER;

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
    /** The pools' engines, once started. */
    private volatile GossamerEngines engines;
    /** Where the engines' metrics go, once started. */
    private volatile MetricsExport metrics;
    /** Each pool's event delivery, once started. */
    private volatile Map<Pool, EventDelivery> deliveries = Map.of();
    private volatile ExecutorService completions;
    private volatile long lastHeartbeat = System.nanoTime();

    /** Starts the node with the application: when the container has initialised the application scope. */
    void onApplicationStarted(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        start();
    }

    /**
     * Starts the node, once; later calls do nothing. Binding failures fail the start (and so the
     * deployment): a node that cannot listen is a configuration error the operator must see.
     *
     * <p>Public for runtimes whose CDI container is up before the application's configuration:
     * Quarkus initialises ArC (and fires the event above) while the application is built, so its
     * extension leaves that observer out and starts the node on its own start event.
     */
    public void start() {
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
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        completions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gossamer-completions-" + s.nodeName());
            t.setDaemon(true);
            t.setContextClassLoader(tccl);
            return t;
        });
        Map<Pool, EventDelivery> d = new EnumMap<>(Pool.class);
        for (Pool pool : s.server() ? List.of(Pool.LAN, Pool.WAN) : List.of(Pool.LAN)) {
            d.put(pool, new EventDelivery(beanManager, events, completions));
        }
        MetricsExport m = MetricsExport.detect(beanManager);
        GossamerEngines e;
        try {
            // On the container thread: the engines' Vert.x keeps its context class loader for its
            // handlers, so the deployment's classes and configuration are visible there. The
            // liveness heartbeat on their one event loop vouches for both pools.
            e = GossamerEngines.start(s, d::get, m::measurements);
        } catch (RuntimeException ex) {
            phase = Phase.FAILED;
            d.values().forEach(delivery -> delivery.failed(ex));
            m.close();
            completions.shutdown();
            throw ex;
        }
        m.start(e);
        metrics = m;
        engines = e;
        deliveries = Map.copyOf(d);
        e.vertx().setPeriodic(HEARTBEAT_MS, id -> lastHeartbeat = System.nanoTime());
        lastHeartbeat = System.nanoTime();
        phase = Phase.RUNNING;
        d.forEach((pool, delivery) -> delivery.started(e.node(pool)));
        e.joinSeeds();
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
        GossamerEngines e = engines;
        List<CompletableFuture<Void>> localLeft = new ArrayList<>();
        for (Pool pool : e.leaveAll()) {
            localLeft.add(deliveries.get(pool).localLeftDelivered());
        }
        awaitLocalLeftDelivered(localLeft);
        // The application's beans are going away: events from here on have nobody reliable to go to.
        phase = Phase.STOPPED;
        deliveries.values().forEach(EventDelivery::stop);
        metrics.close();
        e.close();
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
        engine(Pool.LAN);
        List<Future<Void>> switched = engines.nodes().stream().map(n -> n.setGuardEnabled(enabled)).toList();
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
        GossamerEngines e = engines;
        if (e == null || p == Phase.STOPPED) {
            throw new IllegalStateException("the Gossamer node is not running (" + p.name().toLowerCase(Locale.ROOT)
                    + ")");
        }
        return e.engine(pool);
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
        engine(pool);
        if (pool == Pool.LAN) {
            phase = Phase.LEFT;
        }
        return OffLoop.complete(engines.leave(pool), completions);
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
        return new PoolKeys(this::keyOperation, pool);
    }

    /** {@link GossamerEngines#keyOperation}, completing off the event loop. */
    CompletionStage<KeyResponse> keyOperation(Pool pool, KeyResponse.Operation op, String base64Key) {
        GossamerEngines e;
        try {
            engine(pool);
            e = engines;
        } catch (RuntimeException ex) {
            return CompletableFuture.failedStage(ex);
        }
        return OffLoop.complete(e.keyOperation(pool, op, base64Key), completions);
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
        GossamerEngines e = engines;
        PoolEngine l = e == null ? null : e.engine(Pool.LAN);
        PoolEngine w = e == null || !e.settings().server() ? null : e.engine(Pool.WAN);
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
