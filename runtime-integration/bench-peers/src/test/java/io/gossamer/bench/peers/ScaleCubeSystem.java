package io.gossamer.bench.peers;

import io.gossamer.swim.bench.BenchNode;
import io.gossamer.swim.bench.ClusterSystem;
import io.gossamer.swim.bench.EventKind;
import io.gossamer.swim.bench.EventSink;
import io.gossamer.swim.bench.JvmResources;
import io.gossamer.swim.bench.ResourceProbe;
import io.gossamer.swim.bench.ThreadFreeze;
import io.gossamer.swim.bench.TimingProfile;
import io.gossamer.swim.bench.Traffic;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.cluster.Member;
import io.scalecube.cluster.fdetector.FailureDetectorEvent;
import io.scalecube.cluster.membership.MembershipEvent;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.MessageCodec;
import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.cluster.transport.api.TransportConfig;
import io.scalecube.transport.netty.tcp.TcpTransportFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ScaleCube cluster 2.7.10 (Java SWIM over TCP, reactor-netty) nodes in this JVM: the same shape as
 * Gossamer's nodes in one JVM.
 *
 * <p>Timing, as close to memberlist's LAN defaults as its options go (the mapping is in
 * {@link #settings()} and the README): ping interval 1 s, ping timeout 500 ms, 3 ping-req members,
 * gossip every 200 ms to 3 members, sync (push-pull) every 30 s; ScaleCube's suspicion timeout is
 * {@code suspicionMult · ⌈log2 n⌉ · pingInterval} with no Lifeguard, so {@code suspicionMult = 1}
 * gives the timeout closest to memberlist's minimum {@code 4 · max(1, log10 n) s} (3 / 4 / 5 / 6 / 7 s
 * against 4 / 4 / 5.6 / 6.8 / 8 s at n = 5 / 10 / 25 / 50 / 100); gossip is repeated
 * {@code gossipRepeatMult · ⌈log2 n⌉} periods to 3 members, so {@code gossipRepeatMult = 1} is the
 * nearest to memberlist's {@code 4 · ⌈log10(n + 1)⌉} transmissions.
 *
 * <p><b>Crash.</b> ScaleCube has no crash call. The node's transport is wrapped: a crash makes it
 * drop everything, in and out (sends complete without sending, requests never answer, received
 * messages are discarded), and then the failure detector, gossip and membership components are
 * stopped (reached by reflection, ScaleCube keeps them private). The sockets stay open: to the
 * others the node is a host that stopped answering, as a SIGKILLed SWIM node over UDP is.
 *
 * <p><b>Pause.</b> Every protocol action of a node runs on its own single-thread scheduler;
 * pausing blocks that thread, so timers and received messages wait (the shared reactor-netty I/O
 * threads keep reading, as the kernel does for a stopped process).
 *
 * <p><b>Traffic.</b> ScaleCube sends messages over TCP, not datagrams: "packets" are messages
 * sent, "bytes" the serialized message bytes its codec wrote (without the 4-byte frame length).
 * <b>Events:</b> ADDED is a join, LEAVING a leave, REMOVED a death (unless LEAVING came first);
 * suspicion is the failure detector's own SUSPECT verdict (its event stream, by reflection).
 * ScaleCube binds the wildcard address (2.7.10 has no bind-host option) and advertises 127.0.0.1.
 */
public final class ScaleCubeSystem implements ClusterSystem {

    static final int PING_INTERVAL_MS = 1000;
    static final int PING_TIMEOUT_MS = 500;
    static final int PING_REQ_MEMBERS = 3;
    static final long GOSSIP_INTERVAL_MS = 200;
    static final int GOSSIP_FANOUT = 3;
    static final int GOSSIP_REPEAT_MULT = 1;
    static final int SUSPICION_MULT = 1;
    static final int SYNC_INTERVAL_MS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TimingProfile profile;
    private final List<ScNode> nodes = new CopyOnWriteArrayList<>();
    private final ResourceProbe resources = new JvmResources();

    public ScaleCubeSystem(TimingProfile profile) {
        if (profile != TimingProfile.LAN) {
            throw new IllegalArgumentException("ScaleCube is mapped onto the LAN profile only");
        }
        this.profile = profile;
    }

    @Override
    public String name() {
        return "scalecube";
    }

