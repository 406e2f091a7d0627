package io.gossamer.swim.bench;

import io.gossamer.Member;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.SwimMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Gossamer's {@link SwimNode}s in this JVM.
 *
 * <p>By default all nodes share one Vert.x instance, as an application server hosting one
 * node would have one Vert.x anyway; the per-member CPU and heap then measure the engine, not
 * N copies of Vert.x's thread pools. {@code -Dbench.vertxPerNode=true} gives each node its own.
 */
public final class GossamerSystem implements ClusterSystem {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /**
     * Join retries: {@code bench.joinAttempts} (3), {@code bench.joinBackoff} (200ms) doubling to
     * {@code bench.joinMaxBackoff} (2s), quick so that a small cluster that cannot join fails
     * fast. A join storm of hundreds through one seed needs the library's patience (5, 1s, 30s).
     */
    private static final int JOIN_ATTEMPTS = Integer.getInteger("bench.joinAttempts", 3);
    private static final Duration JOIN_BACKOFF = BenchRunner.duration("bench.joinBackoff", "200ms");
    private static final Duration JOIN_MAX_BACKOFF = BenchRunner.duration("bench.joinMaxBackoff", "2s");
    /**
     * {@code bench.seedAlone}: the seed (the first node started, which all others join through)
     * gets a Vert.x of its own, as a seed in its own process would. On the shared Vert.x it shares
     * an event loop with a quarter of the nodes, and answering a storm of joins on that loop
     * delays their datagrams: in one run of 500 (at 5da1b1f), 2,528 of the first 3,000
     * suspicions were of the quarter of the nodes on one loop.
     */
    private static final boolean SEED_ALONE = Boolean.getBoolean("bench.seedAlone");
    /**
     * {@code bench.nativeTransport}: Vert.x on Netty's epoll transport instead of Java NIO, as an
     * application may configure its Vert.x. Every datagram costs less to send and to read; with a
     * thousand nodes in one JVM, moving datagrams is most of the work.
     */
    private static final boolean NATIVE_TRANSPORT = Boolean.getBoolean("bench.nativeTransport");

    private final TimingProfile profile;
    /** The engine's profile: the timing profile's own, or one of ours compared against it. */
    private final Profile engine;
    private final long randomSeed;
    private final Vertx vertx;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final ResourceProbe resources = new JvmResources();
    /** Nodes that must be frozen alone: each runs on its own one-event-loop Vert.x. */
    private final Set<String> pausable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param randomSeed  base of the per-node protocol seeds, so a run's random choices repeat
     * @param sharedVertx whether all nodes run on one Vert.x
     */
    public GossamerSystem(TimingProfile profile, long randomSeed, boolean sharedVertx) {
        this(profile, randomSeed, sharedVertx, switch (profile) {
            case LAN -> Profile.LAN;
            case LOCAL -> Profile.LOCAL;
        });
    }

    /**
     * Nodes on the engine profile {@code engine} in runs of timing profile {@code profile}: how
     * {@code lan-fast} is set beside peers on memberlist's LAN timing. Named {@code gossamer-<engine>}.
     */
    public GossamerSystem(TimingProfile profile, long randomSeed, boolean sharedVertx, Profile engine) {
        this.engine = engine;
        this.profile = profile;
        this.randomSeed = randomSeed;
        // Event loops as Vert.x would choose for this machine (2 per core): nodes are spread over them.
        this.vertx = sharedVertx ? Vertx.vertx(options()) : null;
        if (vertx != null && NATIVE_TRANSPORT && !vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException("bench.nativeTransport: no native transport here",
                    vertx.unavailableNativeTransportCause());
        }
    }

    private static VertxOptions options() {
        return new VertxOptions().setPreferNativeTransport(NATIVE_TRANSPORT);
    }

    @Override
    public String name() {
        return engine.name().equals(profile.name()) ? "gossamer" : "gossamer-" + engine.key();
    }

    @Override
    public TimingProfile profile() {
        return profile;
    }

    @Override
    public Map<String, String> settings() {
        SwimConfig c = config("x");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("profile", engine.key());
        s.put("probeInterval", c.probeInterval().toString());
        s.put("probeTimeout", c.probeTimeout().toString());
        s.put("indirectChecks", String.valueOf(c.indirectChecks()));
        s.put("suspicionMult", String.valueOf(c.suspicionMult()));
        s.put("suspicionMaxTimeoutMult", String.valueOf(c.suspicionMaxTimeoutMult()));
        s.put("retransmitMult", String.valueOf(c.retransmitMult()));
        s.put("gossipInterval", c.gossipInterval().toString());
        s.put("gossipNodes", String.valueOf(c.gossipNodes()));
        s.put("pushPullInterval", c.pushPullInterval().toString());
        s.put("packetSize", String.valueOf(c.packetSize()));
        s.put("seedAlone", String.valueOf(SEED_ALONE));
        s.put("join", JOIN_ATTEMPTS + " attempts, backoff " + JOIN_BACKOFF + " to " + JOIN_MAX_BACKOFF);
        s.put("vertx", (vertx != null ? "shared (one instance, default event loops)" : "one per node (1 event loop)")
                + (NATIVE_TRANSPORT ? ", epoll transport" : ", NIO transport"));
        return s;
    }

