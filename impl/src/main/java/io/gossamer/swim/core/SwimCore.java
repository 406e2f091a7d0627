package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.GuardMetrics;
import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Forget;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.KeyRequest;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.Nack;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.WireLimits;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The SWIM protocol as a state machine, with no sockets, threads or clocks.
 *
 * <p>Inputs are received messages, stream results and the passage of time ({@link #handleTimers});
 * outputs go to the {@link CoreOutput}. Time is a monotonic millisecond count chosen by the driver.
 * After every call the driver asks {@link #nextDeadline()} and calls {@link #handleTimers(long)} no
 * later than then. Not thread-safe: one thread (the Vert.x context, or the simulator) owns it.
 *
 * <p>The rules follow memberlist ({@code state.go}) with Lifeguard's three refinements (local
 * health, dynamic suspicion, buddy system) and Serf's reconnect to dead members; where this class
 * departs from memberlist, a comment says why.
 *
 * <p>The cluster-mixing guard ({@link PoolGuard}) checks every member record wherever it could
 * enter the view (alive gossip, push-pull state, join requests), answers foreign labels with a
 * refusal, and sheds members of a foreign pool when it is switched on.
 */
public final class SwimCore {

    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    /** Compound packets count their parts in one byte. */
    private static final int MAX_MESSAGES_PER_PACKET = 255;
    /** How often forgotten members are looked for; reaping is not time-critical. */
    private static final long REAP_INTERVAL_MS = 15_000;
    /** memberlist scales push-pull beyond this many members so its cost per member stays flat. */
    private static final int PUSH_PULL_SCALE_THRESHOLD = 32;
    /** A mass failure is at least this many deaths (or 1/32 of the cluster) within the window. */
    private static final int MASS_FAILURE_MIN_DEATHS = 3;
    private static final long MASS_FAILURE_WINDOW_MS = 30_000;
    private static final long NOT_PARKED = Long.MIN_VALUE;

    private final SwimConfig config;
    private final RandomGenerator random;
    private final CoreOutput out;
    private final PacketCodec sizing;
    private final Timers timers = new Timers();
    private final Map<String, NodeState> nodes = new HashMap<>();
    private final List<NodeState> nodeList = new ArrayList<>();
    private final ProbeRing ring;
    private final LocalHealth health;
    private final BroadcastQueue broadcasts;
    private final Map<String, PendingSuspicion> suspicions = new HashMap<>();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<Long, StreamCallback> streams = new HashMap<>();
    /**
     * The latest announcement of a known name from another address, refused while the name's
     * holder was alive. Applied as soon as the holder is dead long enough to be reclaimed, so a
     * member restarted elsewhere under its old name need not wait for the next push-pull.
     */
    private final Map<String, Alive> contested = new HashMap<>();
    private final PoolGuard guard;
    private final RefusalLimiter refusalLimiter = new RefusalLimiter();
    private final GuardCounters guardCounters = new GuardCounters();
    private final RateLimitedLog guardLog = new RateLimitedLog(LOG, Level.WARNING);
    private final KeyOperations keyOps;
    /** Whether what we send is sealed: refusals then count the nonce and tag against their budget. */
    private final boolean sealsOutgoing;

    private final long probeIntervalMs;
    private final long probeTimeoutMs;
    private final long gossipIntervalMs;
    private final long gossipToTheDeadMs;
    /** When the gossip ticker last found nothing to send and stopped, or {@link #NOT_PARKED}. */
    private long gossipParkedAt = NOT_PARKED;
    private final long pushPullIntervalMs;
    private final long reconnectIntervalMs;
    private final long reconnectTimeoutMs;
    private final long tombstoneTimeoutMs;
    private final long reclaimMs;

    private NodeState self;
    private Probe probe;
    private int liveCount;
    private long nextSeq;
    private long nextStreamId;
    private long nextJoinId;
    private boolean started;
    private boolean leaving;
    /** True while handling a datagram: only gossip, not push-pull state, triggers corrections. */
    private boolean fromGossip;
    /** The sender of the datagram being handled, while {@link #fromGossip}. */
    private NodeAddress gossipSender;
    /** Times of recent deaths (not leaves), to notice a mass failure such as a partition. */
    private final java.util.ArrayDeque<Long> recentDeaths = new java.util.ArrayDeque<>();
    private long lastMassFailureSync = Long.MIN_VALUE;

    public SwimCore(SwimConfig config, RandomGenerator random, CoreOutput output) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.out = Objects.requireNonNull(output, "output");
        // With keys, every datagram may be sealed: the packing keeps room for the nonce and tag.
        this.sizing = new PacketCodec(config.label(), config.packetSize(), config.keyring().isPresent());
        this.sealsOutgoing = config.keyring().isPresent() && config.verifyOutgoing();
        this.keyOps = new KeyOperations(config.name(), config.pool(), config.keyring().orElse(null),
                output::keyringChanged, output::keyOperationFinished);
        this.ring = new ProbeRing(random);
        this.health = new LocalHealth(config.awarenessMaxMultiplier());
        this.broadcasts = new BroadcastQueue(sizing::framedSize);
        this.probeIntervalMs = config.probeInterval().toMillis();
        this.probeTimeoutMs = config.probeTimeout().toMillis();
        this.gossipIntervalMs = config.gossipInterval().toMillis();
        this.gossipToTheDeadMs = config.gossipToTheDeadTime().toMillis();
        this.pushPullIntervalMs = config.pushPullInterval().toMillis();
        this.reconnectIntervalMs = config.reconnectInterval().toMillis();
        this.reconnectTimeoutMs = config.reconnectTimeout().toMillis();
        this.tombstoneTimeoutMs = config.tombstoneTimeout().toMillis();
        this.reclaimMs = config.deadNodeReclaimTime().toMillis();
        this.guard = new PoolGuard(config);
        WireLimits.checkTags(config.tags());
        checkFits(config.tags());
        guard.checkOwnConfig();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the protocol: the local member becomes alive (a JOINED change) and timers are armed. */
    public void start(long now) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        self = new NodeState(config.name(), config.advertise(), config.datacenter(), config.role(), config.tags(),
                0, MemberState.ALIVE, now);
        addNode(self);
        liveCount = 1;
        emit(MemberChange.Kind.JOINED, self, null);
        broadcast(self.name, selfAlive(), null);

        // Random stagger, so that nodes started together do not probe and gossip in lockstep.
        timers.schedule(now + stagger(probeIntervalMs), this::probeTick);
        if (gossipIntervalMs > 0) {
            timers.schedule(now + stagger(gossipIntervalMs), this::gossipTick);
        }
        if (pushPullIntervalMs > 0) {
            timers.schedule(now + stagger(pushPullIntervalMs), this::pushPullTick);
        }
        timers.schedule(now + reconnectIntervalMs / 2 + stagger(reconnectIntervalMs), this::reconnectTick);
        timers.schedule(now + REAP_INTERVAL_MS, this::reapTick);
    }

    /**
     * Starts a join: a push-pull (join flag set) with each seed. Completion is reported through
     * {@link CoreOutput#joinFinished}. Returns the join's id.
     */
    public long join(long now, List<NodeAddress> seeds) {
        requireStarted();
        long id = ++nextJoinId;
        List<NodeAddress> targets = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (NodeAddress seed : seeds) {
            if (seed.equals(self.address)) {
                errors.add(seed + ": is this node");
            } else if (!targets.contains(seed)) {
                targets.add(seed);
            }
        }
        if (targets.isEmpty()) {
            out.joinFinished(id, 0, List.copyOf(errors), List.of());
            return id;
        }
        int[] pending = {targets.size()};
        int[] contacted = {0};
        List<JoinRefusal> refusals = new ArrayList<>();
        for (NodeAddress seed : targets) {
            pushPull(seed, null, true, (t, reply) -> {
                if (reply.isPresent() && reply.get() instanceof PushPull) {
                    contacted[0]++;
                } else if (reply.isPresent() && reply.get() instanceof Refuse r) {
                    // Nothing of the seed's was merged, and the seed merged nothing of ours.
                    refusals.add(new JoinRefusal(seed, r.reason(), r.detail()));
                    errors.add(seed + ": join refused: " + r.reason() + " (" + r.detail() + "): "
                            + r.reason().description());
                } else {
                    errors.add(seed + ": no push-pull answer (connection refused, timed out or refused by the peer)");
                }
                if (--pending[0] == 0) {
                    out.joinFinished(id, contacted[0], List.copyOf(errors), List.copyOf(refusals));
                }
            });
        }
        return id;
    }

    /**
     * Announces the local member's departure: probing stops, the news is gossiped, and
     * {@link CoreOutput#leaveFinished()} is called once it has been sent enough times.
     */
    public void leave(long now) {
        requireStarted();
        if (leaving) {
            return;
        }
        leaving = true;
        if (probe != null) {
            probe.cancelTimers();
            probe = null;
        }
        MemberState previous = self.state;
        setState(self, MemberState.LEFT, now);
        emit(MemberChange.Kind.LEFT, self, previous);
        // A departure is a dead message from the member about itself: peers record LEFT, not DEAD.
        Dead goodbye = new Dead(self.name, self.incarnation, self.name);
        if (liveCount == 0) {
            out.leaveFinished();
            return;
        }
        boolean[] done = {false};
        broadcast(self.name, goodbye, () -> {
            if (!done[0]) {
                done[0] = true;
                out.leaveFinished();
            }
        });
        gossip(now);
    }

    /** Replaces the local member's tags and announces them with a new incarnation. */
    public void updateTags(long now, Map<String, String> tags) {
        requireStarted();
        WireLimits.checkTags(tags);
        checkFits(tags);
        if (leaving) {
            throw new IllegalStateException("the local member has left");
        }
        self.tags = Map.copyOf(tags);
        self.incarnation++;
        broadcast(self.name, selfAlive(), null);
        emit(MemberChange.Kind.UPDATED, self, MemberState.ALIVE);
    }

    /**
     * Moves a DEAD member to LEFT here and, through gossip, everywhere, so that it is no longer
     * reconnected to or reclaimed (Serf's force-leave). Should the member in fact be alive, it
     * hears of its departure, refutes, and is seen alive again. With {@code prune}, every node
     * then forgets it (Serf's {@code -prune}): it leaves their views at once instead of after the
     * tombstone timeout; a LEFT member can be pruned too.
     *
     * @throws IllegalArgumentException if the member is unknown (or already pruned)
     * @throws IllegalStateException    if it is the local member or is neither DEAD nor LEFT
     */
    public void forceLeave(long now, String name, boolean prune) {
        requireStarted();
        NodeState n = nodes.get(name);
        if (n == null || n.pruned) {
            throw new IllegalArgumentException("no member named '" + name + "' is known");
        }
        if (n == self) {
            throw new IllegalStateException("the local member leaves with leave(), not forceLeave()");
        }
        if (n.state == MemberState.LEFT) {
            if (prune) {
                prune(n, new Forget(n.name, n.incarnation));
            }
            return;
        }
        if (n.state != MemberState.DEAD) {
            throw new IllegalStateException("'" + name + "' is " + n.state + ": only a DEAD member can be force-left");
        }
        // The member's own leave message, written on its behalf: every peer then records LEFT.
        deadNode(now, new Dead(name, n.incarnation, name));
        if (prune) {
            prune(n, new Forget(n.name, n.incarnation));
        }
    }

    // ---------------------------------------------------------------- inputs

    /** Handles the messages of one received datagram, in order. */
    public void handlePacket(long now, NodeAddress from, List<Message> messages) {
        requireStarted();
        fromGossip = true;
        gossipSender = from;
        try {
            handleMessages(now, from, messages);
        } finally {
            fromGossip = false;
            gossipSender = null;
        }
    }

    private void handleMessages(long now, NodeAddress from, List<Message> messages) {
        for (Message m : messages) {
            if (m instanceof Ping p) {
                onPing(from, p);
            } else if (m instanceof IndirectPing ip) {
                onIndirectPing(now, from, ip);
            } else if (m instanceof Ack a) {
                onAck(now, a.seq());
            } else if (m instanceof Nack n) {
                onNack(n.seq());
            } else if (m instanceof Alive a) {
                aliveNode(now, a);
            } else if (m instanceof Suspect s) {
                suspectNode(now, s);
            } else if (m instanceof Dead d) {
                deadNode(now, d);
            } else if (m instanceof Refuse r) {
                onRefusedDatagram(now, from, r);
            } else if (m instanceof Forget f) {
                forgetNode(now, f);
            } else {
                LOG.log(Level.DEBUG, "{0} over UDP from {1} ignored", m.getClass().getSimpleName(), from);
            }
        }
    }

    /** Handles a request received on a stream; returns the reply to write, if any. */
    public Optional<Message> handleStream(long now, NodeAddress from, Message request) {
        requireStarted();
        if (request instanceof PushPull pp) {
            if (pp.join()) {
                // A joiner whose state this pool would refuse is refused as a whole, before
                // anything is merged: half a join would leave one side believing it joined
                // (memberlist #132).
                Optional<Refuse> refusal = checkJoin(now, from, pp.members());
                if (refusal.isPresent()) {
                    return Optional.of(refusal.get());
                }
            }
            // Merge first, so that a refutation this state provokes is already in our reply: the
            // requester (often a member that believed us dead) then sees us alive at once.
            merge(now, pp.members());
            return Optional.of(new PushPull(false, localState()));
        }
        if (request instanceof Ping p) {
            return p.target().equals(self.name) ? Optional.of(new Ack(p.seq())) : Optional.empty();
        }
        if (request instanceof KeyRequest k) {
            // The wire lets a key request in sealed only: its sender holds one of our keys.
            return Optional.of(keyOps.answer(k, from));
        }
        LOG.log(Level.DEBUG, "unexpected stream request {0} from {1}", request.getClass().getSimpleName(), from);
        return Optional.empty();
    }

    /** Reports the outcome of {@link CoreOutput#openStream}; empty means failed or timed out. */
    public void handleStreamResult(long now, long streamId, Optional<Message> reply) {
        StreamCallback callback = streams.remove(streamId);
        if (callback != null) {
            callback.done(now, reply);
        }
    }

    // ---------------------------------------------------------------- keys

    /**
     * Starts a key operation across the pool ({@code serf keys}): checked against the local
     * keyring first, then sent to every live member (ALIVE or SUSPECT) over a stream, then applied
     * locally. The outcome, member by member, goes to {@link CoreOutput#keyOperationFinished}.
     * Returns the operation's id.
     *
     * @throws IllegalStateException    if encryption is off (no keyring)
     * @throws IllegalArgumentException if the local keyring refuses the operation (using a key not
     *                                  installed, removing the primary key) or the key has the wrong
     *                                  length; nobody is asked then
     */
    public long keyOperation(long now, KeyResponse.Operation op, byte[] key) {
        requireStarted();
        List<KeyOperations.Target> targets = new ArrayList<>();
        for (NodeState n : nodeList) {
            if (n != self && n.isLive() && !n.shed && !n.pruned) {
                targets.add(new KeyOperations.Target(n.name, n.address));
            }
        }
        return keyOps.start(op, key, targets,
                (to, request, then) -> openStream(to, request, (t, reply) -> then.accept(reply)));
    }

    /** The keys in force now, if encryption is on. */
    public Optional<Keyring> keyring() {
        return keyOps.keyring();
    }

    // ---------------------------------------------------------------- the guard

    /**
     * Whether a datagram or stream with {@code label}, which is not ours, is decoded anyway. Only
     * with the guard off, and only a LAN label of our cluster naming another datacenter. A pure
     * query, meant for the decoder.
     */
    public boolean acceptsLabel(String label) {
        return guard.letsIn(label);
    }

    /**
     * A datagram of {@code datagramBytes} bytes came from {@code from} with a label that is not ours
     * (nor let in). Counts it and returns the refusal to send back, written with the sender's
     * label, unless {@code from}'s host has had its share of refusals lately, or the refusal would
     * be larger than the datagram: a forged source address must not make us an amplifier.
     */
    public Optional<Refuse> refuseDatagram(long now, NodeAddress from, ForeignLabel label, int datagramBytes) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        guardCounters.foreignLabel(reason);
        if (!refusalLimiter.allow(now, from.host())) {
            guardCounters.refusalSuppressed();
            return Optional.empty();
        }
        Optional<Refuse> fitted = PacketCodec.fitReply(label,
                new Refuse(reason, guard.describeSelf()), datagramBytes, sealsOutgoing);
        if (fitted.isEmpty()) {
            guardCounters.refusalSuppressed();
            return Optional.empty();
        }
        guardCounters.refusalSent();
        return fitted;
    }

    /**
     * A stream came from {@code from} with a label that is not ours (nor let in): counts it and
     * returns the refusal to write back, with the sender's label, before closing. Not rate-limited:
     * a stream's source cannot be forged, and a joiner needs the reason every time it tries.
     */
    public Refuse refuseStream(long now, NodeAddress from, ForeignLabel label) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        guardCounters.foreignLabel(reason);
        guardCounters.refusalSent();
        return new Refuse(reason, guard.describeSelf());
    }

    /**
     * The reply to one of our streams came back from {@code from} with a label that is not ours:
     * the peer is in another pool (it let our request in, with its own guard off). Counts it and
     * returns our own refusal of the peer, which the driver reports as the stream's result, so
     * that a join fails naming the reason and nothing of the peer's is merged.
     */
    public Refuse refuseReply(long now, NodeAddress from, ForeignLabel label) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        guardCounters.foreignLabel(reason);
        return new Refuse(reason, "refused by " + config.name() + ": " + from + " answered with label '"
                + label.detail() + "'");
    }

    /**
     * Switches the guard. Switched on, it sheds at once every member the pool would now refuse (in
     * a LAN pool the members of other datacenters, in the WAN pool those that are not servers):
     * each is recorded LEFT with its reason, here only (nothing is gossiped), and is never merged
     * back from gossip or push-pull. Switched off, other datacenters' LAN labels are let in and
     * records are no longer checked.
     */
    public void setGuardEnabled(long now, boolean enabled) {
        requireStarted();
        if (guard.enabled() == enabled) {
            return;
        }
        guard.enabled(enabled);
        guardCounters.touch();
        int shed = 0;
        if (enabled) {
            for (NodeState n : List.copyOf(nodeList)) {
                Optional<RefusalReason> why = n == self || n.shed ? Optional.empty()
                        : guard.checkRecord(n.name, n.datacenter, n.role);
                if (why.isPresent()) {
                    shed(now, n, why.get());
                    shed++;
                }
            }
            contested.values().removeIf(a -> guard.checkRecord(a.name(), a.datacenter(), a.role()).isPresent());
        }
        LOG.log(Level.INFO, "{0}: cluster-mixing guard turned {1}{2}", config.name(), enabled ? "on" : "off",
                enabled ? ", " + shed + " member(s) of another pool shed" : "");
    }

    /** Whether the guard is on. */
    public boolean guardEnabled() {
        return guard.enabled();
    }

    /** What the guard has done so far. */
    public GuardMetrics guardMetrics() {
        return guardCounters.snapshot(guard.enabled());
    }

    /** Changes whenever {@link #guardMetrics()} would: lets a driver publish only what changed. */
    public long guardMetricsVersion() {
        return guardCounters.version();
    }

    /** Runs every timer due at or before {@code now}. */
    public void handleTimers(long now) {
        timers.runDue(now);
    }

    /** The earliest time at which {@link #handleTimers} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    // ---------------------------------------------------------------- views

    /** The local member as it is now. */
    public Member localMember() {
        requireStarted();
        return self.toMember(config.cluster());
    }

    /** Every known member, including the local one and those DEAD or LEFT still remembered. */
    public List<Member> members() {
        List<Member> all = new ArrayList<>(nodeList.size());
        for (NodeState n : nodeList) {
            if (!n.pruned) {
                all.add(n.toMember(config.cluster()));
            }
        }
        return all;
    }

    /** Local health score: 0 is healthy, {@code awarenessMaxMultiplier - 1} is the worst. */
    public int healthScore() {
        return health.score();
    }

    /** Pieces of news waiting to be gossiped. */
    public int queuedBroadcasts() {
        return broadcasts.size();
    }

    // ---------------------------------------------------------------- probing

    private void probeTick(long now) {
        if (probe != null) {
            concludeProbe(now);
        }
        if (!leaving) {
            startProbe(now);
        }
        timers.schedule(now + health.scale(probeIntervalMs), this::probeTick);
    }

    private void startProbe(long now) {
        String name = ring.next(candidate -> {
            NodeState n = nodes.get(candidate);
            return n != null && n != self && n.isLive();
        });
        if (name == null) {
            return;
        }
        NodeState target = nodes.get(name);
        Probe p = new Probe(++nextSeq, target);
        probe = p;
        List<Message> ping = new ArrayList<>(2);
        ping.add(new Ping(p.seq, target.name));
        if (target.state == MemberState.SUSPECT) {
            // Lifeguard's buddy system: tell the suspect directly, so it can refute right away.
            ping.add(new Suspect(target.name, target.incarnation, self.name));
        }
        send(target.address, ping);
        long timeout = Math.min(health.scale(probeTimeoutMs), health.scale(probeIntervalMs));
        p.timeoutTimer = timers.schedule(now + timeout, t -> probeTimedOut(t, p));
    }

    private void probeTimedOut(long now, Probe p) {
        if (probe != p || p.acked) {
            return;
        }
        NodeState target = p.target;
        List<NodeState> relaysChosen = randomNodes(config.indirectChecks(),
                n -> n != self && n != target && n.state == MemberState.ALIVE);
        for (NodeState relay : relaysChosen) {
            send(relay.address, List.of(new IndirectPing(p.seq, target.name, target.address, true)));
        }
        p.expectedNacks = relaysChosen.size();
        if (!config.disableTcpPings()) {
            openStream(target.address, new Ping(p.seq, target.name), (t, reply) -> {
                if (reply.isPresent() && reply.get() instanceof Refuse r) {
                    // The target refuses us over TCP (its answer cannot be forged): if it is now
                    // in another datacenter it is shed before it could be suspected, so a guard
                    // rolled out node by node does not make the nodes still off suspect it.
                    refusedBy(t, target.address, target, r);
                    return;
                }
                if (probe == p && !p.acked && reply.isPresent() && reply.get() instanceof Ack a && a.seq() == p.seq) {
                    LOG.log(Level.WARNING, "{0} answered over TCP but not over UDP: the network may be "
                            + "dropping UDP between us", target.name);
                    probeSucceeded(p);
                }
            });
        }
    }

    private void onAck(long now, long seq) {
        Probe p = probe;
        if (p != null && p.seq == seq && !p.acked) {
            probeSucceeded(p);
            return;
        }
        Relay r = relays.remove(seq);
        if (r != null) {
            r.cancel();
            send(r.requester, List.of(new Ack(r.requesterSeq)));
        }
    }

    private void onNack(long seq) {
        Probe p = probe;
        if (p != null && p.seq == seq) {
            p.nacks++;
        }
    }

    private void probeSucceeded(Probe p) {
        p.acked = true;
        p.cancelTimers();
        health.apply(-1);
    }

    private void concludeProbe(long now) {
        Probe p = probe;
        probe = null;
        if (p.acked) {
            return;
        }
        p.cancelTimers();
        // Missing nacks mean our own links or scheduling are at fault, not the target: Lifeguard
        // counts each one against our health. Without relays we can only count the failure itself.
        int delta = p.expectedNacks > 0 ? p.expectedNacks - p.nacks : 1;
        health.apply(delta);
        NodeState target = p.target;
        if (nodes.get(target.name) == target && target.isLive()) {
            suspectNode(now, new Suspect(target.name, target.incarnation, self.name));
        }
    }

    private void onPing(NodeAddress from, Ping ping) {
        // A ping meant for another name reached our address (we took over a previous owner's
        // address): answering would vouch for a member that may be dead.
        if (ping.target().equals(self.name)) {
            send(from, List.of(new Ack(ping.seq())));
        }
    }

    private void onIndirectPing(long now, NodeAddress from, IndirectPing req) {
        long seq = ++nextSeq;
        Relay r = new Relay(from, req.seq());
        relays.put(seq, r);
        send(req.targetAddress(), List.of(new Ping(seq, req.target())));
        // Nack at 80 % of the probe timeout (Lifeguard), so it reaches the requester before its
        // probe period ends; memberlist's nack at 100 % often arrives too late to count.
        long nackAfter = req.wantNack() ? probeTimeoutMs * 8 / 10 : probeTimeoutMs;
        r.timer = timers.schedule(now + nackAfter, t -> {
            if (relays.remove(seq) != null && req.wantNack()) {
                send(from, List.of(new Nack(req.seq())));
            }
        });
    }

    // ---------------------------------------------------------------- state transitions

    private void aliveNode(long now, Alive a) {
        if (refusedRecord(now, a.name(), a.datacenter(), a.role(), "alive message").isPresent()) {
            return;
        }
        NodeState n = nodes.get(a.name());
        if (n == self) {
            if (leaving) {
                return;
            }
            boolean sameAsUs = a.address().equals(self.address) && a.tags().equals(self.tags)
                    && a.datacenter().equals(self.datacenter) && a.role().equals(self.role);
            if (a.incarnation() < self.incarnation) {
                correct(now, self, false);
                return;
            }
            if (a.incarnation() == self.incarnation && sameAsUs) {
                return;
            }
            // Someone announces our name with newer or different details (a stale copy of us from
            // before a restart, or an impostor): out-announce it.
            refute(a.incarnation());
            return;
        }
        if (n != null && n.pruned) {
            if (a.incarnation() <= n.incarnation && a.address().equals(n.address)) {
                // Stale news, or the member restarted where it was: nobody gossips a forgotten
                // member, so tell that address directly; a live member refutes with a later
                // incarnation, which then gets in.
                if (n.toldDeadAt == Long.MIN_VALUE || now - n.toldDeadAt >= probeIntervalMs) {
                    n.toldDeadAt = now;
                    send(n.address, List.of(new Dead(n.name, n.incarnation, self.name)));
                }
                return;
            }
            // It came back after it was forgotten: for everyone it is a new member.
            removeNode(n);
            n = null;
        }
        boolean addressChange = false;
        // A member the guard shed comes back only if it now belongs here (it rejoined in our
        // datacenter), and then starts over whatever its incarnation. Switching the guard off
        // does not bring it back: a member that refused us stays refused.
        boolean returning = false;
        if (n != null && n.shed) {
            if (guard.belongs(a.name(), a.datacenter(), a.role()).isPresent()) {
                return;
            }
            returning = true;
        }
        if (n != null && !returning && !n.address.equals(a.address())) {
            boolean reclaimable = n.state == MemberState.LEFT
                    || (n.state == MemberState.DEAD && now - n.stateChangedAt >= reclaimMs);
            if (!reclaimable) {
                LOG.log(Level.DEBUG, "{0} announced at {1} while known {2} at {3}: ignored for now",
                        a.name(), a.address(), n.state, n.address);
                Alive earlier = contested.get(a.name());
                if (earlier == null || earlier.incarnation() <= a.incarnation()) {
                    contested.put(a.name(), a);
                }
                return;
            }
            addressChange = true;
        }
        // A reclaimed name starts over at whatever incarnation its new owner has.
        if (n != null && !addressChange && !returning && a.incarnation() <= n.incarnation) {
            if (a.incarnation() < n.incarnation || !n.isLive()) {
                correct(now, n, false);
            }
            return;
        }
        cancelSuspicion(a.name());
        contested.remove(a.name());
        MemberState previous = null;
        boolean detailsChanged = false;
        if (n == null) {
            n = new NodeState(a.name(), a.address(), a.datacenter(), a.role(), a.tags(), a.incarnation(),
                    MemberState.DEAD, now);
            addNode(n);
        } else {
            previous = n.state;
            detailsChanged = addressChange || !n.tags.equals(a.tags()) || !n.datacenter.equals(a.datacenter())
                    || !n.role.equals(a.role());
        }
        n.shed = false;
        n.address = a.address();
        n.datacenter = a.datacenter();
        n.role = a.role();
        n.tags = a.tags();
        n.incarnation = a.incarnation();
        setState(n, MemberState.ALIVE, now);
        ring.add(n.name);
        broadcast(n.name, a, null);
        if (previous == null || previous == MemberState.DEAD || previous == MemberState.LEFT) {
            emit(MemberChange.Kind.JOINED, n, previous);
        } else if (previous == MemberState.SUSPECT) {
            emit(MemberChange.Kind.ALIVE, n, previous);
        } else if (detailsChanged) {
            emit(MemberChange.Kind.UPDATED, n, previous);
        }
    }

    private void suspectNode(long now, Suspect s) {
        NodeState n = nodes.get(s.name());
        if (n == null || n.pruned) {
            return;
        }
        if (s.incarnation() < n.incarnation) {
            correct(now, n, true);
            return;
        }
        PendingSuspicion pending = suspicions.get(s.name());
        if (pending != null) {
            if (s.incarnation() == pending.suspicion.incarnation() && pending.suspicion.confirm(s.from())) {
                pending.reschedule(now);
                // Re-gossip independent confirmations so every suspecting member shortens its timer.
                broadcast(s.name(), s, null);
            }
            return;
        }
        if (n.state != MemberState.ALIVE) {
            if (!n.isLive() && s.incarnation() <= n.incarnation) {
                correct(now, n, true);
            }
            return;
        }
        if (n == self) {
            if (!leaving) {
                refute(s.incarnation());
            }
            return;
        }
        broadcast(n.name, s, null);
        n.incarnation = s.incarnation();
        setState(n, MemberState.SUSPECT, now);
        emit(MemberChange.Kind.SUSPECTED, n, MemberState.ALIVE);
        // Tell the suspect itself at once instead of waiting for gossip to reach it.
        send(n.address, List.of(s));

        int wanted = config.suspicionMult() - 2;
        if (liveCount - 2 < wanted) {
            wanted = 0;
        }
        long min = Suspicion.minTimeout(config.suspicionMult(), liveCount, probeIntervalMs);
        long max = (long) config.suspicionMaxTimeoutMult() * min;
        PendingSuspicion p = new PendingSuspicion(n.name, new Suspicion(now, min, max, wanted, s.from(),
                s.incarnation()));
        suspicions.put(n.name, p);
        p.reschedule(now);
    }

    private void suspicionExpired(long now, String name, PendingSuspicion p) {
        if (suspicions.get(name) != p) {
            return;
        }
        NodeState n = nodes.get(name);
        if (n == null || n.state != MemberState.SUSPECT || n.incarnation != p.suspicion.incarnation()) {
            suspicions.remove(name);
            return;
        }
        if (p.suspicion.confirmations() < p.suspicion.wanted() && !p.finalCheck) {
            // Too few independent accusers: the refutation may simply have been lost on the way to
            // us (gossip leaves a residue). Ask the suspect once more, directly, with the suspicion
            // first: if it lives, it refutes before it answers, and its alive rides back on the ack.
            p.finalCheck = true;
            send(n.address, List.of(new Suspect(name, n.incarnation, self.name), new Ping(++nextSeq, name)));
            p.timer = timers.schedule(now + health.scale(probeIntervalMs), t -> suspicionExpired(t, name, p));
            return;
        }
        suspicions.remove(name);
        deadNode(now, new Dead(name, n.incarnation, self.name));
    }

    /**
     * One probe timeout before a suspicion expires, however many members confirmed it, the suspect
     * is asked directly. A refutation is gossiped like any news, and gossip leaves a residue: after
     * a 3 s pause at 50 members, one pause in about 230 ended with some member that never heard
     * the refutation declaring the live node dead (simulator, 3,000 pauses; once in the
     * side-by-side benchmark). The suspicion goes first in the datagram so that the suspect has
     * re-queued its alive before it answers the ping, and the alive rides back on the ack; a dead
     * suspect costs one datagram and no time.
     */
    private void lastLook(PendingSuspicion p) {
        if (suspicions.get(p.name) != p || p.looked) {
            return;
        }
        NodeState n = nodes.get(p.name);
        if (n == null || n.state != MemberState.SUSPECT || n.incarnation != p.suspicion.incarnation()) {
            return;
        }
        p.looked = true;
        send(n.address, List.of(new Suspect(p.name, n.incarnation, self.name), new Ping(++nextSeq, p.name)));
    }

    /**
     * Forgets a member force-left with prune elsewhere: records it LEFT first if we had not (the
     * leave news may have been overtaken), then hides it and passes the news on.
     */
    private void forgetNode(long now, Forget f) {
        NodeState n = nodes.get(f.name());
        if (n == null || n == self || n.pruned || f.incarnation() < n.incarnation) {
            return;
        }
        if (n.state != MemberState.LEFT) {
            deadNode(now, new Dead(n.name, f.incarnation(), n.name));
        }
        if (n.state == MemberState.LEFT) {
            prune(n, f);
        }
    }

    private void prune(NodeState n, Forget f) {
        n.pruned = true;
        // Replaces the leave news queued for this member: a Forget carries the leave too.
        broadcast(n.name, f, null);
    }

    private void deadNode(long now, Dead d) {
        NodeState n = nodes.get(d.name());
        if (n == null || n.pruned) {
            return;
        }
        if (d.incarnation() < n.incarnation) {
            correct(now, n, false);
            return;
        }
        if (n.state == MemberState.LEFT || (n.state == MemberState.DEAD && !d.isLeave())) {
            if (n.state == MemberState.LEFT && !d.isLeave()) {
                correct(now, n, false);
            }
            return;
        }
        if (n == self) {
            if (!leaving) {
                refute(d.incarnation());
            }
            return;
        }
        cancelSuspicion(n.name);
        broadcast(n.name, d, null);
        MemberState previous = n.state;
        n.incarnation = d.incarnation();
        // Unlike memberlist, a leave that arrives after we declared the member dead still upgrades
        // it to LEFT: it tells operators the departure was intended and stops reconnect attempts.
        MemberState next = d.isLeave() ? MemberState.LEFT : MemberState.DEAD;
        if (next == MemberState.DEAD && previous == MemberState.ALIVE) {
            // The news of the death outran the suspicion: record the suspicion first, so that every
            // observer sees a member suspected before it is declared dead.
            setState(n, MemberState.SUSPECT, now);
            emit(MemberChange.Kind.SUSPECTED, n, previous);
            previous = MemberState.SUSPECT;
        }
        setState(n, next, now);
        emit(next == MemberState.LEFT ? MemberChange.Kind.LEFT : MemberChange.Kind.DEAD, n, previous);
        if (next == MemberState.DEAD) {
            noteDeath(now);
        }
        if (next == MemberState.LEFT || reclaimMs == 0) {
            applyContestedClaim(now, n.name);
        }
    }

    /**
     * Many deaths at once (a partition, a rack lost) flood every dissemination queue, and a few
     * members miss a few deaths: epidemic residue, which the periodic push-pull (minutes apart in a
     * large cluster) mops up too late. One extra push-pull per node, once the wave has passed, lets
     * such stragglers catch up within seconds; a single crash does not trigger it.
     */
    private void noteDeath(long now) {
        recentDeaths.addLast(now);
        while (!recentDeaths.isEmpty() && now - recentDeaths.peekFirst() > MASS_FAILURE_WINDOW_MS) {
            recentDeaths.pollFirst();
        }
        int threshold = Math.max(MASS_FAILURE_MIN_DEATHS, liveCount / 32);
        if (recentDeaths.size() < threshold || pushPullIntervalMs == 0
                || (lastMassFailureSync != Long.MIN_VALUE && now - lastMassFailureSync < pushPullIntervalMs)) {
            return;
        }
        lastMassFailureSync = now;
        long afterWave = Suspicion.minTimeout(config.suspicionMult(), liveCount, probeIntervalMs)
                + stagger(probeIntervalMs);
        timers.schedule(now + afterWave, t -> {
            List<NodeState> peer = randomNodes(1, m -> m != self && m.state == MemberState.ALIVE);
            if (!peer.isEmpty() && !leaving) {
                pushPull(peer.get(0).address, peer.get(0), false, (t2, reply) -> { });
            }
        });
    }

    private void applyContestedClaim(long now, String name) {
        Alive claim = contested.remove(name);
        if (claim != null) {
            aliveNode(now, claim);
        }
    }

    /**
     * A peer gossiped news about {@code n} older than ours: it missed our news, which has probably
     * stopped circulating. Gossip ours again so the straggler catches up now rather than at its
     * next push-pull (blind-counter rumor mongering leaves a residue of e^-R; this is the feedback
     * that mops it up). Only when we are not already spreading news about {@code n}, so a wave of
     * stale copies cannot keep restarting ours; never for suspicions, which would count as our own
     * accusation.
     */
    private void correct(long now, NodeState n, boolean staleSuspicion) {
        // A shed member is nobody's business here: our LEFT for it is local, never news.
        if (!fromGossip || n.shed) {
            return;
        }
        if (n.state == MemberState.DEAD) {
            correctDead(now, n, staleSuspicion);
            return;
        }
        if (broadcasts.transmits(n.name) >= 0) {
            return;
        }
        switch (n.state) {
            case ALIVE -> broadcast(n.name, n == self ? selfAlive()
                    : new Alive(n.name, n.incarnation, n.address, n.datacenter, n.role, n.tags), null);
            case LEFT -> broadcast(n.name, new Dead(n.name, n.incarnation, n.name), null);
            case DEAD, SUSPECT -> { }
        }
    }

    /**
     * Someone still thinks a member alive (or merely suspect) that we have held dead for longer
     * than our own news about it takes to spread, so it is a straggler, not the tail of the wave.
     * Gossiping our verdict would turn holders of an equally recent ALIVE into DEAD without giving
     * the member a chance. Instead we tell the member itself, so that it refutes if it lives; and
     * if the sender already suspects it, we confirm: one independent confirmation shortens the
     * sender's suspicion timeout towards its minimum but never skips it. At most once per member
     * per probe interval, so a wave of stale copies costs little.
     */
    private void correctDead(long now, NodeState n, boolean staleSuspicion) {
        long spread = retransmitLimit() * (gossipIntervalMs > 0 ? gossipIntervalMs : probeIntervalMs);
        if (now - n.stateChangedAt < spread
                || (n.toldDeadAt != Long.MIN_VALUE && now - n.toldDeadAt < probeIntervalMs)) {
            return;
        }
        n.toldDeadAt = now;
        send(n.address, List.of(new Dead(n.name, n.incarnation, self.name)));
        if (staleSuspicion && gossipSender != null && !gossipSender.equals(n.address)) {
            send(gossipSender, List.of(new Suspect(n.name, n.incarnation, self.name)));
        }
    }

    private void refute(long accusedIncarnation) {
        self.incarnation = Math.max(self.incarnation + 1, accusedIncarnation + 1);
        // Having to refute means our answers did not get through in time: likely our fault.
        health.apply(1);
        broadcast(self.name, selfAlive(), null);
    }

    private void cancelSuspicion(String name) {
        PendingSuspicion p = suspicions.remove(name);
        if (p != null && p.timer != null) {
            p.timer.cancel();
        }
    }

    // ---------------------------------------------------------------- dissemination

    private void gossipTick(long now) {
        if (broadcasts.size() == 0) {
            // Nothing to tell: the ticker parks until news is queued, so an idle node wakes only
            // to probe and to answer (memberlist's ticker wakes every 200 ms regardless).
            gossipParkedAt = now;
            return;
        }
        gossip(now);
        timers.schedule(now + gossipIntervalMs, this::gossipTick);
    }

    private void gossip(long now) {
        if (broadcasts.size() == 0) {
            return;
        }
        // The fanout goes to members believed alive, so that suspects and the dead, who may well be
        // unreachable, never take the place of live targets (in a partition half the fanout would
        // otherwise be lost and news would miss members). One extra packet goes to a suspect or a
        // recently dead member, so one wrongly accused still hears it and refutes.
        List<NodeState> targets = randomNodes(config.gossipNodes(), n -> n != self && n.state == MemberState.ALIVE);
        if (config.gossipNodes() > 0) {
            targets.addAll(randomNodes(1, n -> n.state == MemberState.SUSPECT
                    || (n.state == MemberState.DEAD && now - n.stateChangedAt < gossipToTheDeadMs)));
        }
        for (NodeState target : targets) {
            List<Message> news = broadcasts.take(sizing.capacity(), MAX_MESSAGES_PER_PACKET, retransmitLimit());
            if (news.isEmpty()) {
                return;
            }
            out.sendPacket(target.address, news);
        }
    }

    private void broadcast(String key, Message message, Runnable onDone) {
        broadcasts.queue(key, message, onDone);
        if (gossipParkedAt != NOT_PARKED) {
            // The tick the running ticker would have had next; if that is past, at once.
            timers.schedule(gossipParkedAt + gossipIntervalMs, this::gossipTick);
            gossipParkedAt = NOT_PARKED;
        }
    }

    /** Sends {@code messages} with as much queued news as fits in the rest of the packet. */
    private void send(NodeAddress to, List<Message> messages) {
        int used = 0;
        for (Message m : messages) {
            used += sizing.framedSize(m);
        }
        List<Message> news = broadcasts.take(sizing.capacity() - used, MAX_MESSAGES_PER_PACKET - messages.size(),
                retransmitLimit());
        if (news.isEmpty()) {
            out.sendPacket(to, messages);
        } else {
            List<Message> all = new ArrayList<>(messages.size() + news.size());
            all.addAll(messages);
            all.addAll(news);
            out.sendPacket(to, all);
        }
    }

    /**
     * retransmit-mult × ⌈log10(n + 1)⌉: enough for news to reach everyone with high probability.
     * n counts every remembered member, as memberlist does: when half the cluster has just died
     * (a partition), the news of it must not get fewer retransmissions.
     */
    private int retransmitLimit() {
        int n = Math.max(1, nodeList.size());
        return config.retransmitMult() * (int) Math.ceil(Math.log10(n + 1.0));
    }

    // ---------------------------------------------------------------- anti-entropy and reconnect

    private void pushPullTick(long now) {
        List<NodeState> peer = randomNodes(1, n -> n != self && n.state == MemberState.ALIVE);
        if (!peer.isEmpty()) {
            pushPull(peer.get(0).address, peer.get(0), false, (t, reply) -> { });
        }
        timers.schedule(now + scaledPushPullInterval(), this::pushPullTick);
    }

    /** memberlist's scaling: beyond 32 members, multiply by ⌈log2(n) − log2(32)⌉ + 1. */
    private long scaledPushPullInterval() {
        if (liveCount <= PUSH_PULL_SCALE_THRESHOLD) {
            return pushPullIntervalMs;
        }
        double extra = Math.ceil(Math.log(liveCount) / Math.log(2) - Math.log(PUSH_PULL_SCALE_THRESHOLD) / Math.log(2));
        return pushPullIntervalMs * ((long) extra + 1);
    }

    private void reconnectTick(long now) {
        // Serf's reconnect: a member we declared dead may be alive behind a healed partition. One
        // push-pull with it merges both views; only members that left on purpose are not tried.
        if (!leaving) {
            List<NodeState> dead = randomNodes(1, n -> n.state == MemberState.DEAD);
            if (!dead.isEmpty()) {
                pushPull(dead.get(0).address, dead.get(0), false, (t, reply) -> { });
            }
        }
        timers.schedule(now + reconnectIntervalMs, this::reconnectTick);
    }

    private void reapTick(long now) {
        List<NodeState> forget = new ArrayList<>();
        for (NodeState n : nodeList) {
            if ((n.state == MemberState.DEAD && now - n.stateChangedAt >= reconnectTimeoutMs)
                    || (n.state == MemberState.LEFT && n != self && now - n.stateChangedAt >= tombstoneTimeoutMs)) {
                forget.add(n);
            }
        }
        for (NodeState n : forget) {
            removeNode(n);
        }
        for (String name : List.copyOf(contested.keySet())) {
            NodeState n = nodes.get(name);
            if (n == null || n.state == MemberState.LEFT
                    || (n.state == MemberState.DEAD && now - n.stateChangedAt >= reclaimMs)) {
                applyContestedClaim(now, name);
            }
        }
        timers.schedule(now + REAP_INTERVAL_MS, this::reapTick);
    }

    /**
     * Exchanges state with {@code to}; {@code member} is the member believed to be there (null for
     * a seed). The reply reaches {@code then} as a push-pull (merged first), a refusal (nothing
     * merged) or empty.
     */
    private void pushPull(NodeAddress to, NodeState member, boolean join, StreamCallback then) {
        openStream(to, new PushPull(join, localState()), (now, reply) -> {
            if (reply.isPresent() && reply.get() instanceof PushPull pp) {
                merge(now, pp.members());
                then.done(now, reply);
            } else if (reply.isPresent() && reply.get() instanceof Refuse r) {
                refusedBy(now, to, member, r);
                then.done(now, reply);
            } else {
                then.done(now, Optional.empty());
            }
        });
    }

    /**
     * A member we opened a stream to (a state exchange, a reconnect, a TCP probe) refused us. If
     * it says it is in another datacenter, it was moved there (its configuration changed and it
     * restarted) or its guard was switched on while ours is still off: it is shed, here only,
     * whatever our own guard says, since it will never take part in our pool again. Only a
     * stream's answer counts: a datagram's sender can be forged.
     */
    private void refusedBy(long now, NodeAddress to, NodeState member, Refuse r) {
        guardLog.log(now, "refused-by-" + r.reason(), () -> config.name() + ": " + to
                + (member == null ? "" : " (" + member.name + ")") + " refused our stream: " + r.reason()
                + " (" + r.detail() + ")");
        if (member != null && member != self && !member.shed && nodes.get(member.name) == member
                && member.address.equals(to) && r.reason() == RefusalReason.FOREIGN_DATACENTER
                && config.pool() == Pool.LAN) {
            shed(now, member, RefusalReason.FOREIGN_DATACENTER);
            guardLog.log(now, "shed-on-refusal", () -> config.name() + ": " + member.name + " shed: it is in "
                    + "another datacenter now (" + r.detail() + ")");
        }
    }

    /** A peer refused one of our datagrams. Logged and counted only: its source may be forged. */
    private void onRefusedDatagram(long now, NodeAddress from, Refuse r) {
        guardCounters.refusalReceived();
        guardLog.log(now, "refused-datagram-" + r.reason(), () -> config.name() + ": " + from
                + " refuses our datagrams: " + r.reason() + " (" + r.detail() + "): " + r.reason().description());
    }

    /**
     * The guard's check of one member record, wherever it came from: a refused record changes
     * nothing, and is counted and logged (rate-limited). Returns why it was refused, if it was.
     */
    private Optional<RefusalReason> refusedRecord(long now, String name, String datacenter, String role,
                                                  String source) {
        Optional<RefusalReason> refused = guard.checkRecord(name, datacenter, role);
        refused.ifPresent(reason -> {
            guardCounters.refusedRecord(reason);
            guardLog.log(now, "record-" + reason, () -> config.name() + ": refused " + source + " about '" + name
                    + "' (datacenter " + datacenter + ", role " + role + "): " + reason + ": " + reason.description());
        });
        return refused;
    }

    /**
     * A join request is all or nothing: if the joiner's state holds any record this pool refuses,
     * the join is refused with that record's reason and nothing is merged.
     */
    private Optional<Refuse> checkJoin(long now, NodeAddress from, List<MemberRecord> records) {
        for (MemberRecord r : records) {
            Optional<RefusalReason> reason = refusedRecord(now, r.name(), r.datacenter(), r.role(), "join from " + from);
            if (reason.isPresent()) {
                guardCounters.refusalSent();
                return Optional.of(new Refuse(reason.get(), WireLimits.clipUtf8(guard.describeSelf()
                        + "; refused member " + r.name() + " of datacenter " + r.datacenter() + ", role " + r.role(),
                        WireLimits.MAX_REFUSAL_DETAIL_BYTES)));
            }
        }
        return Optional.empty();
    }

    /**
     * Removes a member the pool refuses: LEFT with the guard's reason, an event fired, its news,
     * suspicion and contested claims dropped. Local only: nothing is gossiped, because to a peer
     * whose guard is still off (or to the member itself) a departure would be false news.
     */
    private void shed(long now, NodeState n, RefusalReason why) {
        cancelSuspicion(n.name);
        contested.remove(n.name);
        broadcasts.remove(n.name);
        n.shed = true;
        guardCounters.memberShed();
        LOG.log(Level.DEBUG, "{0}: {1} shed from the {2} pool: {3}", config.name(), n.name,
                PoolLabel.name(config.pool()), why);
        if (n.state == MemberState.LEFT) {
            return;
        }
        MemberState previous = n.state;
        setState(n, MemberState.LEFT, now);
        out.memberChanged(new MemberChange(MemberChange.Kind.LEFT, n.toMember(config.cluster()),
                Optional.of(previous), Optional.of(PoolGuard.leftReason(why))));
    }

    private void merge(long now, List<MemberRecord> records) {
        for (MemberRecord r : records) {
            if (refusedRecord(now, r.name(), r.datacenter(), r.role(), "push-pull record").isPresent()) {
                continue;
            }
            switch (r.state()) {
                case ALIVE -> aliveNode(now, new Alive(r.name(), r.incarnation(), r.address(), r.datacenter(),
                        r.role(), r.tags()));
                case LEFT -> deadNode(now, new Dead(r.name(), r.incarnation(), r.name()));
                // As memberlist: another view's DEAD becomes our SUSPECT, so the member gets a chance
                // to refute instead of being declared dead on hearsay.
                case DEAD, SUSPECT -> suspectNode(now, new Suspect(r.name(), r.incarnation(), self.name));
            }
        }
    }

    private List<MemberRecord> localState() {
        List<MemberRecord> records = new ArrayList<>(nodeList.size());
        for (NodeState n : nodeList) {
            if (n.shed || n.pruned) {
                // Our LEFT for a shed member is local: a peer with its guard off would take it for
                // a leave. A pruned member is forgotten: a newcomer must not learn of it.
                continue;
            }
            records.add(new MemberRecord(n.name, n.address, n.datacenter, n.role, n.tags, n.incarnation, n.state));
        }
        return records;
    }

    private void openStream(NodeAddress to, Message request, StreamCallback callback) {
        long id = ++nextStreamId;
        streams.put(id, callback);
        out.openStream(id, to, request);
    }

    // ---------------------------------------------------------------- bookkeeping

    private void addNode(NodeState n) {
        n.index = nodeList.size();
        nodeList.add(n);
        nodes.put(n.name, n);
    }

    private void removeNode(NodeState n) {
        nodes.remove(n.name);
        NodeState last = nodeList.remove(nodeList.size() - 1);
        if (last != n) {
            nodeList.set(n.index, last);
            last.index = n.index;
        }
        n.index = -1;
    }

    private void setState(NodeState n, MemberState state, long now) {
        boolean wasLive = n.isLive();
        n.state = state;
        n.stateChangedAt = now;
        boolean isLive = n.isLive();
        if (wasLive != isLive) {
            liveCount += isLive ? 1 : -1;
        }
    }

    /** Up to {@code k} distinct random members accepted by {@code filter} (memberlist's kRandomNodes). */
    private List<NodeState> randomNodes(int k, Predicate<NodeState> filter) {
        List<NodeState> picked = new ArrayList<>(k);
        int size = nodeList.size();
        for (int tries = 0; tries < 3 * size && picked.size() < k; tries++) {
            NodeState n = nodeList.get(random.nextInt(size));
            if (filter.test(n) && !picked.contains(n)) {
                picked.add(n);
            }
        }
        return picked;
    }

    private Alive selfAlive() {
        return new Alive(self.name, self.incarnation, self.address, self.datacenter, self.role, self.tags);
    }

    private void emit(MemberChange.Kind kind, NodeState n, MemberState previous) {
        out.memberChanged(new MemberChange(kind, n.toMember(config.cluster()), Optional.ofNullable(previous)));
    }

    private long stagger(long interval) {
        return interval <= 1 ? 0 : random.nextLong(interval);
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
    }

    /** News that fits no datagram could never spread: refuse it up front. */
    private void checkFits(Map<String, String> tags) {
        Alive alive = new Alive(config.name(), Long.MAX_VALUE >>> 1, config.advertise(), config.datacenter(),
                config.role(), tags);
        int size = sizing.framedSize(alive);
        if (size > sizing.capacity()) {
            throw new IllegalArgumentException("this member's alive message takes " + size + " bytes but a "
                    + config.packetSize() + "-byte packet has room for " + sizing.capacity()
                    + ": shorten the name, datacenter, role or tags, or raise packet-size");
        }
    }



    // ---------------------------------------------------------------- small state holders

    /** Receives the outcome of a stream this core opened. */
    @FunctionalInterface
    private interface StreamCallback {
        void done(long now, Optional<Message> reply);
    }

    /** The probe in flight; at most one at a time, concluded at the next probe tick. */
    private static final class Probe {
        final long seq;
        final NodeState target;
        Timers.Timer timeoutTimer;
        boolean acked;
        int expectedNacks;
        int nacks;

        Probe(long seq, NodeState target) {
            this.seq = seq;
            this.target = target;
        }

        void cancelTimers() {
            if (timeoutTimer != null) {
                timeoutTimer.cancel();
            }
        }
    }

    /** A probe we run on behalf of {@code requester}. */
    private static final class Relay {
        final NodeAddress requester;
        final long requesterSeq;
        Timers.Timer timer;

        Relay(NodeAddress requester, long requesterSeq) {
            this.requester = requester;
            this.requesterSeq = requesterSeq;
        }

        void cancel() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /** A suspicion and the timer that will declare the member dead. */
    private final class PendingSuspicion {
        final String name;
        final Suspicion suspicion;
        Timers.Timer timer;
        boolean finalCheck;

        PendingSuspicion(String name, Suspicion suspicion) {
            this.name = name;
            this.suspicion = suspicion;
        }

        /** The direct question to the suspect one probe timeout before the deadline. */
        Timers.Timer lastLook;
        boolean looked;

        void reschedule(long now) {
            if (finalCheck) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            long deadline = Math.max(now, suspicion.deadline());
            timer = timers.schedule(deadline, t -> suspicionExpired(t, name, this));
            if (!looked) {
                if (lastLook != null) {
                    lastLook.cancel();
                }
                lastLook = timers.schedule(Math.max(now, deadline - probeTimeoutMs), t -> lastLook(this));
            }
        }
    }
}