    @Override
    public TimingProfile profile() {
        return profile;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("version", "io.scalecube:scalecube-cluster 2.7.10 + scalecube-transport-netty 2.7.10 (TCP)");
        s.put("pingInterval", PING_INTERVAL_MS + "ms (memberlist ProbeInterval 1s)");
        s.put("pingTimeout", PING_TIMEOUT_MS + "ms (ProbeTimeout 500ms)");
        s.put("pingReqMembers", PING_REQ_MEMBERS + " (IndirectChecks 3)");
        s.put("gossipInterval", GOSSIP_INTERVAL_MS + "ms (GossipInterval 200ms)");
        s.put("gossipFanout", GOSSIP_FANOUT + " (GossipNodes 3)");
        s.put("gossipRepeatMult", GOSSIP_REPEAT_MULT + " (RetransmitMult 4 over log10; ScaleCube repeats over log2)");
        s.put("suspicionMult", SUSPICION_MULT + " (timeout mult*ceil(log2 n)*interval, nearest to memberlist's "
                + "minimum 4*max(1,log10 n)*interval; no Lifeguard)");
        s.put("syncInterval", SYNC_INTERVAL_MS + "ms (PushPullInterval 30s)");
        s.put("crash", "transport drops everything, then failure detector, gossip and membership stopped");
        return s;
    }

    @Override
    public BenchNode startNode(String name, EventSink events) {
        ScNode n = new ScNode(name, events);
        nodes.add(n);
        return n;
    }

    @Override
    public ResourceProbe resources() {
        return resources;
    }

    @Override
    public void close() {
        // In parallel: each node's transport takes a moment to stop.
        nodes.parallelStream().forEach(ScNode::close);
        nodes.clear();
    }

    /** Counts what the codec writes and reads: ScaleCube's messages and their serialized bytes. */
    static final class CountingCodec implements MessageCodec {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong bytesReceived = new AtomicLong();
        private final MessageCodec delegate = MessageCodec.INSTANCE;

