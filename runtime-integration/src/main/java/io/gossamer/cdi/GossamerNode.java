package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.wire.WireLimits;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SWIM node of the application, and the {@link Membership} bean.
 *
 * <p>It starts when the application does ({@code @Initialized(ApplicationScoped.class)}), joins
 * the seeds in the background (a seed that is down never holds up the deployment; attempts go on
 * with a backoff up to 30 s until one answers or a peer joins this node), fires membership
 * events (see {@link EventDelivery}), and leaves gracefully, bounded by
 * {@value GossamerConfig#LEAVE_TIMEOUT}, when the application stops. With
 * {@value GossamerConfig#ENABLED}{@code =false} nothing starts and every {@link Membership}
 * method fails with {@link IllegalStateException}.
 */
@ApplicationScoped
public class GossamerNode implements Membership {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");
    private static final Duration FIRST_JOIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_JOIN_BACKOFF = Duration.ofSeconds(30);
    private static final long HEARTBEAT_MS = 500;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** How long shutdown waits for the local LEFT event to reach observers once the leave is done. */
    private static final Duration LOCAL_LEFT_WAIT = Duration.ofSeconds(2);

    /** Where the node is in its life. */
    enum Phase { NOT_STARTED, DISABLED, RUNNING, LEFT, STOPPED, FAILED }

    /**
     * What the health checks report, read without waiting.
     *
     * @param phase           where the node is
     * @param settings        the settings in force
     * @param firstJoinDone   whether the first join attempt has finished (true without seeds)
     * @param joined          whether the node is part of a cluster: a join succeeded, a peer
     *                        joined it, or there are no seeds to join
     * @param heartbeatAgeMs  milliseconds since the event loop last ran the heartbeat timer
     * @param healthScore     the local health score, 0 best
     * @param members         the current members; empty unless running
     */
    record Status(Phase phase, Optional<GossamerSettings> settings, boolean firstJoinDone, boolean joined,
                  long heartbeatAgeMs, int healthScore, List<Member> members) {
    }

    @Inject
    BeanManager beanManager;

    @Inject
    Event<MembershipEvent> events;

    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile GossamerSettings settings;
    private volatile Vertx vertx;
    private volatile SwimNode node;
    private volatile EventDelivery delivery;
    private volatile ExecutorService completions;
    private volatile boolean firstJoinDone;
    private volatile boolean joinSucceeded;
    private volatile long lastHeartbeat = System.nanoTime();
    private volatile long joinTimer = -1;

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
        String hostAddress = hostAddress();
        SwimConfig config = s.toSwimConfig(hostAddress);
        // Created here, on the container thread: Vert.x keeps this thread's context class loader
        // for its handlers, so the deployment's classes and configuration are visible there. One
        // event loop: the protocol needs no more, and EventDelivery relies on it being the only one.
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
        EventDelivery d = new EventDelivery(beanManager, events);
        delivery = d;
        SwimNodeOptions.Builder options = SwimNodeOptions.builder()
                .vertx(v)
                .bindHost(s.bindAddress())
                .bindPort(s.bindPort())
                .joinAttempts(1)
                .closeTimeout(CLOSE_TIMEOUT)
                .listener(d);
        s.fixedAdvertise(hostAddress).ifPresent(options::advertise);
        SwimNode n;
        try {
            n = SwimNode.start(config, options.build()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(d, v, e);
            throw new IllegalStateException("interrupted while starting the Gossamer node", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            fail(d, v, cause);
            throw new IllegalStateException("Gossamer node " + s.nodeName() + " cannot start on "
                    + s.bindAddress() + ":" + s.bindPort() + ": " + cause, cause);
        }
        node = n;
        v.setPeriodic(HEARTBEAT_MS, id -> lastHeartbeat = System.nanoTime());
        lastHeartbeat = System.nanoTime();
        phase = Phase.RUNNING;
        d.started(n);
        LOG.log(Level.INFO, () -> "Gossamer node " + s.nodeName() + " started at " + n.localMember().address() + ":"
                + n.localMember().port() + " (cluster " + s.cluster() + ", datacenter " + s.datacenter()
                + ", profile " + s.profile().name().toLowerCase(Locale.ROOT) + ")");
        if (s.seeds().isEmpty()) {
            firstJoinDone = true;
        } else {
            join(n, s.seeds(), FIRST_JOIN_BACKOFF);
        }
    }

    private void fail(EventDelivery d, Vertx v, Throwable cause) {
        phase = Phase.FAILED;
        d.failed(cause);
        v.close();
        completions.shutdown();
    }

    /** One join attempt; retried on the event loop's timer until it succeeds or is moot. */
    private void join(SwimNode n, List<String> seeds, Duration backoff) {
        joinTimer = -1;
        if (phase != Phase.RUNNING) {
            return;
        }
        n.join(seeds).onComplete(ar -> {
            boolean first = !firstJoinDone;
            firstJoinDone = true;
            if (ar.succeeded()) {
                joinSucceeded = true;
                LOG.log(Level.INFO, () -> "Gossamer node " + n.localMember().name() + " joined through "
                        + ar.result() + " seed address(es)");
                return;
            }
            if (phase != Phase.RUNNING) {
                return;
            }
            if (aliveCount(n.members()) > 1) {
                // A peer joined us meanwhile: we are in a cluster, and push-pull does the rest.
                LOG.log(Level.INFO, () -> "Gossamer node " + n.localMember().name()
                        + " was joined by a peer; no more join attempts");
                return;
            }
            Level level = first ? Level.WARNING : Level.DEBUG;
            LOG.log(level, () -> "Gossamer node " + n.localMember().name() + ": " + ar.cause().getMessage()
                    + "; retrying in " + backoff.toMillis() + " ms");
            Duration next = backoff.multipliedBy(2).compareTo(MAX_JOIN_BACKOFF) > 0 ? MAX_JOIN_BACKOFF
                    : backoff.multipliedBy(2);
            try {
                joinTimer = vertx.setTimer(backoff.toMillis(), id -> join(n, seeds, next));
            } catch (RuntimeException e) {
                // Vert.x is closing.
            }
        });
    }

    /** Leaves gracefully (bounded), then stops the node and its Vert.x. */
    @PreDestroy
    void stop() {
        Phase was = phase;
        if (was != Phase.RUNNING && was != Phase.LEFT) {
            return;
        }
        // LEFT, not STOPPED, while leaving: observers of the local member's departure may still
        // use Membership, and join retries stop.
        phase = Phase.LEFT;
        SwimNode n = node;
        Vertx v = vertx;
        long timer = joinTimer;
        if (timer != -1) {
            v.cancelTimer(timer);
        }
        Duration timeout = settings.leaveTimeout();
        if (was == Phase.RUNNING && !timeout.isZero()) {
            try {
                // A little longer than the leave's own bound, which fails it with a timeout itself.
                n.leave(timeout).toCompletionStage().toCompletableFuture()
                        .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                LOG.log(Level.INFO, () -> "Gossamer node " + settings.nodeName() + " left the cluster");
                awaitLocalLeftDelivered();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "Gossamer node " + settings.nodeName() + " did not finish leaving within "
                        + timeout.toMillis() + " ms; peers will find out by probing", e);
            }
        }
        // The application's beans are going away: events from here on have nobody reliable to go to.
        phase = Phase.STOPPED;
        delivery.stop();
        n.close();
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
    private void awaitLocalLeftDelivered() throws InterruptedException {
        try {
            delivery.localLeftDelivered().get(LOCAL_LEFT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "the local LEFT event was not delivered within " + LOCAL_LEFT_WAIT.toMillis()
                    + " ms (a slow observer?); stopping delivery anyway");
        }
    }

    // ------------------------------------------------------------------ Membership

    private SwimNode running() {
        SwimNode n = node;
        Phase p = phase;
        if (n == null || p == Phase.STOPPED) {
            throw new IllegalStateException(p == Phase.DISABLED
                    ? "Gossamer is disabled (" + GossamerConfig.ENABLED + "=false)"
                    : "the Gossamer node is not running (" + p.name().toLowerCase(Locale.ROOT) + ")");
        }
        return n;
    }

    @Override
    public Member localMember() {
        return running().localMember();
    }

    @Override
    public List<Member> members() {
        return running().members();
    }

    @Override
    public Optional<Member> member(String name) {
        Objects.requireNonNull(name, "name");
        return running().members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public CompletionStage<Void> leave() {
        SwimNode n = running();
        phase = Phase.LEFT;
        return offLoop(n.leave(settings.leaveTimeout()));
    }

    @Override
    public CompletionStage<Void> updateTags(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        SwimNode n = running();
        try {
            int size = WireLimits.encodedTagsSize(tags);
            if (size > WireLimits.MAX_TAGS_BYTES) {
                return CompletableFuture.failedStage(new IllegalArgumentException("tags take " + size
                        + " bytes encoded, at most " + WireLimits.MAX_TAGS_BYTES + " allowed"));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedStage(e);
        }
        return offLoop(n.updateTags(Map.copyOf(tags)));
    }

    @Override
    public CompletionStage<Void> forceLeave(String name) {
        Objects.requireNonNull(name, "name");
        return offLoop(running().forceLeave(name));
    }

    /**
     * Completes on a thread of ours, never on the event loop: whatever the caller chains onto the
     * result must not run where probes and acks are handled.
     */
    private <T> CompletionStage<T> offLoop(Future<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ExecutorService executor = completions;
        future.onComplete(ar -> {
            Runnable complete = () -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            };
            try {
                executor.execute(complete);
            } catch (RejectedExecutionException e) {
                // Shutting down: completing here is better than never.
                complete.run();
            }
        });
        return result.minimalCompletionStage();
    }

    // ------------------------------------------------------------------ health

    /** A snapshot for the health checks. */
    Status status() {
        SwimNode n = node;
        Phase p = phase;
        boolean running = n != null && (p == Phase.RUNNING || p == Phase.LEFT);
        List<Member> members = running ? n.members() : List.of();
        boolean joined = running && (joinSucceeded || settings.seeds().isEmpty() || aliveCount(members) > 1);
        return new Status(p, Optional.ofNullable(settings), firstJoinDone, joined,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeartbeat),
                running ? n.healthScore() : 0, members);
    }

    static long aliveCount(List<Member> members) {
        return members.stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    /**
     * The address announced when binding every address: the first site-local IPv4 address of an
     * interface that is up, else any non-loopback IPv4 one, else the host's (as memberlist does).
     */
    static String hostAddress() {
        String fallback = null;
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!(a instanceof Inet4Address) || a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    if (a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                    if (fallback == null) {
                        fallback = a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.DEBUG, "cannot list network interfaces", e);
        }
        if (fallback != null) {
            return fallback;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
