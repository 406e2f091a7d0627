package io.gossamer.swim.transport;

import io.gossamer.Coordinate;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.QueryOptions;
import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.ProtocolMetrics;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.metrics.SwimMetrics;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.core.SwimCore;
import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Envelope;
import io.gossamer.swim.wire.Message.QueryResponse;
import io.gossamer.swim.wire.Message.UserEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static io.gossamer.swim.transport.CoreRunner.now;

/**
 * Drives one {@link SwimCore} with Vert.x: one datagram socket and one TCP server on the same port
 * ({@link PortBinding}), a TCP client for outgoing streams, and a single timer at the core's next
 * deadline. The driver coordinates; each concern has its class: {@link CoreRunner} (core calls,
 * the published view, the timer), {@link DatagramChannel}, {@link OutboundStreams},
 * {@link InboundStreams} (with their budget), {@link CoreOutputAdapter} (what the core asks for),
 * {@link PendingCommands} and {@link TransportCounters}.
 *
 * <p>The driver is deployed as a verticle so that it owns a fresh event-loop context: every core
 * call, socket handler and timer runs there, which is what lets the core go without locks. The
 * public methods may be called from any thread; they hop onto that context. Readers on other
 * threads see the immutable {@link View} published after each core call.
 *
 * <p>Implementation detail of {@link io.gossamer.swim.SwimNode}; not a supported API.
 */
public final class SwimDriver {