        @Override
        public Message deserialize(InputStream stream) throws Exception {
            received.incrementAndGet();
            return delegate.deserialize(new FilterInputStream(stream) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesReceived.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesReceived.addAndGet(n);
                    }
                    return n;
                }
            });
        }

        @Override
        public void serialize(Message message, OutputStream stream) throws Exception {
            sent.incrementAndGet();
            delegate.serialize(message, new FilterOutputStream(stream) {
                @Override
                public void write(int b) throws IOException {
                    bytesSent.incrementAndGet();
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    bytesSent.addAndGet(len);
                    out.write(b, off, len);
                }
            });
        }
    }

    /** The real TCP transport, which a crash turns into a black hole. */
    static final class CrashableTransport implements Transport {
        final Transport delegate;
        volatile boolean crashed;

        CrashableTransport(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public String address() {
            return delegate.address();
        }

        @Override
        public Mono<Transport> start() {
            return delegate.start().thenReturn(this);
        }

        @Override
        public Mono<Void> stop() {
            return delegate.stop();
        }

        @Override
        public boolean isStopped() {
            return delegate.isStopped();
        }

        @Override
        public Mono<Void> send(String address, Message message) {
            return crashed ? Mono.empty() : delegate.send(address, message);
        }

        @Override
        public Mono<Message> requestResponse(String address, Message request) {
            return crashed ? Mono.never() : delegate.requestResponse(address, request);
        }

        @Override
        public Flux<Message> listen() {
            return delegate.listen().filter(m -> !crashed);
        }
    }

    /** One ScaleCube node; it starts when it joins (ScaleCube takes its seeds at start). */
    final class ScNode implements BenchNode {
        private final String name;
        private final EventSink events;
        private final CountingCodec codec = new CountingCodec();
        private final Set<String> leaving = ConcurrentHashMap.newKeySet();
        private final Map<String, Boolean> suspected = new ConcurrentHashMap<>();
        private volatile ClusterImpl cluster;
        private volatile CrashableTransport transport;
        private final ThreadFreeze freeze = new ThreadFreeze();

        ScNode(String name, EventSink events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public String name() {
            return name;
        }

        private synchronized ClusterImpl start(List<String> seeds) {
            if (cluster != null) {
                return cluster;
            }
            ClusterImpl c = new ClusterImpl()
                    .config(cfg -> cfg.memberAlias(name).externalHost("127.0.0.1"))
                    .transport(t -> t.port(0).messageCodec(codec).transportFactory(this::transport))
                    .failureDetector(fd -> fd.pingInterval(PING_INTERVAL_MS).pingTimeout(PING_TIMEOUT_MS)
                            .pingReqMembers(PING_REQ_MEMBERS))
                    .gossip(g -> g.gossipInterval(GOSSIP_INTERVAL_MS).gossipFanout(GOSSIP_FANOUT)
                            .gossipRepeatMult(GOSSIP_REPEAT_MULT))
                    .membership(m -> m.seedMembers(seeds).syncInterval(SYNC_INTERVAL_MS)
                            .suspicionMult(SUSPICION_MULT))
                    .handler(cl -> new ClusterMessageHandler() {
                        @Override
                        public void onMembershipEvent(MembershipEvent e) {
                            membershipEvent(e);
                        }
                    });
            cluster = c;
            c.startAwait();
            failureDetectorEvents(c).subscribe(this::failureDetectorEvent);
            return c;
        }

        private Transport transport(TransportConfig config) {
            CrashableTransport t = new CrashableTransport(new TcpTransportFactory().createTransport(config));
            transport = t;
            return t;
        }

        private void membershipEvent(MembershipEvent e) {
            String subject = e.member().alias();
            switch (e.type()) {
                case ADDED -> events.record(name, subject, EventKind.JOINED);
                case LEAVING -> {
                    leaving.add(subject);
                    events.record(name, subject, EventKind.LEFT);
                }
                case REMOVED -> {
                    if (!leaving.contains(subject)) {
                        events.record(name, subject, EventKind.DEAD);
                    }
                }
                default -> { }
            }
        }

        private void failureDetectorEvent(FailureDetectorEvent e) {
            String subject = e.member().alias();
            boolean suspect = e.status().name().equals("SUSPECT");
            Boolean before = suspected.put(subject, suspect);
            if (suspect && !Boolean.TRUE.equals(before)) {
                events.record(name, subject, EventKind.SUSPECT);
            }
        }

        @Override
        public String seedAddress() {
            return start(List.of()).address();
        }

        @Override
        public CompletableFuture<Void> join(List<String> seeds) {
            return CompletableFuture.runAsync(() -> start(seeds));
        }

        @Override
        public Set<String> aliveMembers() {
            ClusterImpl c = cluster;
            if (c == null) {
                return Set.of();
            }
            // members() is a view of a map ScaleCube's own thread changes: reading it from another
            // thread can meet a half-changed table (a null entry, a concurrent modification).
            for (int attempt = 0; ; attempt++) {
                try {
                    Set<String> out = new HashSet<>();
                    for (Member m : c.members()) {
                        if (m != null) {
                            out.add(m.alias());
                        }
                    }
                    return out;
                } catch (java.util.ConcurrentModificationException | NullPointerException e) {
                    if (attempt == 10) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public void crash() throws Exception {
            CrashableTransport t = transport;
            t.crashed = true;
            for (String component : List.of("failureDetector", "gossip", "membership")) {
                Object o = field(cluster, component);
                o.getClass().getMethod("stop").invoke(o);
            }
        }

        @Override
        public CompletableFuture<Void> leave(Duration timeout) {
            ClusterImpl c = cluster;
            c.shutdown();
            return c.onShutdown().timeout(timeout).toFuture();
        }

        @Override
        public void pause() throws Exception {
            Scheduler scheduler = (Scheduler) field(cluster, "scheduler");
            freeze.freeze(scheduler::schedule);
        }

        @Override
        public void resume() {
            freeze.thaw();
        }

        @Override
        public Traffic traffic() {
            return new Traffic(codec.sent.get(), codec.bytesSent.get(), codec.received.get(),
                    codec.bytesReceived.get(), 0);
        }

        /**
         * Stops the node without a graceful leave, as a process exit would, once the run has
         * measured everything: a graceful {@code shutdown()} waits for its leave gossip (seconds
         * per node), which for 100 nodes closed one by one took a quarter of an hour.
         */
        @Override
        public void close() {
            resume();
            ClusterImpl c = cluster;
            if (c == null) {
                return;
            }
            CrashableTransport t = transport;
            try {
                if (t != null && !t.crashed) {
                    crash();
                }
                if (t != null) {
                    t.delegate.stop().block(WAIT);
                }
                ((Scheduler) field(c, "scheduler")).dispose();
            } catch (Exception e) {
                // best effort: the JVM ends with the benchmark anyway
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Flux<FailureDetectorEvent> failureDetectorEvents(Cluster cluster) {
        try {
            Object fd = field(cluster, "failureDetector");
            return (Flux<FailureDetectorEvent>) fd.getClass().getMethod("listen").invoke(fd);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ScaleCube internals changed", e);
        }
    }

    static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
