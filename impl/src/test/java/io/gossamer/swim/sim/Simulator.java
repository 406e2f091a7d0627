package io.gossamer.swim.sim;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.CoreOutput;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A deterministic discrete-event simulator running many protocol cores in virtual time.
 *
 * <p>Everything happens through one priority queue ordered by (virtual time, sequence number); the
 * sequence number breaks ties in insertion order, so a run is a pure function of the master seed and
 * the scenario script. Outputs of a core are only ever enqueued, never delivered from inside the
 * core's own call. Each node keeps at most one live timer wakeup: after every call the core's
 * {@code nextDeadline()} is read and an earlier wakeup is pushed; wakeups that were superseded are
 * recognised by their time not matching the node's current one and skipped (lazy invalidation).
 */
public final class Simulator {

    static final int PACKET = 0;
    static final int STREAM_REQUEST = 1;
    static final int STREAM_REPLY = 2;
    static final int STREAM_TIMEOUT = 3;
    static final int WAKEUP = 4;
    static final int ACTION = 5;
    static final int STREAM_CONNECTED = 6;
    /** Load model: an event loop serves its next waiting event ({@link EventLoops}). */
    static final int LOOP_TURN = 7;

    /** A queued happening. Fields are used according to {@link #type}. */
    static final class Event {
        final long time;
        final long seq;
        final int type;
        final SimNode target;
        final int epoch;
        SimNode origin;
        int originEpoch;
        NodeAddress from;
        Object payload;
        /** The sender's label, for payloads not encoded (size-only framing): labels are still checked. */
        String label;
        long streamId;
        /** A stream reply that is the host's refusal to connect (nothing listens on the port). */
        boolean refused;
        Runnable action;
        /** Load model: a datagram counted in the receive queue, a stream in the open slots. */
        boolean counted;
        /** Load model: when a counted stream request arrived (its TCP deadline runs from there). */
        long arrived;
        /** Load model: taken from its loop's waiting events, to be handled now. */
        boolean served;
        /** Load model: the loop a {@link #LOOP_TURN} is for. */
        int loop;

        Event(long time, long seq, int type, SimNode target, int epoch) {
            this.time = time;
            this.seq = seq;
            this.type = type;
            this.target = target;
            this.epoch = epoch;
        }
    }

