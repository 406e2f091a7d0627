package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.JoinRefusedException;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Pool;
import io.gossamer.swim.JoinAttempt;
import io.gossamer.swim.MembershipListener;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Durations;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.MeasurementListener;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The engines of one Gossamer node, without any container: one in the LAN pool of the node's
 * {@code (cluster, datacenter)} and, on a server ({@value GossamerConfig#ROLE}{@code =server}), a
 * second in the cluster's WAN pool, as the member {@code <node name>.<datacenter>}, on its own port
 * and with its own timing profile, both on one Vert.x event loop. {@link GossamerNode} runs one for
 * a CDI application; the standalone agent runs one on its own.
 *
 * <p>Each pool joins its seeds in the background ({@link #joinSeeds()}): a seed that is down never
 * holds anything up; attempts go on with the engine's backoff, up to 30 s, until one answers or a
 * peer joins this node ({@link SwimNode#joinUntilJoined}); refused ones more and more slowly, up to
 * {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}. How it goes is logged, and kept for the health
 * checks ({@link #joined}, {@link #joinFailure}).
 */
public final class GossamerEngines {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts of an operator's join, a second apart, then two. */
    static final int ADMIN_JOIN_ATTEMPTS = 3;
    /** What asking for the WAN pool of a client says. */
    public static final String NOT_A_SERVER = "this node is not a server: it has no WAN pool ("
            + GossamerConfig.ROLE + "=" + GossamerSettings.CLIENT + ")";

    private final GossamerSettings settings;
    private final Vertx vertx;
    private final PoolEngine lan;
    /** Null on a client. */
    private final PoolEngine wan;

    private GossamerEngines(GossamerSettings settings, Vertx vertx, PoolEngine lan, PoolEngine wan) {
        this.settings = settings;
        this.vertx = vertx;
        this.lan = lan;
        this.wan = wan;
    }

    /**
     * Starts the engines of an enabled node. Binding failures fail the start: a node that cannot
     * listen is a configuration error the operator must see.
     *
     * <p>Vert.x is created here, on the caller's thread: it keeps that thread's context class loader
     * for its handlers (an application's classes and configuration, inside a container). One event
     * loop runs both pools' protocols: they need little.
     *
     * @param listeners    the listener of each pool's engine
     * @param measurements what receives the measurements of each pool's engine
     * @throws IllegalStateException naming the pool and the address, if an engine cannot start; the
     *                               engines started already are closed
     */
    public static GossamerEngines start(GossamerSettings s, Function<Pool, MembershipListener> listeners,
                                        Function<Pool, MeasurementListener> measurements) {
        if (!s.enabled()) {
            throw new IllegalStateException("Gossamer is disabled (" + GossamerConfig.ENABLED + "=false)");
        }
        Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        List<PoolEngine> started = new ArrayList<>(2);
        try {
            started.add(startEngine(Pool.LAN, s, v, listeners.apply(Pool.LAN), measurements.apply(Pool.LAN)));
            if (s.server()) {
                started.add(startEngine(Pool.WAN, s, v, listeners.apply(Pool.WAN), measurements.apply(Pool.WAN)));
            }
        } catch (RuntimeException e) {
            // A server whose WAN port is taken does not keep a LAN engine running.
            started.forEach(engine -> engine.node.close());
            v.close();
            throw e;
        }
        GossamerEngines engines = new GossamerEngines(s, v, started.get(0), started.size() > 1 ? started.get(1) : null);
        LOG.log(Level.INFO, engines::describe);
        return engines;
    }

    private static PoolEngine startEngine(Pool pool, GossamerSettings s, Vertx v, MembershipListener listener,
                                          MeasurementListener measurements) {
        SwimConfig config = EngineConfigs.config(s, pool);
        SwimNodeOptions options = EngineConfigs.options(s, pool)
                .vertx(v)
                // An operator's join: a few attempts, as it must not fail on one stream that missed its
                // deadline (a peer busy or just started: a fresh JVM's first stream can take longer
                // than the local profile's 1 s); the configured seeds are joined until joined.
                .joinAttempts(ADMIN_JOIN_ATTEMPTS)
                .closeTimeout(CLOSE_TIMEOUT)
                .listener(listener)
                .measurements(measurements)
                .build();
        try {
            SwimNode n = SwimNode.start(config, options).toCompletionStage()
                    .toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new PoolEngine(pool, n, EngineConfigs.seeds(s, pool));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Gossamer node's " + pool + " pool", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Gossamer node " + config.name() + " cannot start its " + pool
                    + " pool on " + options.bindHost() + ":" + options.bindPort() + ": " + cause, cause);
        }
    }

    /** The start line: where each pool's member is, and the settings that say what it is. */
    String describe() {
        GossamerSettings s = settings;
        return "Gossamer node " + s.nodeName() + " started at " + address(lan.node.localMember())
                + " (cluster " + s.cluster() + ", datacenter " + s.datacenter() + ", role " + s.role()
                + ", profile " + s.profile().name().toLowerCase(Locale.ROOT) + ", " + encryption(s.encryption()) + ")"
                + (wan == null ? "" : "; in the WAN pool as " + wan.node.localMember().name() + " at "
                        + address(wan.node.localMember()) + " (profile "
                        + s.wan().profile().name().toLowerCase(Locale.ROOT) + ")");
    }

    private static String address(Member m) {
        return m.address() + ":" + m.port();
    }

    /** Encryption as the start line tells it: keys by fingerprint only. */
    private static String encryption(GossamerSettings.Encryption e) {
        return e.keyring().map(k -> "encryption on, keys " + k.fingerprints() + " (primary first), verify-incoming="
                + e.verifyIncoming() + ", verify-outgoing=" + e.verifyOutgoing()).orElse("encryption off");
    }

    /** The settings the engines run with. */
    public GossamerSettings settings() {
        return settings;
    }

    /** The Vert.x instance whose event loop runs the engines; closed with them. */
    public Vertx vertx() {
        return vertx;
    }

    /** The engine of {@code pool}; the WAN one exists on a server only. */
    public SwimNode node(Pool pool) {
        return engine(pool).node;
    }

    /** The engine of each pool of the node: LAN, then WAN on a server. */
    public List<SwimNode> nodes() {
        return engines().stream().map(e -> e.node).toList();
    }

    /**
     * @throws IllegalStateException {@value #NOT_A_SERVER}, for the WAN pool of a client
     */
    PoolEngine engine(Pool pool) {
        if (pool == Pool.LAN) {
            return lan;
        }
        if (wan == null) {
            throw new IllegalStateException(NOT_A_SERVER);
        }
        return wan;
    }

    List<PoolEngine> engines() {
        return wan == null ? List.of(lan) : List.of(lan, wan);
    }

    /** Whether the first join attempt of {@code pool} has finished (true without seeds). */
    public boolean firstJoinDone(Pool pool) {
        return engine(pool).firstJoinDone;
    }

    /**
     * Whether the node is part of {@code pool}: a join succeeded, a peer joined it, or there are no
     * seeds to join.
     */
    public boolean joined(Pool pool) {
        PoolEngine e = engine(pool);
        return e.joined(e.node.members());
    }

    /** How the last join attempt of {@code pool} failed, while it is not joined. */
    public Optional<JoinFailure> joinFailure(Pool pool) {
        PoolEngine e = engine(pool);
        return e.joinFailure(e.node.members());
    }

    /**
     * Joins each pool's configured seeds in the background until joined, saying how it goes: a
     * failed attempt as a warning, the first and then one every
     * {@link JoinWarnings#FAILURE_INTERVAL}, so that a node that never joins does not go quiet. A refusal
     * (a configuration mistake: a seed in another datacenter or cluster, a LAN seed given as a WAN
     * one) is retried more and more slowly ({@value GossamerConfig#JOIN_REFUSED_BACKOFF} doubling to
     * {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}) and warned of once, naming the reason and the
     * seed, then again only if it changes or every {@link JoinWarnings#REFUSAL_INTERVAL}; readiness names
     * it meanwhile. The engine stops trying once the pool is left or the node closed.
     */
    public void joinSeeds() {
        for (PoolEngine e : engines()) {
            if (!e.seeds.isEmpty()) {
                joinInBackground(e);
            }
        }
    }

    private void joinInBackground(PoolEngine e) {
        SwimNode n = e.node;
        n.joinUntilJoined(e.seeds, attempt -> {
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
                boolean warn = e.joinWarnings.warnFailure();
                LOG.log(warn ? Level.WARNING : Level.DEBUG, () -> "Gossamer node " + n.localMember().name() + " ("
                        + e.pool + " pool): " + failed.failure().getMessage() + "; not joined after "
                        + failed.number() + (failed.number() == 1 ? " attempt" : " attempts") + ", retrying in "
                        + failed.retryIn().toMillis() + " ms" + (warn ? " (said again at most once a minute)" : ""));
            }
        }).onFailure(stopped -> e.firstJoinDone = true);
    }

    /** One line that says what refused, why, and that a configuration must change. */
    private void logRefusal(PoolEngine e, JoinRefusedException r, Duration retryIn) {
        boolean warn = e.joinWarnings.warn(r);
        LOG.log(warn ? Level.WARNING : Level.DEBUG, () -> "Gossamer node " + e.node.localMember().name() + " ("
                + e.pool + " pool): seed " + r.seed() + " refused the join: " + r.reason() + " (" + r.detail()
                + "): " + r.reason().description() + ". A configuration must change, this node's or the seed's; "
                + "retrying in " + retryIn.toMillis() + " ms, less and less often, up to every "
                + Durations.format(settings.joinRefusedMaxBackoff()) + "; readiness data join-refused names the refusal"
                + (warn ? " (this warning comes again if the refusal changes, or in "
                        + JoinWarnings.REFUSAL_INTERVAL.toMinutes() + " min)" : ""));
    }

    /**
     * One key operation across {@code pool}, as {@link io.gossamer.EncryptionKeys} describes it:
     * every failure (no keys, a malformed key, the local keyring refusing) is a failed stage, never
     * an exception thrown here. The key is never put in a message. The stage completes on the event
     * loop.
     */
    public CompletionStage<KeyResponse> keyOperation(Pool pool, KeyResponse.Operation op, String base64Key) {
        byte[] key = null;
        try {
            key = op == KeyResponse.Operation.LIST ? new byte[0] : decodeKey(base64Key);
            SwimNode n = node(pool);
            Future<KeyResponse> f = switch (op) {
                case LIST -> n.listKeys();
                case INSTALL -> n.installKey(key);
                case USE -> n.useKey(key);
                case REMOVE -> n.removeKey(key);
            };
            return f.toCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
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
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException("the key is " + length + " bytes; an AES key is 16, 24 or 32 bytes "
                    + "(base64 of 24, 32 or 44 characters)");
        }
        return key;
    }

    /** Marks {@code pool} left (no more join attempts matter) and leaves it, bounded by the leave timeout. */
    public CompletableFuture<Void> leave(Pool pool) {
        PoolEngine e = engine(pool);
        e.left = true;
        return e.node.leave(settings.leaveTimeout()).toCompletionStage().toCompletableFuture();
    }

    /**
     * Leaves gracefully every pool not left yet, all at once (a server's shutdown takes one leave
     * timeout, not two), waiting a little longer than the leave timeout; with a zero leave timeout
     * it leaves nothing. Returns the pools whose leave completed; a leave that did not is logged.
     */
    public List<Pool> leaveAll() {
        Duration timeout = settings.leaveTimeout();
        Map<PoolEngine, CompletableFuture<Void>> leaving = new LinkedHashMap<>();
        for (PoolEngine e : engines()) {
            if (!e.left && !timeout.isZero()) {
                leaving.put(e, e.node.leave(timeout).toCompletionStage().toCompletableFuture());
            }
            e.left = true;
        }
        // A little longer than the leave's own bound, which fails it with a timeout itself.
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        List<Pool> left = new ArrayList<>();
        for (Map.Entry<PoolEngine, CompletableFuture<Void>> l : leaving.entrySet()) {
            PoolEngine e = l.getKey();
            try {
                l.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                LOG.log(Level.INFO, () -> "Gossamer node " + e.node.localMember().name() + " left the " + e.pool
                        + " pool");
                left.add(e.pool);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ex) {
                LOG.log(Level.WARNING, "Gossamer node " + settings.nodeName() + " did not finish leaving the "
                        + e.pool + " pool within " + timeout.toMillis() + " ms; peers will find out by probing", ex);
            }
        }
        return left;
    }

    /** Closes the engines (without a leave: {@link #leaveAll()} first for a graceful stop) and Vert.x. */
    public void close() {
        for (PoolEngine e : engines()) {
            e.node.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "Vert.x of Gossamer node " + settings.nodeName() + " did not close", e);
        }
    }
}
