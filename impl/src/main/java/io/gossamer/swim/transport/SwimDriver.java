package io.gossamer.swim.transport;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.CoreOutput;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.core.SwimCore;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.SwimMetrics;
import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.DropCounters;
import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.Envelope;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Drives one {@link SwimCore} with Vert.x: one datagram socket and one TCP server on the same port,
 * a TCP client for outgoing streams, and a single timer at the core's next deadline.
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
     * Receive allocation for datagrams. Netty reads each datagram into a buffer of the size its
     * {@code RecvByteBufAllocator} guesses (2048 bytes by default) and the kernel silently cuts
     * anything longer. Vert.x's {@code DatagramSocketOptions.setReceiveBufferSize(n)} is the only
     * public knob and sets two things at once: {@code SO_RCVBUF = n} and a
     * {@code FixedRecvByteBufAllocator(n)}. So n must be at least the largest UDP payload (65,507
     * over IPv4) for no datagram to be cut, and should be much more, or the kernel queue shrinks
     * below its default and bursts are lost (64 KiB lost 3 % of a 2,000-datagram burst in
     * {@code HostileInputTest}). 1 MiB is what Netty 4.2's adaptive allocator still pools, so the
     * per-read buffer costs no allocation; the kernel caps {@code SO_RCVBUF} at
     * {@code net.core.rmem_max}. memberlist asks for 2 MiB.
     */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    /** A UDP port taken by someone else over TCP is retried with a fresh ephemeral pair this often. */
    static final int BIND_ATTEMPTS = 16;

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");
    private static final long ORIGIN = System.nanoTime();

    /** Monotonic milliseconds for the core; shared origin so logs of several nodes line up. */
    static long now() {
        return (System.nanoTime() - ORIGIN) / 1_000_000L;
    }

    /**
     * What the driver needs to start.
     *
     * @param config            the protocol configuration; its advertise address is replaced
     * @param bindHost          IP literal to bind UDP and TCP on (a wildcard binds all interfaces)
     * @param bindPort          port to bind, 0 for an ephemeral one
     * @param advertise         the address announced to peers, given the bound port
     *                          ({@link io.gossamer.swim.SwimNodeOptions#advertised()})
     * @param maxInboundStreams incoming streams served at once; more are closed at once
     * @param maxInboundStreamBytes bytes all incoming streams may hold at once while their requests arrive
     * @param random            the core's randomness
     * @param changes           receives every membership change, on the event loop; must not block
     */
    public record Settings(SwimConfig config, String bindHost, int bindPort, IntFunction<NodeAddress> advertise,
                           int maxInboundStreams, long maxInboundStreamBytes, RandomGenerator random,
                           Consumer<MemberChange> changes) {
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(advertise, "advertise");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(changes, "changes");
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
     */
    public record View(Member localMember, List<Member> members, int localHealth) {
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
    private final DropCounters drops = new DropCounters();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder streamBytesSent = new LongAdder();
    private final LongAdder streamBytesReceived = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder streamsFailed = new LongAdder();
    private final LongAdder streamsAccepted = new LongAdder();
    private final LongAdder streamsRejected = new LongAdder();
    private final LongAdder streamsTimedOut = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();

    // Everything below is confined to the context.
    private Context context;
    private String deploymentId;
    private SwimConfig config;
    private WireAdapter wire;
    private DropLog dropLog;
    private SwimCore core;
    private DatagramSocket udp;
    private NetServer tcpServer;
    private NetClient tcpClient;
    private NodeAddress bound;
    private boolean closed;
    private boolean membersDirty = true;
    /** Changes of the current core call, handed on only once the view that shows them is published. */
    private final List<MemberChange> pendingChanges = new ArrayList<>();
    private long timerId = -1;
    private long timerAt = Long.MAX_VALUE;
    private int inboundActive;
    /** Bytes received by incoming streams whose request is not complete yet: what their decoders may hold. */
    private long inboundHeld;
    private final Map<Long, Outbound> outbound = new HashMap<>();
    private final Map<Long, JoinRequest> joins = new HashMap<>();
    private final Map<Long, Promise<KeyResponse>> keyOperations = new HashMap<>();
    private final List<Promise<Void>> leaves = new ArrayList<>();
    private final Map<NodeAddress, String> recentStreamErrors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeAddress, String> eldest) {
            return size() > 256;
        }
    };

    private volatile View view;
    /** The keys in force, published for readers on other threads; empty without encryption. */
    private volatile Optional<Keyring> keyring = Optional.empty();
    private volatile GuardMetrics guardMetrics;
    private long guardMetricsVersion = -1;

    private SwimDriver(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.tcpTimeoutMs = Math.max(1, settings.config().tcpTimeout().toMillis());
    }

    /**
     * Binds the sockets, builds and starts the core on a fresh context of {@code vertx}. The
     * returned future fails if the ports cannot be bound.
     */
    public static Future<SwimDriver> deploy(Vertx vertx, Settings settings) {
        SwimDriver driver = new SwimDriver(vertx, settings);
        return vertx.deployVerticle(driver.new NodeVerticle()).map(id -> {
            driver.deploymentId = id;
            return driver;
        });
    }

    /** The address UDP and TCP are bound to (the port is the actual one). */
    public NodeAddress boundAddress() {
        return bound;
    }

    /** The configuration the core runs with (advertise address resolved). */
    public SwimConfig config() {
        return config;
    }

    /** The latest published view; safe from any thread. */
    public View view() {
        return view;
    }

    /** A copy of the counters; safe from any thread. */
    public SwimMetrics metrics() {
        Map<String, Long> dropMap = new LinkedHashMap<>();
        drops.snapshot().forEach((reason, count) -> {
            if (count > 0) {
                dropMap.put(reason.name(), count);
            }
        });
        GuardMetrics guard = guardMetrics;
        if (guard == null) {
            guard = new GuardMetrics(settings.config().guard(), Map.of(), 0, 0, 0, Map.of(), 0);
        }
        return new SwimMetrics(packetsSent.sum(), bytesSent.sum(), packetsReceived.sum(), bytesReceived.sum(),
                sendFailures.sum(), dropMap, streamBytesSent.sum(), streamBytesReceived.sum(), streamsOpened.sum(), streamsFailed.sum(), streamsAccepted.sum(),
                streamsRejected.sum(), streamsTimedOut.sum(), internalErrors.sum(), guard);
    }

    /** One join attempt with already resolved seed addresses. */
    public Future<JoinOutcome> join(List<NodeAddress> seeds) {
        List<NodeAddress> copy = List.copyOf(seeds);
        return onContext(() -> {
            Promise<JoinOutcome> promise = Promise.promise();
            if (closed) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            RuntimeException[] failure = new RuntimeException[1];
            callOrThrow(() -> {
                long id = core.join(now(), copy);
                joins.put(id, new JoinRequest(copy, promise));
            }, failure);
            afterCall();
            if (failure[0] != null) {
                promise.tryFail(failure[0]);
            }
            return promise.future();
        });
    }

    /**
     * Starts a graceful leave. The future completes when the core reports the news spread, or
     * fails with a {@link TimeoutException} after {@code timeoutMs}.
     */
    public Future<Void> leave(long timeoutMs) {
        return onContext(() -> {
            Promise<Void> promise = Promise.promise();
            if (closed) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            leaves.add(promise);
            long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
                if (leaves.remove(promise)) {
                    promise.tryFail(new TimeoutException("leave not confirmed within " + timeoutMs + " ms"));
                }
            });
            promise.future().onComplete(ar -> vertx.cancelTimer(timer));
            call(() -> core.leave(now()));
            return promise.future();
        });
    }

    /** Replaces the local member's tags. */
    public Future<Void> updateTags(Map<String, String> tags) {
        Map<String, String> copy = Map.copyOf(tags);
        return command(() -> core.updateTags(now(), copy));
    }

    /** Force-leaves a dead member, and forgets it with {@code prune}. */
    public Future<Void> forceLeave(String name, boolean prune) {
        return command(() -> core.forceLeave(now(), name, prune));
    }

    /**
     * Runs a key operation across the pool; the future completes with every member's answer, or
     * fails at once with the core's refusal (no keys, a key the local keyring refuses).
     */
    public Future<KeyResponse> keyOperation(KeyResponse.Operation op, byte[] key) {
        byte[] copy = key.clone();
        return onContext(() -> {
            Promise<KeyResponse> promise = Promise.promise();
            if (closed) {
                promise.fail(new IllegalStateException("node closed"));
                return promise.future();
            }
            RuntimeException[] failure = new RuntimeException[1];
            callOrThrow(() -> keyOperations.put(core.keyOperation(now(), op, copy), promise), failure);
            java.util.Arrays.fill(copy, (byte) 0);
            afterCall();
            if (failure[0] != null) {
                promise.tryFail(failure[0]);
            }
            return promise.future();
        });
    }

    /** The keys in force now; safe from any thread. */
    public Optional<Keyring> keyring() {
        return keyring;
    }

    /** Switches the cluster-mixing guard; switched on, it sheds foreign members at once. */
    public Future<Void> setGuardEnabled(boolean enabled) {
        return command(() -> core.setGuardEnabled(now(), enabled));
    }

    /**
     * Runs a core command that changes the member list; the core's refusal (a bad argument, a
     * wrong state) fails the returned future.
     */
    private Future<Void> command(Runnable coreCall) {
        return onContext(() -> {
            if (closed) {
                return Future.failedFuture(new IllegalStateException("node closed"));
            }
            RuntimeException[] failure = new RuntimeException[1];
            callOrThrow(coreCall, failure);
            membersDirty = true;
            afterCall();
            return failure[0] == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(failure[0]);
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

    // ---------------------------------------------------------------- context plumbing

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        if (!defer(() -> action.get().onComplete(promise))) {
            promise.fail(new IllegalStateException("node closed"));
        }
        return promise.future();
    }

    /**
     * Runs {@code task} on the context on a later turn. Returns false if the event loop is gone
     * (the Vert.x instance was closed), which is only possible while shutting down.
     */
    private boolean defer(Runnable task) {
        try {
            context.runOnContext(v -> task.run());
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Runs a core call, then publishes the view and re-arms the timer. A core exception is
     * counted and logged, never thrown into the event loop.
     */
    private void call(Runnable coreCall) {
        if (closed || core == null) {
            return;
        }
        try {
            coreCall.run();
        } catch (RuntimeException e) {
            internalError(e);
        }
        afterCall();
    }

    /** {@link #call} for a core method with a result; {@code fallback} if it threw. */
    private <T> T callFor(Supplier<T> coreCall, T fallback) {
        if (closed || core == null) {
            return fallback;
        }
        T result = fallback;
        try {
            result = coreCall.get();
        } catch (RuntimeException e) {
            internalError(e);
        }
        afterCall();
        return result == null ? fallback : result;
    }

    private void callOrThrow(Runnable coreCall, RuntimeException[] failure) {
        try {
            coreCall.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            failure[0] = e;
        } catch (RuntimeException e) {
            internalError(e);
            failure[0] = e;
        }
    }

    private void internalError(RuntimeException e) {
        internalErrors.increment();
        dropLog.dropped("INTERNAL_ERROR", "input", "core", e.toString());
        LOG.log(Level.DEBUG, "core call failed", e);
    }

    private void afterCall() {
        if (closed || core == null) {
            return;
        }
        try {
            Member local = core.localMember();
            List<Member> members = membersDirty || view == null ? core.members() : view.members();
            membersDirty = false;
            view = new View(local, members, core.localHealth());
            long version = core.guardMetricsVersion();
            if (version != guardMetricsVersion) {
                guardMetricsVersion = version;
                guardMetrics = core.guardMetrics();
            }
        } catch (RuntimeException e) {
            internalError(e);
        }
        publishChanges();
        reschedule();
    }

    /**
     * Hands on the changes of the last core call. After the view is published, so that a listener
     * reading {@code members()} in reaction to a change always sees it.
     */
    private void publishChanges() {
        for (MemberChange change : pendingChanges) {
            try {
                settings.changes().accept(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "membership change sink failed", e);
            }
        }
        pendingChanges.clear();
    }

    /** One timer at the core's next deadline; replaced only when the core wants an earlier one. */
    private void reschedule() {
        long deadline;
        try {
            deadline = core.nextDeadline();
        } catch (RuntimeException e) {
            internalError(e);
            deadline = now() + 1_000;
        }
        if (deadline == Long.MAX_VALUE) {
            cancelTimer();
            return;
        }
        if (timerId != -1 && timerAt <= deadline) {
            return;
        }
        cancelTimer();
        timerAt = deadline;
        timerId = vertx.setTimer(Math.max(1, deadline - now()), id -> {
            if (id != timerId) {
                return;
            }
            timerId = -1;
            timerAt = Long.MAX_VALUE;
            call(() -> core.handleTimers(now()));
        });
    }

    private void cancelTimer() {
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
            timerId = -1;
            timerAt = Long.MAX_VALUE;
        }
    }

    private void drop(DropReason reason, String what, Object from, String detail) {
        drops.increment(reason);
        dropLog.dropped(reason.name(), what, String.valueOf(from), detail);
    }

    private static NodeAddress toNodeAddress(SocketAddress a) {
        return new NodeAddress(a.hostAddress(), a.port());
    }

    // ---------------------------------------------------------------- lifecycle

    private final class NodeVerticle extends VerticleBase {

        @Override
        public Future<?> start() {
            SwimDriver.this.context = super.context;
            dropLog = new DropLog(settings.config().name());
            NetClientOptions clientOptions = new NetClientOptions()
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, tcpTimeoutMs))
                    .setTcpNoDelay(true);
            tcpClient = vertx.createNetClient(clientOptions);
            return bind(1).map(v -> {
                startCore();
                return null;
            }).recover(err -> {
                // A failed deployment does not run stop(): release what was bound.
                stop();
                return Future.failedFuture(err);
            });
        }

        @Override
        public Future<?> stop() {
            shutdown();
            List<Future<?>> closing = new ArrayList<>();
            if (udp != null) {
                closing.add(udp.close());
            }
            if (tcpServer != null) {
                closing.add(tcpServer.close());
            }
            if (tcpClient != null) {
                closing.add(tcpClient.close());
            }
            return Future.join(closing).otherwiseEmpty();
        }
    }

    private void shutdown() {
        closed = true;
        cancelTimer();
        IllegalStateException gone = new IllegalStateException("node closed");
        List<JoinRequest> pendingJoins = new ArrayList<>(joins.values());
        joins.clear();
        pendingJoins.forEach(j -> j.promise().tryFail(gone));
        List<Promise<Void>> pendingLeaves = new ArrayList<>(leaves);
        leaves.clear();
        pendingLeaves.forEach(p -> p.tryFail(gone));
        List<Promise<KeyResponse>> pendingKeys = new ArrayList<>(keyOperations.values());
        keyOperations.clear();
        pendingKeys.forEach(p -> p.tryFail(gone));
        new ArrayList<>(outbound.values()).forEach(o -> o.abandon());
        outbound.clear();
    }

    private Future<Void> bind(int attempt) {
        boolean ipv6 = settings.bindHost().indexOf(':') >= 0;
        DatagramSocketOptions udpOptions = new DatagramSocketOptions()
                .setIpV6(ipv6)
                .setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        DatagramSocket socket = vertx.createDatagramSocket(udpOptions);
        socket.handler(this::onPacket);
        socket.exceptionHandler(e -> LOG.log(Level.DEBUG, "datagram socket error", e));
        return socket.listen(settings.bindPort(), settings.bindHost()).compose(s -> {
            int port = s.localAddress().port();
            NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
            server.connectHandler(this::onStream);
            return server.listen(port, settings.bindHost()).<Void>compose(srv -> {
                udp = socket;
                tcpServer = server;
                bound = new NodeAddress(settings.bindHost(), port);
                return Future.succeededFuture();
            }, err -> {
                socket.close();
                server.close();
                if (settings.bindPort() == 0 && attempt < BIND_ATTEMPTS) {
                    LOG.log(Level.DEBUG, () -> "TCP port " + port + " taken, retrying with a new pair: " + err);
                    return bind(attempt + 1);
                }
                return Future.failedFuture(new IOException("cannot bind TCP " + settings.bindHost() + ":" + port
                        + " next to UDP: " + err.getMessage(), err));
            });
        }, err -> {
            socket.close();
            return Future.failedFuture(new IOException("cannot bind UDP " + settings.bindHost() + ":"
                    + settings.bindPort() + ": " + err.getMessage(), err));
        });
    }

    private void startCore() {
        config = settings.config().toBuilder().advertise(settings.advertise().apply(bound.port())).build();
        Envelope envelope = config.keyring()
                .map(k -> Envelope.sealed(new Aead(k, new SecureRandom()), config.verifyIncoming(), config.verifyOutgoing()))
                .orElse(Envelope.plaintext());
        keyring = envelope.keyring();
        // The guard decides which foreign labels are let in; asked on this context only.
        wire = new WireAdapter(config, label -> core != null && core.acceptsLabel(label), envelope);
        core = new SwimCore(config, settings.random(), new Output());
        call(() -> core.start(now()));
        if (view == null) {
            throw new IllegalStateException("the core failed to start (see the log)");
        }
    }

    // ---------------------------------------------------------------- datagrams

    private void onPacket(DatagramPacket packet) {
        if (closed || core == null) {
            return;
        }
        Buffer data = packet.data();
        byte[] bytes = data.getBytes();
        packetsReceived.increment();
        bytesReceived.add(bytes.length);
        NodeAddress from = toNodeAddress(packet.sender());
        WireAdapter.Result result = wire.decodePacket(bytes);
        if (result instanceof WireAdapter.Result.Packet p) {
            call(() -> core.handlePacket(now(), from, p.messages()));
        } else if (result instanceof WireAdapter.Result.Foreign f) {
            drop(f.label().reason(), "packet", from, f.label().detail());
            Optional<Message.Refuse> refusal = callFor(() -> core.refuseDatagram(now(), from, f.label(), bytes.length),
                    Optional.empty());
            refusal.ifPresent(r -> sendReply(from, f.label(), r));
        } else if (result instanceof WireAdapter.Result.Bad bad) {
            drop(bad.reason(), "packet", from, bad.detail());
        }
    }

    /** A refusal datagram, written with the refused sender's label. */
    private void sendReply(NodeAddress to, ForeignLabel label, Message.Refuse refusal) {
        byte[] bytes;
        try {
            bytes = wire.encodeReplyPacket(label, refusal);
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        packetsSent.increment();
        bytesSent.add(bytes.length);
        udp.send(Buffer.buffer(bytes), to.port(), to.host()).onFailure(err -> {
            sendFailures.increment();
            dropLog.dropped("SEND_FAILED", "outgoing refusal", String.valueOf(to), err.toString());
        });
    }

    private void send(NodeAddress to, List<Message> messages) {
        byte[] bytes;
        try {
            bytes = wire.encodePacket(messages);
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        packetsSent.increment();
        bytesSent.add(bytes.length);
        udp.send(Buffer.buffer(bytes), to.port(), to.host()).onFailure(err -> {
            sendFailures.increment();
            dropLog.dropped("SEND_FAILED", "outgoing packet", String.valueOf(to), err.toString());
        });
    }

    // ---------------------------------------------------------------- outgoing streams

    private final class Outbound {
        final long id;
        final NodeAddress to;
        boolean done;
        NetSocket socket;
        long timer = -1;

        Outbound(long id, NodeAddress to) {
            this.id = id;
            this.to = to;
        }

        void start(Message request) {
            byte[] frame;
            try {
                frame = wire.encodeFrame(request);
            } catch (RuntimeException e) {
                internalError(e);
                finish(Optional.empty(), "cannot encode request: " + e);
                return;
            }
            // One deadline for the whole exchange, as memberlist does: connect, write and read.
            timer = vertx.setTimer(tcpTimeoutMs, t -> {
                timer = -1;
                finish(Optional.empty(), "no reply within " + tcpTimeoutMs + " ms");
            });
            tcpClient.connect(to.port(), to.host()).onComplete(ar -> {
                if (ar.failed()) {
                    finish(Optional.empty(), "connect failed: " + describe(ar.cause()));
                    return;
                }
                socket = ar.result();
                if (done) {
                    socket.close();
                    return;
                }
                WireAdapter.FrameReader reader = wire.newFrameReader();
                boolean[] gotBytes = new boolean[1];
                socket.handler(buf -> {
                    if (done) {
                        return;
                    }
                    gotBytes[0] = true;
                    streamBytesReceived.add(buf.length());
                    WireAdapter.Result r = reader.feed(buf.getBytes());
                    if (r instanceof WireAdapter.Result.Frame f) {
                        finish(Optional.of(f.message()), null);
                    } else if (r instanceof WireAdapter.Result.Foreign foreign) {
                        // The peer let our request in (its guard is off) and answered in its own
                        // pool's label: we refuse it, and the core hears our refusal as the reply.
                        drop(foreign.label().reason(), "stream reply", to, foreign.label().detail());
                        Message.Refuse ours = callFor(() -> core.refuseReply(now(), to, foreign.label()), null);
                        finish(Optional.ofNullable(ours), "reply from another pool: " + foreign.label().detail());
                    } else if (r instanceof WireAdapter.Result.Bad bad) {
                        drop(bad.reason(), "stream reply", to, bad.detail());
                        finish(Optional.empty(), replyProblem(bad.reason()));
                    }
                });
                socket.exceptionHandler(e -> finish(Optional.empty(), describe(e)));
                socket.closeHandler(v -> {
                    if (!done && gotBytes[0]
                            && reader.endOfStream() instanceof WireAdapter.Result.Bad bad) {
                        drop(bad.reason(), "stream reply", to, bad.detail());
                    }
                    finish(Optional.empty(), gotBytes[0] ? "closed before replying"
                            : "closed without replying" + (wire.keyring().isPresent()
                                    ? " (it may hold none of our keys, or none at all)"
                                    : " (it may accept sealed input only: encryption is on there)"));
                });
                streamBytesSent.add(frame.length);
                socket.write(Buffer.buffer(frame)).onFailure(e -> finish(Optional.empty(),
                        "write failed: " + describe(e)));
            });
        }

        /** Reports exactly once; the core hears of it on a later turn of the event loop. */
        void finish(Optional<Message> reply, String error) {
            if (done) {
                return;
            }
            done = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (socket != null) {
                socket.close();
            }
            outbound.remove(id);
            if (error != null) {
                streamsFailed.increment();
                recentStreamErrors.put(to, error);
            } else {
                recentStreamErrors.remove(to);
            }
            // Deferred: a connect future may already be complete, which would run this inside the
            // core's own openStream call.
            defer(() -> call(() -> core.handleStreamResult(now(), id, reply)));
        }

        void abandon() {
            done = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Why a stream reply was unusable, in words a join failure can carry. */
    private static String replyProblem(DropReason reason) {
        return switch (reason) {
            case DECRYPT_FAILED -> "its reply opens with none of our keys (DECRYPT_FAILED): it seals with a key we "
                    + "do not hold";
            case UNENCRYPTED -> "it answered in plaintext, and this node accepts sealed replies only (UNENCRYPTED): "
                    + "it has no keys, or does not seal (verify-outgoing off)";
            default -> "malformed reply: " + reason;
        };
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    // ---------------------------------------------------------------- incoming streams

    private void onStream(NetSocket socket) {
        NodeAddress from = toNodeAddress(socket.remoteAddress());
        if (closed || core == null) {
            socket.close();
            return;
        }
        if (inboundActive >= settings.maxInboundStreams()) {
            streamsRejected.increment();
            dropLog.dropped("STREAM_LIMIT", "stream", String.valueOf(from),
                    settings.maxInboundStreams() + " streams already open");
            socket.close();
            return;
        }
        inboundActive++;
        streamsAccepted.increment();
        new Inbound(socket, from).start();
    }

    private final class Inbound {
        final NetSocket socket;
        final NodeAddress from;
        boolean requestRead;
        boolean gotBytes;
        boolean closedByUs;
        boolean ended;
        long timer = -1;
        /** This stream's share of {@link #inboundHeld}. */
        long held;

        Inbound(NetSocket socket, NodeAddress from) {
            this.socket = socket;
            this.from = from;
        }

        void start() {
            WireAdapter.FrameReader reader = wire.newFrameReader();
            arm();
            socket.closeHandler(v -> {
                // A peer that hangs up mid-frame sent a truncated request; one that never sent a
                // byte (a port probe, an idle connection) is not worth a drop.
                if (!requestRead && !closedByUs && gotBytes && !ended
                        && reader.endOfStream() instanceof WireAdapter.Result.Bad bad) {
                    drop(bad.reason(), "stream", from, bad.detail());
                }
                end();
            });
            socket.exceptionHandler(e -> close());
            socket.handler(buf -> {
                if (requestRead || ended) {
                    return;
                }
                gotBytes = true;
                held += buf.length();
                inboundHeld += buf.length();
                if (inboundHeld > settings.maxInboundStreamBytes()) {
                    drop(DropReason.TOO_LARGE, "stream", from, "incoming streams would hold " + inboundHeld
                            + " bytes, at most " + settings.maxInboundStreamBytes());
                    release();
                    close();
                    return;
                }
                WireAdapter.Result r = reader.feed(buf.getBytes());
                if (r != WireAdapter.Result.NeedMore.INSTANCE) {
                    // A frame or a drop: the decoder holds nothing any more.
                    release();
                }
                if (r instanceof WireAdapter.Result.Frame f) {
                    requestRead = true;
                    socket.pause();
                    reply(f.message());
                } else if (r instanceof WireAdapter.Result.Foreign foreign) {
                    requestRead = true;
                    socket.pause();
                    drop(foreign.label().reason(), "stream", from, foreign.label().detail());
                    refuse(foreign.label());
                } else if (r instanceof WireAdapter.Result.Bad bad) {
                    drop(bad.reason(), "stream", from, bad.detail());
                    close();
                }
            });
        }

        void close() {
            closedByUs = true;
            socket.close();
        }

        /** The read deadline, then again the write deadline: a silent or non-reading peer is cut. */
        void arm() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            timer = vertx.setTimer(tcpTimeoutMs, t -> {
                timer = -1;
                if (!ended) {
                    streamsTimedOut.increment();
                    close();
                }
            });
        }

        void reply(Message request) {
            Optional<Message> reply = callFor(() -> core.handleStream(now(), from, request), Optional.empty());
            if (closed || reply.isEmpty()) {
                close();
                return;
            }
            byte[] frame;
            try {
                frame = wire.encodeFrame(reply.get());
            } catch (RuntimeException e) {
                internalError(e);
                close();
                return;
            }
            write(frame);
        }

        /**
         * Answers a stream whose label is not ours with the guard's refusal, written with the
         * sender's label so that its decoder accepts it, then closes: the joiner learns why.
         */
        void refuse(ForeignLabel label) {
            Message.Refuse refusal = callFor(() -> core.refuseStream(now(), from, label), null);
            if (closed || refusal == null) {
                close();
                return;
            }
            byte[] frame;
            try {
                frame = wire.encodeReplyFrame(label, refusal);
            } catch (RuntimeException e) {
                internalError(e);
                close();
                return;
            }
            write(frame);
        }

        private void write(byte[] frame) {
            arm();
            streamBytesSent.add(frame.length);
            socket.write(Buffer.buffer(frame)).onComplete(ar -> socket.close());
        }

        void release() {
            inboundHeld -= held;
            held = 0;
        }

        void end() {
            if (ended) {
                return;
            }
            ended = true;
            release();
            inboundActive--;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    // ---------------------------------------------------------------- core output

    private record JoinRequest(List<NodeAddress> seeds, Promise<JoinOutcome> promise) {
    }

    /** Called by the core from inside its handle* methods: never calls back into it. */
    private final class Output implements CoreOutput {

        @Override
        public void sendPacket(NodeAddress to, List<Message> messages) {
            if (!closed) {
                send(to, messages);
            }
        }

        @Override
        public void openStream(long streamId, NodeAddress to, Message request) {
            if (closed) {
                return;
            }
            streamsOpened.increment();
            Outbound o = new Outbound(streamId, to);
            outbound.put(streamId, o);
            o.start(request);
        }

        @Override
        public void memberChanged(MemberChange change) {
            membersDirty = true;
            pendingChanges.add(change);
        }

        @Override
        public void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals) {
            List<String> errorsCopy = List.copyOf(errors);
            List<JoinRefusal> refusalsCopy = List.copyOf(refusals);
            defer(() -> {
                JoinRequest request = joins.remove(joinId);
                if (request == null) {
                    return;
                }
                Map<NodeAddress, String> streamErrors = new HashMap<>();
                for (NodeAddress seed : request.seeds()) {
                    String e = recentStreamErrors.get(seed);
                    if (e != null) {
                        streamErrors.put(seed, e);
                    }
                }
                request.promise().tryComplete(new JoinOutcome(contacted, errorsCopy, streamErrors, refusalsCopy));
            });
        }

        @Override
        public void leaveFinished() {
            defer(() -> {
                List<Promise<Void>> done = new ArrayList<>(leaves);
                leaves.clear();
                done.forEach(p -> p.tryComplete());
            });
        }

        @Override
        public void keyringChanged(Keyring next) {
            // At once, inside the core's call: the reply to a key request is sealed with the new
            // primary key, which the requester holds (it checked so before asking).
            wire.keyring(next);
            keyring = Optional.of(next);
        }

        @Override
        public void keyOperationFinished(long operationId, KeyResponse response) {
            defer(() -> {
                Promise<KeyResponse> promise = keyOperations.remove(operationId);
                if (promise != null) {
                    promise.tryComplete(response);
                }
            });
        }
    }
}