    /**
     * What the driver needs to start.
     *
     * @param config            the protocol configuration; its advertise address is replaced
     * @param bindHost          IP literal to bind UDP and TCP on (a wildcard binds all interfaces)
     * @param bindPort          port to bind, 0 for an ephemeral one
     * @param advertise         the address announced to peers, given the bound port
     *                          ({@link io.gossamer.swim.SwimNodeOptions#advertised()})
     * @param maxInboundStreams incoming streams served at once; as many more wait, beyond those
     *                          a stream is closed at once
     * @param maxInboundStreamBytes bytes all incoming streams may hold at once while their requests
     *                          arrive; the replies to the streams this node opens have a budget of
     *                          their own, as large
     * @param random            the core's randomness
     * @param reports           receives the membership changes, cluster events, queries and
     *                          refutations the core reports, on the event loop
     * @param measurements      receives the core's measurements, on the event loop
     */
    public record Settings(SwimConfig config, String bindHost, int bindPort, IntFunction<NodeAddress> advertise,
                           int maxInboundStreams, long maxInboundStreamBytes, RandomGenerator random,
                           CoreReports reports, MeasurementListener measurements) {
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(advertise, "advertise");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(reports, "reports");
            Objects.requireNonNull(measurements, "measurements");
            if (maxInboundStreams < 1) {
                throw new IllegalArgumentException("maxInboundStreams must be >= 1: " + maxInboundStreams);
            }
        }
    }

    /**
     * The published, immutable view of the core.
     *
     * @param localMember the local member
     * @param members     every known member, the local one included
     * @param localHealth the local health score
     * @param damped      whether the local member refuted so often that its peers hold it damped
     * @param nameHolder  the address of a later instance of the local name, once one took it
     */
    public record View(Member localMember, List<Member> members, int localHealth, boolean damped,
                       Optional<NodeAddress> nameHolder) {
        public View {
            members = List.copyOf(members);
        }
    }

    /**
     * The outcome of one join attempt.
     *
     * @param contacted    seeds that answered
     * @param errors       the core's account of the others
     * @param streamErrors for each seed address whose stream failed, why (as the transport saw it)
     * @param refusals     the seeds that refused the join (or whose reply was refused), with the reason
     */
    public record JoinOutcome(int contacted, List<String> errors, Map<NodeAddress, String> streamErrors,
                              List<JoinRefusal> refusals) {
        public JoinOutcome {
            errors = List.copyOf(errors);
            streamErrors = Map.copyOf(streamErrors);
            refusals = List.copyOf(refusals);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final long tcpTimeoutMs;
    private final TransportCounters counters;
    private final PendingCommands pending = new PendingCommands();

    // Set while the verticle starts, before deploy() completes; then used on the context only.
    private String deploymentId;
    private SwimConfig config;
    private CoreRunner runner;
    private OutboundStreams outbound;
    private CoreOutputAdapter output;
    private PortBinding.Bound sockets;

    private SwimDriver(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.tcpTimeoutMs = Math.max(1, settings.config().tcpTimeout().toMillis());
        this.counters = new TransportCounters(settings.config().name());
    }

    /**
     * Binds the sockets, builds and starts the core on a fresh context of {@code vertx}. The
     * returned future fails if the ports cannot be bound.
     */
    public static Future<SwimDriver> deploy(Vertx vertx, Settings settings) {
        SwimDriver driver = new SwimDriver(vertx, settings);
        // The supplier form, typed as Verticle: its erased signature is the same in Vert.x 4.5 and 5,
        // so this class links on both (Quarkus provides 4.5); deployVerticle(verticle) does not, nor
        // does a lambda typed by Vert.x 5's Supplier<? extends Deployable>.
        Supplier<Verticle> verticle = () -> driver.new NodeVerticle();
        return vertx.deployVerticle(verticle, new DeploymentOptions()).map(id -> {
            driver.deploymentId = id;
            return driver;
        });
    }

    /** The address UDP and TCP are bound to (the port is the actual one). */
    public NodeAddress boundAddress() {
        return sockets.address();
    }

    /** The configuration the core runs with (advertise address resolved). */
    public SwimConfig config() {
        return config;
    }

    /** The latest published view; safe from any thread. */
    public View view() {
        return runner.view();
    }

    /** A copy of the counters; safe from any thread. */
    public SwimMetrics metrics() {
        GuardMetrics guard = runner.guardMetrics();
        if (guard == null) {
            guard = new GuardMetrics(settings.config().guard(), Map.of(), 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);
        }
        return counters.snapshot(guard);
    }

    /** What the protocol did so far; safe from any thread. */
    public ProtocolMetrics protocolMetrics() {
        return runner.protocolMetrics();
    }

    /** What became of cluster events, as of the last core call; safe from any thread. */
    public EventMetrics eventMetrics() {
        return runner.eventMetrics();
    }

    /** What became of queries, as of the last core call; safe from any thread. */
    public QueryMetrics queryMetrics() {
        return runner.queryMetrics();
    }

    /** One join attempt with already resolved seed addresses. */
    public Future<JoinOutcome> join(List<NodeAddress> seeds) {
        List<NodeAddress> copy = List.copyOf(seeds);
        return runner.onContext(() -> {
            Promise<JoinOutcome> promise = Promise.promise();
            if (runner.closed()) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            RuntimeException failure = runner.attempt(core -> pending.joinStarted(core.join(now(), copy), copy, promise));
            runner.afterCall();
            if (failure != null) {
                promise.tryFail(failure);
            }
            return promise.future();
        });
    }

    /**
     * Starts a graceful leave. The future completes when the core reports the news spread, or
     * fails with a {@link TimeoutException} after {@code timeoutMs}.
     */
    public Future<Void> leave(long timeoutMs) {
        return runner.onContext(() -> {
            Promise<Void> promise = Promise.promise();
            if (runner.closed()) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            pending.leaveStarted(promise);
            long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
                if (pending.leaveAbandoned(promise)) {
                    promise.tryFail(new TimeoutException("leave not confirmed within " + timeoutMs + " ms"));
                }
            });
            promise.future().onComplete(ar -> vertx.cancelTimer(timer));
            runner.call(core -> core.leave(now()));
            return promise.future();
        });
    }

    /** Replaces the local member's tags. */
    public Future<Void> updateTags(Map<String, String> tags) {
        Map<String, String> copy = Map.copyOf(tags);
        return command(core -> core.updateTags(now(), copy));
    }

    /**
     * Sends a cluster event; the future completes with the event as sent, or fails with the core's
     * refusal (a bad name, too large, the member has left).
     */
    public Future<UserEvent> sendEvent(String name, byte[] payload, boolean coalesce) {
        byte[] copy = payload.clone();
        return runner.onContext(() -> {
            if (runner.closed()) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            UserEvent[] sent = new UserEvent[1];
            RuntimeException failure = runner.attempt(core -> sent[0] = core.sendEvent(now(), name, copy, coalesce));
            runner.afterCall();
            return failure == null ? Future.succeededFuture(sent[0]) : Future.failedFuture(failure);
        });
    }

    /**
     * Hears one query asked here: its acknowledgements and answers, each member's first, then its
     * end. Called on the event loop: must not block.
     */
    public interface QuerySink {
        void responded(QueryResponse response, Instant at);

        /** The deadline passed, or the node closed: nothing more comes. */
        void finished(Instant at);
    }

    /**
     * Asks a query; the future completes with its Lamport time once asked (or fails with the
     * core's refusal), and {@code sink} hears of it from then until its end.
     */
    public Future<Long> query(String name, byte[] payload, QueryOptions options, QuerySink sink) {
        byte[] copy = payload.clone();
        return runner.onContext(() -> {
            if (runner.closed()) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            long[] ltime = new long[1];
            RuntimeException failure = runner.attempt(core -> {
                ltime[0] = core.query(now(), name, copy, options);
                pending.queryStarted(ltime[0], sink);
            });
            runner.afterCall();
            return failure == null ? Future.succeededFuture(ltime[0]) : Future.failedFuture(failure);
        });
    }

    /** Answers a query delivered here; fails with the core's refusal (answered, past its deadline, too large). */
    public Future<Void> respond(String origin, long ltime, byte[] payload) {
        byte[] copy = payload.clone();
        return runner.onContext(() -> {
            if (runner.closed()) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            RuntimeException failure = runner.attempt(core -> core.respond(now(), origin, ltime, copy));
            runner.afterCall();
            return failure == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(failure);
        });
    }

    /** Force-leaves a dead member, and forgets it with {@code prune}. */
    public Future<Void> forceLeave(String name, boolean prune) {
        return command(core -> core.forceLeave(now(), name, prune));
    }

    /**
     * Runs a key operation across the pool; the future completes with every member's answer, or
     * fails at once with the core's refusal (no keys, a key the local keyring refuses).
     */
    public Future<KeyResponse> keyOperation(KeyResponse.Operation op, byte[] key) {
        byte[] copy = key.clone();
        return runner.onContext(() -> {
            Promise<KeyResponse> promise = Promise.promise();
            if (runner.closed()) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            RuntimeException failure = runner.attempt(
                    core -> pending.keyOperationStarted(core.keyOperation(now(), op, copy), promise));
            Arrays.fill(copy, (byte) 0);
            runner.afterCall();
            if (failure != null) {
                promise.tryFail(failure);
            }
            return promise.future();
        });
    }

    /** The network coordinates known, the local member's included, by name; safe from any thread. */
    public Map<String, Coordinate> coordinates() {
        return runner.coordinates();
    }

    /** The keys in force now; safe from any thread. */
    public Optional<Keyring> keyring() {
        return output.keyring();
    }

    /** Switches the cluster-mixing guard; switched on, it sheds foreign members at once. */
    public Future<Void> setGuardEnabled(boolean enabled) {
        return command(core -> core.setGuardEnabled(now(), enabled));
    }

    /**
     * Runs a core command that changes the member list; the core's refusal (a bad argument, a
     * wrong state) fails the returned future.
     */
    private Future<Void> command(Consumer<SwimCore> coreCall) {
        return runner.onContext(() -> {
            if (runner.closed()) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            RuntimeException failure = runner.attempt(coreCall);
            runner.membersChanged();
            runner.afterCall();
            return failure == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(failure);
        });
    }

    /** Closes the sockets and stops the core abruptly (no leave). Idempotent. */
    public Future<Void> close() {
        if (deploymentId == null) {
            return Future.succeededFuture();
        }
        return vertx.undeploy(deploymentId).recover(err -> {
            // Already undeployed (a second close, or Vert.x closing under us) is success.
            return Future.succeededFuture();
        });
    }

    /**
     * Owns the node's context. An {@link AbstractVerticle} with promises, deprecated in Vert.x 5 in
     * favour of {@code VerticleBase}, because it is the form that Vert.x 4.5 and 5 both run.
     */
    @SuppressWarnings("deprecation")
    private final class NodeVerticle extends AbstractVerticle {

        @Override
        public void start(Promise<Void> started) {
            bind().<Void>mapEmpty().onComplete(result -> started.handle(result));
        }

        @Override
        public void stop(Promise<Void> stopped) {
            release().<Void>mapEmpty().onComplete(result -> stopped.handle(result));
        }

        private Future<?> bind() {
            SwimConfig given = settings.config();
            runner = new CoreRunner(vertx, super.context, counters, settings.reports());
            // The guard decides which foreign labels are let in; asked on this context only.
            WireAdapter wire = new WireAdapter(given, runner::acceptsLabel, envelope(given));
            DatagramChannel datagrams = new DatagramChannel(wire, counters, runner);
            // Replies get a budget of their own, as large: whatever state a node takes as a
            // request it takes as a reply too (a join's reply is the whole cluster's state).
            outbound = new OutboundStreams(vertx, tcpTimeoutMs, settings.maxInboundStreamBytes(), wire, counters,
                    runner);
            InboundStreams inbound = new InboundStreams(vertx, tcpTimeoutMs, settings.maxInboundStreams(),
                    settings.maxInboundStreamBytes(), wire, counters, runner);
            output = new CoreOutputAdapter(runner, datagrams, outbound, pending, wire, settings.measurements());
            return PortBinding.bind(vertx, settings.bindHost(), settings.bindPort(), datagrams::onPacket,
                    inbound::accept).map(bound -> {
                sockets = bound;
                datagrams.attach(bound.udp());
                startCore();
                return null;
            }).recover(err -> {
                // A failed deployment does not run stop(): release what was bound.
                release();
                return Future.failedFuture(err);
            });
        }

        private Future<?> release() {
            runner.close();
            pending.failAll(new IllegalStateException("node closed"));
            outbound.abandonAll();
            List<Future<?>> closing = new ArrayList<>();
            if (sockets != null) {
                closing.add(sockets.close());
            }
            closing.add(outbound.close());
            return Future.join(closing).otherwiseEmpty();
        }
    }

    private static Envelope envelope(SwimConfig config) {
        return config.keyring()
                .map(k -> Envelope.sealed(new Aead(k, new SecureRandom()), config.verifyIncoming(), config.verifyOutgoing()))
                .orElse(Envelope.plaintext());
    }

    private void startCore() {
        config = settings.config().toBuilder().advertise(settings.advertise().apply(sockets.address().port())).build();
        runner.start(new SwimCore(config, settings.random(), output));
    }
}