    private SwimConfig config(String name) {
        return SwimConfig.builder(engine).name(name).cluster("bench").build();
    }

    @Override
    public void willPause(String name) {
        pausable.add(name);
    }

    @Override
    public BenchNode startNode(String name, EventSink events) throws Exception {
        SwimNodeOptions.Builder options = SwimNodeOptions.builder()
                .bindHost("127.0.0.1")
                .bindPort(0)
                .joinAttempts(JOIN_ATTEMPTS)
                .joinBackoff(JOIN_BACKOFF)
                .joinMaxBackoff(JOIN_MAX_BACKOFF)
                .closeTimeout(CLOSE_WAIT)
                .randomSeed(randomSeed * 1_000_003L + name.hashCode())
                .listener(e -> forward(name, e, events));
        Vertx own = null;
        if (SEED_ALONE && nodes.isEmpty()) {
            own = Vertx.vertx(options().setEventLoopPoolSize(1));
            options.vertx(own);
        } else if (pausable.contains(name)) {
            // Freezing a node means blocking its event loop: it must not share that loop.
            own = Vertx.vertx(options().setEventLoopPoolSize(1)
                    .setBlockedThreadCheckInterval(60_000));
            options.vertx(own);
        } else if (vertx != null) {
            options.vertx(vertx);
        }
        SwimNode node = SwimNode.start(config(name), options.build())
                .toCompletionStage().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Node n = new Node(name, node, own);
        nodes.add(n);
        return n;
    }

    private static void forward(String observer, MembershipEvent e, EventSink events) {
        EventKind kind;
        if (e instanceof MemberJoined) {
            kind = EventKind.JOINED;
        } else if (e instanceof MemberSuspected) {
            kind = EventKind.SUSPECT;
        } else if (e instanceof MemberAlive) {
            kind = EventKind.ALIVE;
        } else if (e instanceof MemberDead) {
            kind = EventKind.DEAD;
        } else if (e instanceof MemberLeft) {
            kind = EventKind.LEFT;
        } else if (e instanceof MemberUpdated) {
            return;
        } else {
            return;
        }
        events.record(observer, e.member().name(), kind);
    }

    @Override
    public ResourceProbe resources() {
        return resources;
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            n.close();
        }
        nodes.clear();
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture()
                        .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the shared Vert.x failed", e);
            }
        }
    }

    private static final class Node implements BenchNode {
        private final String name;
        private final SwimNode node;
        /** The node's own Vert.x (one event loop) if it may be paused or is the seed alone, else null. */
        private final Vertx own;
        private final ThreadFreeze freeze = new ThreadFreeze();

        Node(String name, SwimNode node, Vertx own) {
            this.name = name;
            this.node = node;
            this.own = own;
        }

        @Override
        public void pause() throws Exception {
            if (own == null) {
                throw new UnsupportedOperationException(name + " shares its event loop");
            }
            // The only event-loop thread of the node's Vert.x waits: no timer fires, no datagram
            // is read (they queue in the socket's receive buffer), as under SIGSTOP.
            freeze.freeze(task -> own.runOnContext(v -> task.run()));
        }

        @Override
        public void resume() {
            freeze.thaw();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String seedAddress() {
            Member m = node.localMember();
            return m.address() + ":" + m.port();
        }

        @Override
        public CompletableFuture<Void> join(List<String> seeds) {
            return node.join(seeds).<Void>map(n -> null).toCompletionStage().toCompletableFuture();
        }

        @Override
        public Set<String> aliveMembers() {
            Set<String> out = new HashSet<>();
            for (Member m : node.members()) {
                if (m.state() == MemberState.ALIVE) {
                    out.add(m.name());
                }
            }
            return out;
        }

        @Override
        public int aliveCount() {
            int alive = 0;
            for (Member m : node.members()) {
                if (m.state() == MemberState.ALIVE) {
                    alive++;
                }
            }
            return alive;
        }

        @Override
        public Map<String, String> memberStates() {
            Map<String, String> out = new java.util.HashMap<>();
            for (Member m : node.members()) {
                out.put(m.name(), m.state().name());
            }
            return out;
        }

        @Override
        public void crash() throws Exception {
            // SwimNode.closeAsync() closes the sockets without announcing anything: a crash as
            // far as peers can tell.
            node.closeAsync().toCompletionStage().toCompletableFuture()
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<Void> leave(Duration timeout) {
            return node.leave(timeout).toCompletionStage().toCompletableFuture();
        }

        @Override
        public Traffic traffic() {
            SwimMetrics m = node.metrics();
            return new Traffic(m.packetsSent(), m.bytesSent(), m.packetsReceived(), m.bytesReceived(),
                    m.streamsOpened());
        }

        @Override
        public void close() {
            resume();
            try {
                node.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + name + " failed", e);
            }
            if (own != null) {
                try {
                    own.close().toCompletionStage().toCompletableFuture()
                            .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "closing the Vert.x of " + name + " failed", e);
                }
            }
        }
    }
}