    /**
     * Held so the setting sticks (JUL keeps loggers weakly). Thousands of simulated cores would flood
     * the build log with per-node warnings meant for operators; scenarios assert on behaviour instead.
     */
    private static final java.util.logging.Logger CORE_LOG = quiet("io.gossamer.swim.core");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    private final long seed;
    private final Load load;
    /** Load model: the event loops, what they have waiting and until when they are busy. */
    private final EventLoops loops;
    /** The jitter of {@link #joinWithRetry}: its own stream, drawn only when it is used. */
    private SplittableRandom retryRandom;
    private final SplittableRandom master;
    private final SplittableRandom netRandom;
    private final SimProtocol.Factory factory;
    private final Framing framing;
    /** One instance of each distinct alive queued by any core (size-only framing); see {@link Output#shared}. */
    private final Map<Message, Message> sharedNews = new HashMap<>();
    private final UnaryOperator<SwimConfig.Builder> configurer;
    private final boolean keepLog;
    private final Network network = new Network();
    private final PriorityQueue<Event> queue = new PriorityQueue<>(1 << 16, (a, b) -> {
        int c = Long.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<NodeAddress, SimNode> bindings = new HashMap<>();
    private final Map<String, Integer> hostsUp = new HashMap<>();
    /** Hosts that stay up with no process of ours on them ({@link #kill}). */
    private final Set<String> hostsKept = new HashSet<>();
    private final List<ChangeRecord> log = new ArrayList<>();
    private final List<Consumer<ChangeRecord>> listeners = new ArrayList<>();
    private final List<Consumer<Delivery>> deliveries = new ArrayList<>();
    private final List<Consumer<QueryNotice>> queryNotices = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long seq;
    private long now;
    private long eventsProcessed;
    private long trace = 1;
    private long decodeErrors;
    private long foreignLabelDrops;
    private long oversizePackets;
    private SimNode inCall;
    private long sameTimeWakeups;
    private long lastWakeupTime = -1;

    private Simulator(Builder b) {
        this.seed = b.seed;
        this.master = new SplittableRandom(b.seed);
        this.netRandom = master.split();
        this.factory = b.factory;
        this.framing = b.framing;
        this.configurer = b.configurer;
        this.keepLog = b.keepLog;
        this.load = b.load;
        this.loops = b.load == null ? null : new EventLoops(b.load.eventLoops());
        String trace = System.getProperty(TRACE_PROPERTY, "");
        if (!trace.isBlank()) {
            traceFor(trace.trim());
        }
    }

    /**
     * {@code -Dgossamer.sim.trace=node-00042} prints every change about that member and every datagram
     * message naming it; {@code node-00042@7} only as node 7 sees them. For replaying a failing seed.
     */
    public static final String TRACE_PROPERTY = "gossamer.sim.trace";

    private void traceFor(String spec) {
        int at = spec.indexOf('@');
        String member = at < 0 ? spec : spec.substring(0, at);
        int observer = at < 0 ? -1 : Integer.parseInt(spec.substring(at + 1));
        listeners.add(r -> {
            if (r.member().equals(member) && (observer < 0 || r.observer() == observer)) {
                System.out.println("[trace] " + r);
            }
        });
        taps.add((time, from, to, messages) -> {
            if (observer >= 0 && to.index != observer && !from.equals(nodes.get(observer).address)) {
                return;
            }
            for (Message m : messages) {
                if (m.toString().contains(member + ",") || m.toString().contains(member + "]")) {
                    System.out.println("[trace] t=" + time + " " + from + " -> " + to.name + ": " + m);
                }
            }
        });
    }

    /** Sees every datagram delivered to a node (after decoding). */
    @FunctionalInterface
    public interface PacketTap {
        void delivered(long time, NodeAddress from, SimNode to, List<Message> messages);
    }

    private final List<PacketTap> taps = new ArrayList<>();

    public void onPacket(PacketTap tap) {
        taps.add(tap);
    }

    /**
     * A model of nodes that share a few CPUs, for predicting many real nodes in one process (the
     * {@code -Pbench} harness: a thousand {@code SwimNode}s on one Vert.x, on two cores). Off
     * unless {@link Builder#load} sets it, and then nothing else changes: without it every event is
     * handled the instant it is due, as always.
     *
     * <p>Node {@code i} runs on event loop {@code i % eventLoops}, and every event a loop handles
     * keeps it busy for a cost: {@code packetMicros} for a datagram or a timer, {@code streamMicros}
     * plus {@code recordMicros} per member record for a stream (a push-pull request is charged the
     * records of both states, the one received and the one answered). An event due while its
     * node's loop is busy waits, and the loop serves what waits node by node as a Netty loop
     * serves its channels ({@link EventLoops}), not in order of arrival. Meanwhile:
     * <ul>
     * <li>datagrams queue in the node's receive buffer, which holds {@code receiveBufferDatagrams};
     *     one arriving at a full buffer is dropped, as the kernel does ({@code RcvbufErrors});
     * <li>incoming streams hold a slot from their arrival until served: beyond
     *     {@code maxInboundStreams + waitingStreams} a stream is closed at once, and the requester
     *     hears so within a round trip; one that waited past the node's TCP timeout is cut unserved.
     *     {@code waitingStreams = 0} is a seed that closes everything beyond its limit; the transport
     *     lets as many wait as it serves.
     * </ul>
     */
    public record Load(int eventLoops, long packetMicros, long streamMicros, long recordMicros,
                       int receiveBufferDatagrams, int maxInboundStreams, int waitingStreams) {
        public Load {
            if (eventLoops < 1 || receiveBufferDatagrams < 1 || maxInboundStreams < 1 || waitingStreams < 0) {
                throw new IllegalArgumentException("bad load model: " + eventLoops + " loops, buffer "
                        + receiveBufferDatagrams + ", streams " + maxInboundStreams + " + " + waitingStreams);
            }
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** Simulator settings. */
    public static final class Builder {
        private final long seed;
        private SimProtocol.Factory factory = SimProtocol.swimCore();
        private Framing framing = WireFraming.ENCODING;
        private UnaryOperator<SwimConfig.Builder> configurer = UnaryOperator.identity();
        private boolean keepLog = true;
        private Load load;

        private Builder(long seed) {
            this.seed = seed;
        }

        Builder protocol(SimProtocol.Factory f) {
            factory = f;
            return this;
        }

        /** Real encode/decode of every packet (or size-only framing). */
        public Builder framing(Framing f) {
            framing = f;
            return this;
        }

        /** Adjusts every node's LAN-profile configuration (name and address are set afterwards). */
        public Builder config(UnaryOperator<SwimConfig.Builder> c) {
            configurer = c;
            return this;
        }

        /** Keep the full change log (off for huge runs: use listeners and counters instead). */
        public Builder keepLog(boolean keep) {
            keepLog = keep;
            return this;
        }

        /** Models a host that cannot keep up (see {@link Load}); off unless set. */
        public Builder load(Load l) {
            load = l;
            return this;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }

    // ------------------------------------------------------------------ population

    public static String nodeName(int index) {
        return String.format("node-%05d", index);
    }

    public static String host(int index) {
        int i = index + 1;
        return "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
    }

    /** Creates node number {@code size()} at 10.x.y.z:7946, not started yet. */
    public SimNode addNode() {
        int index = nodes.size();
        return addNode(nodeName(index), new NodeAddress(host(index), 7946), Profile.LAN, UnaryOperator.identity());
    }

    /**
     * Creates node number {@code size()} under {@code name} at {@code address}, not started yet.
     * Its configuration starts from {@code profile}, then the simulator-wide adjustment, then
     * {@code configure} (datacenter, pool, role, guard...); name and address are set last. Two
     * nodes may share a host (a server's LAN and WAN engines) on different ports; the network
     * model treats them as two nodes.
     */
    public SimNode addNode(String name, NodeAddress address, Profile profile, UnaryOperator<SwimConfig.Builder> configure) {
        int index = nodes.size();
        SimNode node = new SimNode(index, name, profile, configure);
        node.address = address;
        nodes.add(node);
        network.ensureCapacity(nodes.size());
        return node;
    }

    public List<SimNode> addNodes(int count) {
        List<SimNode> added = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            added.add(addNode());
        }
        return added;
    }

    public SimNode node(int index) {
        return nodes.get(index);
    }

    public List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    public int size() {
        return nodes.size();
    }

    public Network network() {
        return network;
    }

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    // ------------------------------------------------------------------ scenario controls (run "now")

    /** Boots a fresh protocol instance on the node at its current address and starts it. */
    public void start(SimNode node) {
        if (node.running) {
            throw new IllegalStateException(node + " already running");
        }
        node.epoch++;
        node.config = node.configure.apply(configurer.apply(SwimConfig.builder(node.profile)))
                .name(node.name).advertise(node.address).build();
        node.running = true;
        node.paused = false;
        node.backlog.clear();
        node.openStreams.clear();
        node.queuedDatagrams = 0;
        node.openInbound = 0;
        node.wakeupAt = Long.MAX_VALUE;
        node.aliveView = 0;
        node.startedAt = now;
        node.leaveFinishedAt = -1;
        bindings.put(node.address, node);
        hostsUp.merge(node.address.host(), 1, Integer::sum);
        node.protocol = factory.create(node.config, master.split(), new Output(node, node.epoch));
        call(node, () -> node.protocol.start(now));
    }

    /**
     * Starts every node in {@code nodes} as a member of a long-settled cluster of all of them: each
     * holds every other ALIVE, with no news left to gossip (see {@link io.gossamer.swim.core.SwimCore#adoptConverged}).
     * What a join of them all at once would leave behind once its news has drained, without the
     * storm: for steady-state scenarios at sizes where that storm does not fit in memory.
     */
    public void startConverged(List<SimNode> nodes) {
        for (SimNode node : nodes) {
            start(node);
        }
        List<Message.Alive> all = new ArrayList<>(nodes.size());
        for (SimNode node : nodes) {
            all.add(node.protocol.announcement());
        }
        for (SimNode node : nodes) {
            call(node, () -> node.protocol.adoptConverged(now, all));
        }
    }

    public void join(SimNode node, List<NodeAddress> seeds) {
        requireUp(node);
        call(node, () -> node.protocol.join(now, seeds));
    }

    /**
     * Joins as {@code SwimNode.join} does: an attempt that no seed answered is retried after a
     * backoff doubling from {@code backoffMillis} to {@code maxBackoffMillis}, each wait shortened
     * at random by up to a half, at most {@code attempts} attempts in all; then the node gives up
     * ({@link SimNode#joinGaveUp()}). The jitter has its own random stream, so a scenario that
     * never calls this draws exactly what it drew before.
     */
    public void joinWithRetry(SimNode node, List<NodeAddress> seeds, int attempts, long backoffMillis,
                              long maxBackoffMillis) {
        if (retryRandom == null) {
            retryRandom = new SplittableRandom(seed ^ 0x6a6f696eL);
        }
        attemptJoin(node, node.epoch, List.copyOf(seeds), 1, attempts, backoffMillis, maxBackoffMillis);
    }

    private void attemptJoin(SimNode node, int epoch, List<NodeAddress> seeds, int number, int attempts,
                             long backoff, long maxBackoff) {
        if (node.epoch != epoch || !node.running) {
            return;
        }
        node.joinAttempts++;
        long[] id = new long[1];
        call(node, () -> id[0] = node.protocol.join(now, seeds));
        retries.put(node.index, new Retry(epoch, id[0], seeds, number, attempts, backoff, maxBackoff));
    }

    /** The join attempt of a node under {@link #joinWithRetry}, by node index. */
    private record Retry(int epoch, long joinId, List<NodeAddress> seeds, int number, int attempts, long backoff,
                         long maxBackoff) {
    }

    private final Map<Integer, Retry> retries = new HashMap<>();

    /** A join finished: a failed attempt under {@link #joinWithRetry} is retried, or given up. */
    private void joinAttemptFinished(SimNode node, long joinId, int contacted) {
        Retry r = retries.get(node.index);
        if (r == null || r.joinId() != joinId || r.epoch() != node.epoch) {
            return;
        }
        retries.remove(node.index);
        if (contacted > 0) {
            return;
        }
        if (r.number() >= r.attempts()) {
            node.joinGaveUp = true;
            return;
        }
        long wait = Math.max(1, (long) (r.backoff() * (1.0 - retryRandom.nextDouble() * 0.5)));
        long next = Math.min(r.backoff() * 2, r.maxBackoff());
        at(now + wait, () -> attemptJoin(node, r.epoch(), r.seeds(), r.number() + 1, r.attempts(), next,
                r.maxBackoff()));
    }

    public void leave(SimNode node) {
        requireUp(node);
        call(node, () -> node.protocol.leave(now));
    }

    public void updateTags(SimNode node, Map<String, String> tags) {
        requireUp(node);
        call(node, () -> node.protocol.updateTags(now, tags));
    }

    /** Sends a cluster event from {@code node}, as {@code SwimNode.sendEvent} does; returns it as sent. */
    public Message.UserEvent sendEvent(SimNode node, String name, byte[] payload, boolean coalesce) {
        requireUp(node);
        Message.UserEvent[] sent = new Message.UserEvent[1];
        call(node, () -> sent[0] = node.protocol.sendEvent(now, name, payload, coalesce));
        return sent[0];
    }

    /** Switches the node's cluster-mixing guard, as {@code SwimNode.setGuardEnabled} does. */
    public void setGuardEnabled(SimNode node, boolean enabled) {
        requireUp(node);
        call(node, () -> node.protocol.setGuardEnabled(now, enabled));
    }

    /** Force-leaves {@code name} at {@code node}, as {@code SwimNode.forceLeave} does. */
    public void forceLeave(SimNode node, String name, boolean prune) {
        requireUp(node);
        call(node, () -> node.protocol.forceLeave(now, name, prune));
    }

    /** Starts a key operation across the pool at {@code node}, as {@code SwimNode.installKey} and its kin do. */
    public long keyOperation(SimNode node, io.gossamer.KeyResponse.Operation op, byte[] key) {
        requireUp(node);
        long[] id = new long[1];
        call(node, () -> id[0] = node.protocol.keyOperation(now, op, key));
        return id[0];
    }

    /**
     * The host dies (or drops off the network) with the process: queued and in-flight traffic to it
     * is lost, connections to it time out, its streams never answer.
     */
    public void crash(SimNode node) {
        stop(node);
        hostsKept.remove(node.address.host());
    }

    /**
     * The process dies and its host stays up (SIGKILL, an out-of-memory kill): as {@link #crash},
     * except that the host refuses connections to the port, as a kernel does when nothing listens.
     */
    public void kill(SimNode node) {
        stop(node);
        hostsKept.add(node.address.host());
    }

    private void stop(SimNode node) {
        if (!node.running) {
            return;
        }
        node.running = false;
        node.paused = false;
        node.epoch++;
        node.backlog.clear();
        node.openStreams.clear();
        node.queuedDatagrams = 0;
        node.openInbound = 0;
        node.wakeupAt = Long.MAX_VALUE;
        bindings.remove(node.address, node);
        hostsUp.merge(node.address.host(), -1, Integer::sum);
    }

    /** Crashes (if needed) and starts a new instance under the same name on {@code port}. */
    public void restart(SimNode node, int port) {
        crash(node);
        node.address = new NodeAddress(node.address.host(), port);
        start(node);
    }

    /**
     * Stops the process for {@code millis}: it handles nothing meanwhile (no timers, no packets), and
     * on waking handles everything that queued up, at the wake-up time, like a process after a GC pause
     * or SIGSTOP.
     */
    public void pause(SimNode node, long millis) {
        requireUp(node);
        node.paused = true;
        int epoch = node.epoch;
        at(now + millis, () -> resume(node, epoch));
    }

    private void resume(SimNode node, int epoch) {
        if (node.epoch != epoch || !node.running || !node.paused) {
            return;
        }
        node.paused = false;
        while (!node.backlog.isEmpty()) {
            Event e = node.backlog.poll();
            dispatch(e);
            if (!node.running || node.paused) {
                return;
            }
        }
        node.wakeupAt = Long.MAX_VALUE;
        call(node, () -> node.protocol.handleTimers(now));
    }

    /** Runs {@code action} at virtual time {@code time} (or now if that is past). */
    public void at(long time, Runnable action) {
        Event e = new Event(Math.max(time, now), seq++, ACTION, null, 0);
        e.action = action;
        queue.add(e);
    }

    // ------------------------------------------------------------------ running

    /** Processes every event up to and including {@code time}; afterwards {@code now() == time}. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().time <= time) {
            Event e = queue.poll();
            now = e.time;
            eventsProcessed++;
            trace = trace * 1_000_003L + e.time * 31 + e.type * 7 + (e.target == null ? -1 : e.target.index);
            dispatch(e);
        }
        now = Math.max(now, time);
    }

    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /**
     * Runs until {@code condition} holds, checking every {@code stepMillis} of virtual time, at most
     * until {@code deadline}. Returns the virtual time it first held at, or -1.
     */
    public long runUntil(BooleanSupplier condition, long stepMillis, long deadline) {
        while (true) {
            if (condition.getAsBoolean()) {
                return now;
            }
            if (now >= deadline) {
                return -1;
            }
            runUntil(Math.min(deadline, now + stepMillis));
        }
    }

    private void dispatch(Event e) {
        if (e.type == ACTION) {
            e.action.run();
            return;
        }
        if (e.type == LOOP_TURN) {
            loopTurn(e.loop);
            return;
        }
        SimNode node = e.target;
        if (e.epoch != node.epoch || !node.running) {
            return; // addressed to an instance that crashed or was replaced
        }
        if (node.paused) {
            if (e.type != WAKEUP) {
                uncount(node, e);
                e.served = false;
                node.backlog.add(e);
            } else if (e.time == node.wakeupAt) {
                node.wakeupAt = Long.MAX_VALUE; // re-armed on resume
            }
            return;
        }
        if (load != null && !underLoad(node, e)) {
            return;
        }
        switch (e.type) {
            case PACKET -> deliverPacket(node, e);
            case STREAM_REQUEST -> serveStream(node, e);
            case STREAM_REPLY -> {
                if (e.refused) {
                    refuseStream(node, e.streamId);
                } else {
                    finishStream(node, e.streamId, decodeReply(node, e));
                }
            }
            case STREAM_TIMEOUT -> finishStream(node, e.streamId, Optional.empty());
            case STREAM_CONNECTED -> {
                if (node.openStreams.contains(e.streamId)) {
                    call(node, () -> node.protocol.handleStreamConnected(now, e.streamId));
                }
            }
            case WAKEUP -> wakeup(node, e);
            default -> throw new IllegalStateException("event type " + e.type);
        }
    }

    /**
     * The load model's say on an event due now: false if it is dropped or waits for its node's
     * loop ({@link EventLoops}, which serves it later), true if it is handled now, the loop then
     * busy for its cost.
     */
    private boolean underLoad(SimNode node, Event e) {
        if (e.type == WAKEUP && e.time != node.wakeupAt || e.type == STREAM_CONNECTED) {
            // superseded: wakeup() skips it; or a connection's completion, a flag set, next to nothing
            return true;
        }
        int loop = loops.loopOf(node);
        long nowMicros = now * 1_000;
        if (!e.served) {
            if (e.type == PACKET && !e.counted) {
                if (node.queuedDatagrams >= load.receiveBufferDatagrams()) {
                    node.datagramsOverflowed++;
                    return false;
                }
                node.queuedDatagrams++;
                e.counted = true;
            } else if (e.type == STREAM_REQUEST && !e.counted) {
                if (node.openInbound >= load.maxInboundStreams() + load.waitingStreams()) {
                    node.streamsShed++;
                    closeAtOnce(node, e);
                    return false;
                }
                node.openInbound++;
                e.counted = true;
                e.arrived = now;
            }
            if (!loops.idle(loop, nowMicros)) {
                if (loops.await(node, e, e.type == PACKET)) {
                    armTurn(loop);
                }
                return false;
            }
        }
        uncount(node, e);
        long cost = load.packetMicros();
        if (e.type == STREAM_REQUEST) {
            if (now - e.arrived > node.config.tcpTimeout().toMillis()) {
                // Cut at its deadline while it waited: the requester has given up on it already.
                node.streamsExpired++;
                return false;
            }
            cost = load.streamMicros() + load.recordMicros() * (records(e.payload)
                    + (isPushPull(e.payload) ? node.aliveView : 0));
        } else if (e.type == STREAM_REPLY) {
            cost = load.streamMicros() + load.recordMicros() * records(e.payload);
        }
        loops.charge(loop, nowMicros, cost);
        return true;
    }

    /** Load model: a waiting datagram or stream leaves the receive queue or the stream slots. */
    private void uncount(SimNode node, Event e) {
        if (!e.counted) {
            return;
        }
        e.counted = false;
        if (e.type == PACKET) {
            node.queuedDatagrams--;
        } else if (e.type == STREAM_REQUEST) {
            node.openInbound--;
        }
    }

    /** Load model: {@code loop}'s next turn, when it is free. */
    private void armTurn(int loop) {
        Event turn = new Event(Math.max(now, loops.freeAtMillis(loop)), seq++, LOOP_TURN, null, 0);
        turn.loop = loop;
        queue.add(turn);
    }

    /** Load model: {@code loop} handles its next waiting event, and arms its next turn while more wait. */
    private void loopTurn(int loop) {
        Event e = loops.next(loop);
        if (e == null) {
            return;
        }
        e.served = true;
        dispatch(e);
        if (loops.hasWaiting(loop)) {
            armTurn(loop);
        } else {
            loops.disarm(loop);
        }
    }

    /** An incoming stream closed at once: the requester hears of it within a round trip. */
    private void closeAtOnce(SimNode node, Event e) {
        SimNode origin = e.origin;
        if (origin.epoch != e.originEpoch || !origin.running || !network.connected(node.index, origin.index)) {
            return;
        }
        Event r = new Event(now + network.sampleDelay(node.index, origin.index, netRandom), seq++, STREAM_REPLY,
                origin, e.originEpoch);
        r.streamId = e.streamId;
        r.from = node.address;
        queue.add(r);
    }

    /** Member records a stream's payload carries: exact for a message, estimated for bytes. */
    private static long records(Object payload) {
        if (payload instanceof Message.PushPull pp) {
            return pp.members().size();
        }
        if (payload instanceof byte[] bytes) {
            return bytes.length / 80; // about 80 bytes a record on the wire
        }
        return 0;
    }

    private static boolean isPushPull(Object payload) {
        return payload instanceof Message.PushPull || (payload instanceof byte[] b && b.length >= 80);
    }

    private void wakeup(SimNode node, Event e) {
        if (e.time != node.wakeupAt) {
            return; // superseded by an earlier wakeup that already ran
        }
        if (e.time == lastWakeupTime) {
            if (++sameTimeWakeups > 1_000_000) {
                throw new IllegalStateException("timer livelock at t=" + now + " on " + node
                        + ": nextDeadline() keeps returning a time <= now after handleTimers(now)");
            }
        } else {
            lastWakeupTime = e.time;
            sameTimeWakeups = 0;
        }
        node.wakeupAt = Long.MAX_VALUE;
        call(node, () -> node.protocol.handleTimers(now));
    }

    @SuppressWarnings("unchecked")
    private void deliverPacket(SimNode node, Event e) {
        List<Message> messages;
        int size;
        if (e.payload instanceof byte[] bytes) {
            size = bytes.length;
            PacketCodec.Decoded decoded = framing.decodePacket(node.config.label(), bytes, node.protocol::acceptsLabel);
            if (decoded instanceof ForeignLabel foreign) {
                refuseDatagram(node, e.from, foreign, size);
                return;
            }
            if (!(decoded instanceof PacketCodec.Decoded.Messages m)) {
                decodeErrors++;
                return;
            }
            messages = m.messages();
        } else {
            messages = (List<Message>) e.payload;
            size = (int) e.streamId; // size-only framing stashes the framed size here
            if (!e.label.equals(node.config.label()) && !node.protocol.acceptsLabel(e.label)) {
                refuseDatagram(node, e.from, ForeignLabel.of(e.label), size);
                return;
            }
        }
        node.packetsReceived++;
        node.messagesReceived += messages.size();
        node.bytesReceived += size;
        for (PacketTap tap : taps) {
            tap.delivered(now, e.from, node, messages);
        }
        List<Message> m = messages;
        call(node, () -> node.protocol.handlePacket(now, e.from, m));
    }

    /**
     * A datagram with a label that is not ours reached {@code node}: dropped, and answered with the
     * core's refusal (if any), written with the sender's label, from the node's address.
     */
    private void refuseDatagram(SimNode node, NodeAddress from, ForeignLabel foreign, int size) {
        foreignLabelDrops++;
        AtomicReference<Optional<Message.Refuse>> refusal = new AtomicReference<>(Optional.empty());
        call(node, () -> refusal.set(node.protocol.refuseDatagram(now, from, foreign, size)));
        if (refusal.get().isEmpty()) {
            return;
        }
        Message.Refuse r = refusal.get().get();
        String label = foreign.text().orElseThrow();
        if (framing.encodes()) {
            byte[] bytes = framing.encodeReplyPacket(foreign, r);
            transmit(node, from, bytes, bytes.length, 1, null);
        } else {
            transmit(node, from, List.of(r), framing.packetSize(label, List.of(r)), 1, label);
        }
    }

    private void serveStream(SimNode node, Event e) {
        Message request = null;
        ForeignLabel foreign = null;
        if (e.payload instanceof byte[] bytes) {
            node.streamBytesReceived += bytes.length;
            StreamCodec.Result decoded = framing.decodeStream(node.config.label(), bytes, node.protocol::acceptsLabel);
            if (decoded instanceof StreamCodec.Result.Frame f) {
                request = f.message();
            } else if (decoded instanceof ForeignLabel f) {
                foreign = f;
            } else {
                decodeErrors++;
                return;
            }
        } else {
            request = (Message) e.payload;
            node.streamBytesReceived += framing.streamSize(e.label, request);
            if (!e.label.equals(node.config.label()) && !node.protocol.acceptsLabel(e.label)) {
                foreign = ForeignLabel.of(e.label);
            }
        }
        node.streamsServed++;
        AtomicReference<Optional<Message>> reply = new AtomicReference<>();
        if (foreign == null) {
            Message req = request;
            call(node, () -> reply.set(node.protocol.handleStream(now, e.from, req)));
        } else {
            foreignLabelDrops++;
            ForeignLabel f = foreign;
            call(node, () -> reply.set(node.protocol.refuseStream(now, e.from, f).map(Message.class::cast)));
        }
        if (reply.get() == null) {
            violations.add("t=" + now + " " + node.name + ": handleStream returned null");
            reply.set(Optional.empty());
        }
        SimNode origin = e.origin;
        if (origin.epoch != e.originEpoch || !origin.running || !network.connected(node.index, origin.index)) {
            return; // the requester will time out
        }
        long delay = tcpLeg(node.index, origin.index, DATA_RTO_MS);
        if (delay < 0) {
            return;
        }
        Event r = new Event(now + delay, seq++, STREAM_REPLY, origin, e.originEpoch);
        r.streamId = e.streamId;
        r.from = node.address;
        if (reply.get().isPresent()) {
            Message m = reply.get().get();
            // A refusal goes back with the refused requester's label, anything else with ours.
            String label = foreign == null ? node.config.label() : foreign.text().orElseThrow();
            if (framing.encodesStreams()) {
                byte[] bytes = foreign == null ? framing.encodeStream(label, m)
                        : framing.encodeReplyStream(foreign, (Message.Refuse) m);
                node.streamBytesSent += bytes.length;
                r.payload = bytes;
            } else {
                node.streamBytesSent += framing.streamSize(label, m);
                r.payload = m;
                r.label = label;
            }
        }
        queue.add(r);
    }

    /** Linux's initial SYN retransmission timeout. */
    static final long SYN_RTO_MS = 1_000;
    /** Linux's minimum data retransmission timeout. */
    static final long DATA_RTO_MS = 200;
    private static final long TCP_GIVE_UP_MS = 120_000;

    /**
     * One TCP segment's one-way trip under the link's datagram loss: each loss costs a retransmission
     * timeout, doubling each time. Streams are reliable but not immune to loss: under heavy loss they
     * arrive late, which is what makes the TCP fallback probe miss its deadline on a lossy link.
     * Returns -1 when TCP would give up.
     */
    private long tcpLeg(int from, int to, long initialRto) {
        long waited = 0;
        long rto = initialRto;
        while (!network.delivers(from, to, netRandom)) {
            waited += rto;
            rto *= 2;
            if (waited > TCP_GIVE_UP_MS) {
                return -1;
            }
        }
        return waited + network.sampleDelay(from, to, netRandom);
    }

    private static long add(long a, long b) {
        return b < 0 ? -1 : a + b;
    }

    /**
     * The reply of a stream, as the requester's core sees it. A reply with a label the requester
     * does not let in (a peer of another pool, whose guard let our request in) becomes the
     * requester's own refusal of that peer, as the Vert.x driver does.
     */
    private Optional<Message> decodeReply(SimNode node, Event e) {
        if (e.payload == null) {
            return Optional.empty();
        }
        ForeignLabel foreign = null;
        Message m = null;
        if (e.payload instanceof byte[] bytes) {
            node.streamBytesReceived += bytes.length;
            StreamCodec.Result decoded = framing.decodeStream(node.config.label(), bytes, node.protocol::acceptsLabel);
            if (decoded instanceof StreamCodec.Result.Frame f) {
                m = f.message();
            } else if (decoded instanceof ForeignLabel f) {
                foreign = f;
            } else {
                decodeErrors++;
                return Optional.empty();
            }
        } else {
            m = (Message) e.payload;
            node.streamBytesReceived += framing.streamSize(e.label, m);
            if (!e.label.equals(node.config.label()) && !node.protocol.acceptsLabel(e.label)) {
                foreign = ForeignLabel.of(e.label);
            }
        }
        if (foreign != null) {
            foreignLabelDrops++;
            return node.running ? node.protocol.refuseReply(now, e.from, foreign) : Optional.empty();
        }
        return Optional.of(m);
    }

    private void finishStream(SimNode node, long streamId, Optional<Message> reply) {
        if (node.openStreams.remove(streamId)) {
            call(node, () -> node.protocol.handleStreamResult(now, streamId, reply));
        }
    }

    private void refuseStream(SimNode node, long streamId) {
        if (node.openStreams.remove(streamId)) {
            call(node, () -> node.protocol.handleStreamRefused(now, streamId));
        }
    }

    /** Runs one call into a core, then re-arms its wakeup. */
    private void call(SimNode node, Runnable body) {
        SimNode outer = inCall;
        if (outer != null) {
            throw new IllegalStateException("re-entrant core call on " + node + " inside " + outer);
        }
        inCall = node;
        try {
            body.run();
        } finally {
            inCall = null;
        }
        if (node.running && !node.paused) {
            long deadline = node.protocol.nextDeadline();
            if (deadline < node.wakeupAt) {
                node.wakeupAt = Math.max(deadline, now);
                queue.add(new Event(node.wakeupAt, seq++, WAKEUP, node, node.epoch));
            }
        }
    }

    private void requireUp(SimNode node) {
        if (!node.running) {
            throw new IllegalStateException(node + " is not running");
        }
    }

    /**
     * Sends one datagram from {@code node}: counted, then lost or queued for delivery.
     * {@code label} is the sender's label for a payload that is not encoded, null for bytes.
     */
    private void transmit(SimNode node, NodeAddress to, Object payload, int size, int messageCount, String label) {
        node.packetsSent++;
        node.messagesSent += messageCount;
        node.bytesSent += size;
        SimNode target = bindings.get(to);
        if (target == null || !network.connected(node.index, target.index)
                || !network.delivers(node.index, target.index, netRandom)) {
            node.packetsLost++;
            return;
        }
        Event e = new Event(now + network.sampleDelay(node.index, target.index, netRandom), seq++, PACKET,
                target, target.epoch);
        e.from = node.address;
        e.payload = payload;
        e.label = label;
        e.streamId = size;
        queue.add(e);
    }

    // ------------------------------------------------------------------ the core's outputs

    private final class Output implements CoreOutput {
        private final SimNode node;
        private final int epoch;

        Output(SimNode node, int epoch) {
            this.node = node;
            this.epoch = epoch;
        }

        private boolean live(String what) {
            if (inCall != node || node.epoch != epoch) {
                violations.add("t=" + now + " " + node.name + ": " + what
                        + " called outside the core's own handle* call");
                return false;
            }
            return true;
        }

        @Override
        public void sendPacket(NodeAddress to, List<Message> messages) {
            if (!live("sendPacket")) {
                return;
            }
            String label = node.config.label();
            int size;
            Object payload;
            if (framing.encodes()) {
                byte[] bytes = framing.encodePacket(label, messages);
                size = bytes.length;
                payload = bytes;
            } else {
                size = framing.packetSize(label, messages);
                payload = List.copyOf(messages);
            }
            if (size > node.config.packetSize()) {
                oversizePackets++;
                if (oversizePackets <= 5) {
                    violations.add("t=" + now + " " + node.name + ": " + size + "-byte packet exceeds packetSize "
                            + node.config.packetSize() + ": " + messages);
                }
            }
            transmit(node, to, payload, size, messages.size(), framing.encodes() ? null : label);
        }

        /**
         * Size-only framing hands every receiver the sender's message objects, but news a core
         * builds itself (an alive merged from a push-pull record) is one object per core, and while
         * n nodes join every core queues news of every member: n² alives (48 bytes each) at the
         * peak. One instance per distinct alive serves them all. With the codec on, every core
         * keeps what it decoded, as a real node does, so that the heap it shows is a real node's.
         */
        /** Virtual time: the simulator's clock is in milliseconds, so round trips are too. */
        @Override
        public long nanoTime() {
            return now * 1_000_000L;
        }

        @Override
        public Message shared(Message news) {
            if (framing.encodes() || !(news instanceof Message.Alive)) {
                return news;
            }
            Message held = sharedNews.putIfAbsent(news, news);
            return held == null ? news : held;
        }

        @Override
        public void keyringChanged(io.gossamer.swim.security.Keyring keyring) {
            live("keyringChanged");
        }

        @Override
        public void keyOperationFinished(long operationId, io.gossamer.KeyResponse response) {
            if (live("keyOperationFinished")) {
                node.keyResults.add(new SimNode.KeyResult(now, operationId, response));
            }
        }

        @Override
        public void openStream(long streamId, NodeAddress to, Message request) {
            if (!live("openStream")) {
                return;
            }
            if (!node.openStreams.add(streamId)) {
                violations.add("t=" + now + " " + node.name + ": stream id " + streamId + " reused while open");
                return;
            }
            node.streamsOpened++;
            Event timeout = new Event(now + node.config.tcpTimeout().toMillis(), seq++, STREAM_TIMEOUT, node,
                    epoch);
            timeout.streamId = streamId;
            queue.add(timeout);
            String label = node.config.label();
            Object payload;
            if (framing.encodesStreams()) {
                byte[] bytes = framing.encodeStream(label, request);
                node.streamBytesSent += bytes.length;
                payload = bytes;
            } else {
                node.streamBytesSent += framing.streamSize(label, request);
                payload = request;
            }
            SimNode target = bindings.get(to);
            if (target == null) {
                if (hostsUp.getOrDefault(to.host(), 0) > 0 || hostsKept.contains(to.host())) {
                    // host up, nothing listening: connection refused after one round trip
                    Event refused = new Event(now + 2 * network.sampleDelay(node.index, node.index, netRandom),
                            seq++, STREAM_REPLY, node, epoch);
                    refused.streamId = streamId;
                    refused.refused = true;
                    queue.add(refused);
                }
                return; // host down: the connect times out
            }
            if (!network.connected(node.index, target.index) || !network.connected(target.index, node.index)) {
                return;
            }
            // SYN, SYN-ACK, then the request; each may be lost and retransmitted like real TCP
            long delay = tcpLeg(node.index, target.index, SYN_RTO_MS);
            delay = delay < 0 ? -1 : add(delay, tcpLeg(target.index, node.index, SYN_RTO_MS));
            if (delay >= 0) {
                // the target's kernel completes the handshake, paused or not
                Event connected = new Event(now + delay, seq++, STREAM_CONNECTED, node, epoch);
                connected.streamId = streamId;
                queue.add(connected);
            }
            delay = delay < 0 ? -1 : add(delay, tcpLeg(node.index, target.index, DATA_RTO_MS));
            if (delay < 0) {
                return; // gave up retransmitting: the requester times out
            }
            Event req = new Event(now + delay, seq++, STREAM_REQUEST, target, target.epoch);
            req.origin = node;
            req.originEpoch = epoch;
            req.from = node.address;
            req.payload = payload;
            req.label = framing.encodesStreams() ? null : label;
            req.streamId = streamId;
            queue.add(req);
        }

        @Override
        public void probeRoundTrip(long roundTripNanos) {
        }

        @Override
        public void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser) {
            if (live("refuted")) {
                node.refutations++;
            }
        }

        @Override
        public void memberChanged(MemberChange change) {
            if (!live("memberChanged")) {
                return;
            }
            MemberState state = change.member().state();
            MemberState previous = change.previous().orElse(null);
            if (state == MemberState.ALIVE && previous != MemberState.ALIVE) {
                node.aliveView++;
            } else if (state != MemberState.ALIVE && previous == MemberState.ALIVE) {
                node.aliveView--;
            }
            ChangeRecord r = new ChangeRecord(now, node.index, change.member().name(), change.kind(), state, previous,
                    change.member().incarnation(), new NodeAddress(change.member().address(), change.member().port()),
                    change.leftReason().orElse(null));
            if (keepLog) {
                log.add(r);
            }
            for (Consumer<ChangeRecord> l : listeners) {
                l.accept(r);
            }
        }

        @Override
        public void deliverEvent(Message.UserEvent event) {
            if (live("deliverEvent")) {
                Delivery d = new Delivery(now, node.index, event);
                for (Consumer<Delivery> l : deliveries) {
                    l.accept(d);
                }
            }
        }

        @Override
        public void deliverQuery(Message.Query query) {
            if (live("deliverQuery")) {
                for (Consumer<QueryNotice> l : queryNotices) {
                    l.accept(new QueryNotice(now, node.index, query, query.ltime(), null, false));
                }
            }
        }

        @Override
        public void queryResponded(long ltime, Message.QueryResponse response) {
            if (live("queryResponded")) {
                for (Consumer<QueryNotice> l : queryNotices) {
                    l.accept(new QueryNotice(now, node.index, null, ltime, response, false));
                }
            }
        }

        @Override
        public void queryFinished(long ltime) {
            if (live("queryFinished")) {
                for (Consumer<QueryNotice> l : queryNotices) {
                    l.accept(new QueryNotice(now, node.index, null, ltime, null, true));
                }
            }
        }

        @Override
        public void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals) {
            if (live("joinFinished")) {
                node.joins.add(new SimNode.JoinResult(now, joinId, contacted, List.copyOf(errors),
                        List.copyOf(refusals)));
                if (!retries.isEmpty()) {
                    // Deferred: the retry is a core call of its own, never one inside this one.
                    int c = contacted;
                    at(now, () -> joinAttemptFinished(node, joinId, c));
                }
            }
        }

        @Override
        public void leaveFinished() {
            if (live("leaveFinished")) {
                node.leaveFinishedAt = now;
            }
        }
    }

    // ------------------------------------------------------------------ observations

    public void onChange(Consumer<ChangeRecord> listener) {
        listeners.add(listener);
    }

    /** A cluster event delivered by node {@code receiver} at virtual time {@code time}. */
    public record Delivery(long time, int receiver, Message.UserEvent event) {
    }

    /** Tells {@code listener} of every cluster event any node delivers. */
    public void onDelivery(Consumer<Delivery> listener) {
        deliveries.add(listener);
    }

    /**
     * What a node's core said of queries at virtual time {@code time}: a query delivered to it
     * ({@code query}), a response to its query of Lamport time {@code ltime} ({@code response}),
     * or that query's end ({@code finished}).
     */
    public record QueryNotice(long time, int node, Message.Query query, long ltime, Message.QueryResponse response,
                              boolean finished) {
    }

    /** Tells {@code listener} of every query notice of any node. */
    public void onQuery(Consumer<QueryNotice> listener) {
        queryNotices.add(listener);
    }

    /** Asks a query at {@code node}, as {@code SwimNode.query} does; returns its Lamport time. */
    public long query(SimNode node, String name, byte[] payload, io.gossamer.QueryOptions options) {
        requireUp(node);
        long[] ltime = new long[1];
        call(node, () -> ltime[0] = node.protocol.query(now, name, payload, options));
        return ltime[0];
    }

    /** Answers at {@code node} the query {@code origin} asked at {@code ltime}, as {@code ClusterQuery.respond} does. */
    public void respond(SimNode node, String origin, long ltime, byte[] payload) {
        requireUp(node);
        call(node, () -> node.protocol.respond(now, origin, ltime, payload));
    }

    /** The change log (empty unless kept). */
    public List<ChangeRecord> log() {
        return log;
    }

    /** Contract breaches noticed by the harness (output outside a call, oversize packet, ...). */
    public List<String> violations() {
        return violations;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    /** Datagrams and stream frames dropped because their label was not the receiver's (nor let in). */
    public long foreignLabelDrops() {
        return foreignLabelDrops;
    }

    public long oversizePackets() {
        return oversizePackets;
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    /** A fingerprint of every event processed so far: equal seeds and scripts give equal traces. */
    public long trace() {
        return trace;
    }

    public int pendingEvents() {
        return queue.size();
    }
}
