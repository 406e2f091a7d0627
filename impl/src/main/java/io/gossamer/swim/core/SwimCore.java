package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.Forget;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.KeyRequest;
import io.gossamer.swim.wire.Message.Nack;
import io.gossamer.swim.wire.Message.NetworkCoordinate;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.QueryResponse;
import io.gossamer.swim.wire.Message.Relay;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.Message.UserEvent;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * health, dynamic suspicion, buddy system) and Serf's reconnect to dead members; where the core
 * departs from memberlist, a comment says why.
 *
 * <p>This class only takes the inputs, hands each to the part whose concern it is, and wires the
 * parts: {@link MemberTable} (who is known), {@link Probing} and {@link ProbeRelays} (failure
 * detection), {@link DatagramReplies} (what one datagram may make us send),
 * {@link StateTransitions}, {@link Suspicions} and {@link Corrections} (what news does to a
 * member), {@link LocalMember} (our own news: refutation, tags, leave), {@link Dissemination}
 * (gossip), {@link AntiEntropy}, {@link WaveSync} and {@link Reaper} (state exchange,
 * reconnect, forgetting), {@link ForceLeave}, and the cluster-mixing guard: {@link ForeignLabels}
 * at the door, {@link GuardPolicy} for the records that could enter the view. The application's
 * half rides on it: {@link ClusterEvents} and {@link ClusterQueries} (sharing a
 * {@link LamportClock}, gossiped after membership news), {@link NetworkCoordinates} (on the acks of
 * direct probes) and {@link SpatialBias} (which of them gossip goes to).
 */
public final class SwimCore {

    /** The whole core logs under this one name, the one operators know. */
    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final SwimConfig config;
    private final RandomGenerator random;
    private final Timers timers = new Timers();
    private final MemberTable table;
    private final DampedView view;
    private final Accusers accusers;
    private final Streams streams;
    private final LocalHealth health;
    private final Dissemination dissemination;
    private final LocalMember local;
    private final Corrections corrections;
    private final NameClaims claims;
    private final ForeignLabels foreignLabels;
    private final GuardPolicy guard;
    private final StateTransitions transitions;
    private final ForceLeave forceLeave;
    private final AntiEntropy antiEntropy;
    private final WaveSync waves;
    private final Reaper reaper;
    private final Probing probing;
    private final ProbeRelays relays;
    private final DatagramReplies replies;
    private final KeyOperations keyOps;
    private final ClusterEvents events;
    private final ClusterQueries queries;
    /** Null with coordinates off. */
    private final NetworkCoordinates coordinates;
    private final CoreOutput output;
    private final ProtocolCounters protocol = new ProtocolCounters();
    private boolean started;

    /**
     * Builds the parts in the order they depend on each other. Two loops close through this
     * class: a suspicion that runs out asks the rules to record a death, and a recorded death
     * counts towards a mass failure, whose push-pull merges through the rules again.
     *
     * @throws IllegalArgumentException if the local member's tags are too large, or its own record
     *                                  would be refused by the guard of every peer
     */
    public SwimCore(SwimConfig config, RandomGenerator random, CoreOutput output) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(output, "output");
        // With keys, every datagram may be sealed: the packing keeps room for the nonce and tag.
        PacketCodec sizing = new PacketCodec(config.label(), config.packetSize(), config.keyring().isPresent());
        this.keyOps = new KeyOperations(config.name(), config.pool(), config.keyring().orElse(null),
                output::keyringChanged, output::keyOperationFinished);
        this.view = new DampedView(config, timers, output, protocol);
        this.table = new MemberTable(random, config.cluster(), view);
        // Vivaldi draws a direction only when two coordinates coincide: from a stream of its own,
        // so that turning coordinates on leaves the protocol's own draws as they were.
        this.coordinates = config.disableCoordinates() ? null
                : new NetworkCoordinates(config.name(), table, new SplittableRandom(config.name().hashCode()));
        this.streams = new Streams(output);
        ProbeRing ring = new ProbeRing(random, table::get);
        table.onRemove(ring::forgotten);
        this.health = new LocalHealth(config.localHealthMaxMultiplier(), config.probeTimeout());
        this.dissemination = new Dissemination(config, table, timers, health, output, sizing,
                new SpatialBias(table, coordinates, config.spatialGossipExponent()));
        PoolGuard poolGuard = new PoolGuard(config);
        this.local = new LocalMember(config, table, dissemination, health, output, sizing, view, protocol);
        this.accusers = new Accusers(table, health, config.localHealthMaxMultiplier());
        poolGuard.checkOwnConfig();
        GuardCounters guardCounters = new GuardCounters();
        this.corrections = new Corrections(config, table, dissemination, local);
        this.foreignLabels = new ForeignLabels(config, poolGuard, guardCounters);
        PingSequence pings = new PingSequence();
        Suspicions suspicions = new Suspicions(config, table, timers, health, dissemination, pings, this::declareDead);
        this.guard = new GuardPolicy(config, poolGuard, guardCounters, table, suspicions, dissemination);
        this.claims = new NameClaims(dissemination, pings, timers, local, config.probeInterval().toMillis());
        this.transitions = new StateTransitions(config, table, ring, dissemination, local, suspicions,
                corrections, claims, guard, new NewMembers(config, table, guardCounters), this::noteDeath,
                this::noteRevival);
        this.forceLeave = new ForceLeave(table, transitions, dissemination);
        // An event waits for a missing predecessor as long as copies of it keep coming: each node
        // sends news retransmit-limit times, one gossip round (or, with gossip off, probe) apart.
        long round = config.gossipInterval().isZero() ? config.probeInterval().toMillis()
                : config.gossipInterval().toMillis();
        LamportClock clock = new LamportClock();
        EventCoalescer coalescer = new EventCoalescer(timers, config.eventCoalescePeriod().toMillis(),
                config.eventQuiescentPeriod().toMillis(), output::deliverEvent);
        this.events = new ClusterEvents(table, timers, dissemination, clock, coalescer,
                () -> dissemination.retransmitLimit() * round);
        this.queries = new ClusterQueries(table, timers, dissemination, clock, output, () -> round);
        this.antiEntropy = new AntiEntropy(config, table, timers, streams, transitions, guard, local, output, random,
                events, protocol);
        this.waves = new WaveSync(config, table, timers, random, antiEntropy);
        this.reaper = new Reaper(config, table, timers);
        this.probing = new Probing(config, table, ring, health, dissemination, streams, timers, pings, guard,
                transitions, local, accusers, suspicions, output::nanoTime, protocol);
        this.relays = new ProbeRelays(config, dissemination, timers, pings);
        this.output = output;
        this.replies = new DatagramReplies(table, probing, relays, dissemination, sizing, guardCounters,
                coordinates == null ? () -> null : coordinates::own);
    }

    /**
     * Starts the protocol: the local member becomes alive (a JOINED change) and timers are armed.
     *
     * @param generation this instance of the member, larger than any earlier start of its name
     *                   chose: the wall clock in milliseconds, as the driver passes it
     */
    public void start(long now, long generation) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative: " + generation);
        }
        started = true;
        local.start(now, generation);

        // Random stagger, so that nodes started together do not probe and gossip in lockstep.
        long probeInterval = config.probeInterval().toMillis();
        long gossipInterval = config.gossipInterval().toMillis();
        long pushPullInterval = config.pushPullInterval().toMillis();
        long reconnectInterval = config.reconnectInterval().toMillis();
        probing.tickAt(now + Timers.stagger(random, probeInterval));
        if (gossipInterval > 0) {
            dissemination.tickAt(now + Timers.stagger(random, gossipInterval));
        }
        if (pushPullInterval > 0) {
            timers.schedule(now + Timers.stagger(random, pushPullInterval), antiEntropy::pushPullTick);
        }
        timers.schedule(now + reconnectInterval / 2 + Timers.stagger(random, reconnectInterval),
                antiEntropy::reconnectTick);
        timers.schedule(now + Reaper.INTERVAL_MS, reaper::tick);
    }

    /**
     * Takes {@code members} into the view as a long-settled cluster holds them: each ALIVE (a
     * JOINED change, as if it had come in a push-pull reply), and no news of them, nor of the local
     * member, left to gossip, as if all of it had been spread long ago. For the simulator's
     * steady-state scenarios at sizes where a real join of every node at once costs more than the
     * machine has (it queues news of every member at every node); a real node joins.
     *
     * @param members the members' own announcements; the local member's, if among them, is skipped
     */
    public void adoptConverged(long now, List<Alive> members) {
        requireStarted();
        String self = config.name();
        for (Alive a : members) {
            if (!a.name().equals(self)) {
                transitions.aliveNode(now, a, NewMembers.Source.REPLY);
                dissemination.remove(a.name());
            }
        }
        dissemination.remove(self);
    }

    /**
     * Starts a join: a push-pull (join flag set) with each seed. Completion is reported through
     * {@link CoreOutput#joinFinished}. Returns the join's id.
     */
    public long join(long now, List<NodeAddress> seeds) {
        requireStarted();
        return antiEntropy.join(seeds);
    }

    /**
     * Announces the local member's departure: probing stops, the news is gossiped, and
     * {@link CoreOutput#leaveFinished()} is called once it has been sent enough times.
     */
    public void leave(long now) {
        requireStarted();
        if (local.leaving() && local.nameHolder().isEmpty()) {
            return;
        }
        probing.stop();
        local.leave(now);
    }

    /** Replaces the local member's tags and announces them with a new incarnation. */
    public void updateTags(long now, Map<String, String> tags) {
        requireStarted();
        local.updateTags(tags);
    }

    /**
     * Sends a cluster event from the local member: it is delivered here at once (through
     * {@link CoreOutput#deliverEvent}) and gossiped to every member, which delivers it once, in the
     * order this member sent its events (see {@link ClusterEvents}).
     *
     * @return the event as sent, with its Lamport time
     * @throws IllegalArgumentException if the name is empty or not an identifier, or name and
     *                                  payload take more than 512 bytes
     * @throws IllegalStateException    if the local member has left
     */
    public UserEvent sendEvent(long now, String name, byte[] payload, boolean coalesce) {
        requireStarted();
        if (local.leaving()) {
            throw new IllegalStateException("the local member has left the pool");
        }
        return events.send(now, name, payload, coalesce);
    }

    /**
     * Asks a query of the members that match {@code options}, the local one included: each
     * delivers it (through {@link CoreOutput#deliverQuery}) and may answer through
     * {@link #respond}; acknowledgements and answers come back through
     * {@link CoreOutput#queryResponded}, and {@link CoreOutput#queryFinished} ends it at its
     * timeout. Returns its Lamport time, which names it there.
     *
     * @throws IllegalArgumentException if the name, payload or filters are refused by the wire
     * @throws IllegalStateException    if the local member has left
     */
    public long query(long now, String name, byte[] payload, io.gossamer.QueryOptions options) {
        requireStarted();
        if (local.leaving()) {
            throw new IllegalStateException("the local member has left the pool");
        }
        return queries.ask(now, name, payload, options);
    }

    /**
     * Answers the query that {@code origin} asked at {@code ltime}, delivered here.
     *
     * @throws IllegalStateException    if it was answered already or its deadline has passed
     * @throws IllegalArgumentException if the answer is too large
     */
    public void respond(long now, String origin, long ltime, byte[] payload) {
        requireStarted();
        queries.respond(now, origin, ltime, payload);
    }

    /** What became of queries so far. */
    public QueryMetrics queryMetrics() {
        return queries.metrics();
    }

    /**
     * Every network coordinate known, the local member's included, by member name: the members
     * this one probed since they joined its view. Empty with coordinates off.
     */
    public Map<String, io.gossamer.Coordinate> coordinates() {
        return coordinates == null ? Map.of() : coordinates.snapshot();
    }

    /** Changes whenever {@link #coordinates()} would: lets a driver publish only what changed. */
    public long coordinatesVersion() {
        return coordinates == null ? 0 : coordinates.version();
    }

    /**
     * What the protocol did so far: counts that grow, readable from any thread at any time (their
     * {@link ProtocolCounters#snapshot()}).
     */
    public ProtocolCounters protocolCounters() {
        return protocol;
    }

    /**
     * Grows whenever {@link #eventMetrics()} or {@link #queryMetrics()} would change: lets a
     * driver publish them only then.
     */
    public long applicationMetricsVersion() {
        return events.activity() + queries.activity();
    }

    /** What became of cluster events so far. */
    public EventMetrics eventMetrics() {
        return events.metrics();
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
        forceLeave.forceLeave(now, name, prune);
    }

    /** Handles the messages of one received datagram, in order. */
    public void handlePacket(long now, NodeAddress from, List<Message> messages) {
        requireStarted();
        corrections.duringPacket(from, () -> handleMessages(now, from, messages));
    }

    private void handleMessages(long now, NodeAddress from, List<Message> messages) {
        DatagramReplies.Datagram datagram = replies.of(from, messages);
        NewMembers.Source source = NewMembers.Source.datagram(from);
        // A coordinate comes in front of the ack it belongs to, in the same datagram.
        NetworkCoordinate coordinate = null;
        for (Message m : messages) {
            if (m instanceof Ping) {
                datagram.ping();
            } else if (m instanceof IndirectPing ip) {
                datagram.indirectPing(now, ip);
            } else if (m instanceof NetworkCoordinate c) {
                coordinate = c;
            } else if (m instanceof Ack a) {
                roundTrip(from, a, coordinate);
                // An ack answers our probe, our check of a claim on our name, or a ping we relayed.
                if (!probing.acked(a.seq()) && !claims.acked(now, a.seq())) {
                    relays.acked(a.seq());
                }
            } else if (m instanceof Nack n) {
                probing.nacked(n.seq());
            } else if (m instanceof Alive a) {
                transitions.aliveNode(now, a, source);
            } else if (m instanceof Suspect s) {
                if (!accusers.ignores(s)) {
                    transitions.suspectNode(now, s);
                }
            } else if (m instanceof Dead d) {
                transitions.deadNode(now, d);
            } else if (m instanceof Refuse r) {
                guard.refusedDatagram(now, from, r);
            } else if (m instanceof Forget f) {
                forceLeave.forgetNode(now, f);
            } else if (m instanceof UserEvent e) {
                events.received(now, e);
            } else if (m instanceof Query q) {
                queries.received(now, q);
            } else if (m instanceof QueryResponse r) {
                queries.responded(now, r);
            } else if (m instanceof Relay r) {
                queries.relay(now, from, r);
            } else {
                LOG.log(Level.DEBUG, "{0} over UDP from {1} ignored", m.getClass().getSimpleName(), from);
            }
        }
    }

    /**
     * An ack came in, {@code theirs} the coordinate in front of it (null if none). If it is the
     * target's ack of our direct ping, its round trip is reported and, with the target's
     * coordinate, moves ours (only direct pings: a relayed ack's round trip is not the target's).
     */
    private void roundTrip(NodeAddress from, Ack ack, NetworkCoordinate theirs) {
        Probing.DirectPing ping = probing.awaitingDirect(ack.seq());
        if (ping == null || !ping.address().equals(from)) {
            return;
        }
        long rtt = output.nanoTime() - ping.sentNanos();
        output.probeRoundTrip(rtt);
        if (theirs != null && coordinates != null) {
            coordinates.observed(ping.target().name, theirs, rtt);
        }
    }

    /** Handles a request received on a stream; returns the reply to write, if any. */
    public Optional<Message> handleStream(long now, NodeAddress from, Message request) {
        requireStarted();
        if (request instanceof PushPull pp) {
            protocol.increment(ProtocolCounters.Count.PUSH_PULL_SERVED);
            return Optional.of(antiEntropy.answer(now, from, pp));
        }
        if (request instanceof Ping p) {
            return probing.answerOverStream(p);
        }
        if (request instanceof KeyRequest k) {
            // The wire lets a key request in sealed only: its sender holds one of our keys.
            protocol.increment(ProtocolCounters.Count.KEY_REQUEST_SERVED);
            return Optional.of(keyOps.answer(k, from));
        }
        LOG.log(Level.DEBUG, "unexpected stream request {0} from {1}", request.getClass().getSimpleName(), from);
        return Optional.empty();
    }

    /** Reports the outcome of {@link CoreOutput#openStream}; empty means failed or timed out. */
    public void handleStreamResult(long now, long streamId, Optional<Message> reply) {
        streams.finished(now, streamId, reply);
    }

    /**
     * Reports the outcome of {@link CoreOutput#openStream} when the peer's host refused the
     * connection (nothing listens on that port), in place of {@link #handleStreamResult}. A driver
     * that cannot tell a refusal from other failures reports it as an empty result.
     */
    public void handleStreamRefused(long now, long streamId) {
        streams.refused(now, streamId);
    }

    /**
     * Reports that the connection of a stream from {@link CoreOutput#openStream} is established,
     * before its outcome: a probe tells a silent host (no connection) from a silent process (its
     * host still connects) by it.
     */
    public void handleStreamConnected(long now, long streamId) {
        streams.connected(now, streamId);
    }

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
        for (NodeState n : table.all()) {
            if (n != table.self() && n.isLive() && !n.shed && !n.pruned) {
                targets.add(new KeyOperations.Target(n.name, n.address));
            }
        }
        long id = keyOps.start(op, key, targets,
                (to, request, then) -> streams.open(to, request, (t, reply) -> then.accept(reply)));
        protocol.keyOperation(op);
        return id;
    }

    /** The keys in force now, if encryption is on. */
    public Optional<Keyring> keyring() {
        return keyOps.keyring();
    }

    /**
     * Whether a datagram or stream with {@code label}, which is not ours, is decoded anyway. Only
     * with the guard off, and only a LAN label of our cluster naming another datacenter. A pure
     * query, meant for the decoder.
     */
    public boolean acceptsLabel(String label) {
        return foreignLabels.letsIn(label);
    }

    /**
     * A datagram of {@code datagramBytes} bytes came from {@code from} with a label that is not ours
     * (nor let in). Counts it and returns the refusal to send back, written with the sender's
     * label, unless {@code from}'s host has had its share of refusals lately, or the refusal would
     * be larger than the datagram: a forged source address must not make us an amplifier.
     */
    public Optional<Refuse> refuseDatagram(long now, NodeAddress from, ForeignLabel label, int datagramBytes) {
        return foreignLabels.refuseDatagram(now, from, label, datagramBytes);
    }

    /**
     * A stream came from {@code from} with a label that is not ours (nor let in): counts it and
     * returns the refusal to write back, with the sender's label, before closing. Not rate-limited:
     * a stream's source cannot be forged, and a joiner needs the reason every time it tries.
     */
    public Refuse refuseStream(long now, NodeAddress from, ForeignLabel label) {
        return foreignLabels.refuseStream(label);
    }

    /**
     * The reply to one of our streams came back from {@code from} with a label that is not ours:
     * the peer is in another pool (it let our request in, with its own guard off). Counts it and
     * returns our own refusal of the peer, which the driver reports as the stream's result, so
     * that a join fails naming the reason and nothing of the peer's is merged.
     */
    public Refuse refuseReply(long now, NodeAddress from, ForeignLabel label) {
        return foreignLabels.refuseReply(from, label);
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
        guard.setEnabled(now, enabled);
    }

    /** Whether the guard is on. */
    public boolean guardEnabled() {
        return guard.enabled();
    }

    /** What the guard has done so far. */
    public GuardMetrics guardMetrics() {
        return guard.metrics();
    }

    /** Changes whenever {@link #guardMetrics()} would: lets a driver publish only what changed. */
    public long guardMetricsVersion() {
        return guard.metricsVersion();
    }

    /** Runs every timer due at or before {@code now}. */
    public void handleTimers(long now) {
        timers.runDue(now);
    }

    /** The earliest time at which {@link #handleTimers} has work, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    /** The local member as it is now. */
    public Member localMember() {
        requireStarted();
        return table.localMember();
    }

    /** Every known member, including the local one and those DEAD or LEFT still remembered. */
    public List<Member> members() {
        return table.members();
    }

    /**
     * {@link #members()}, reusing the records of {@code previous} (a list it returned before) that
     * still show their member exactly: for a driver that rebuilds the view after every change.
     */
    public List<Member> members(List<Member> previous) {
        return table.members(previous);
    }

    /**
     * Counts the view's changes that come with no {@link MemberChange} (a member reaped, evicted,
     * or pruned on a peer's news): a driver that caches {@link #members()} between reported changes
     * rebuilds it when this moves.
     */
    public long silentViewChanges() {
        return table.silentChanges();
    }

    /**
     * The address of a later instance of the local member's name, if one took the name over: this
     * instance then no longer takes part (its member is LEFT, {@code NAME_CONFLICT}).
     */
    public Optional<NodeAddress> nameHolder() {
        return local.nameHolder();
    }

    /** Local health score: 0 is healthy, {@code localHealthMaxMultiplier - 1} is the worst. */
    public int localHealth() {
        return health.score();
    }

    /**
     * Whether the local member refuted suspicions so often that its peers hold it
     * {@link io.gossamer.MemberState#DAMPED}; it counts its refutations as they count its flaps.
     */
    public boolean locallyDamped() {
        return view.selfDamped();
    }

    /** Suspicions not raised after a failed probe because the local node was unhealthy. */
    public long suspicionsWithheld() {
        return accusers.withheld();
    }

    /** Suspicions received from members held unhealthy (suspect, dead, left or damped), ignored. */
    public long suspicionsIgnored() {
        return accusers.ignored();
    }

    /** Pieces of news waiting to be gossiped. */
    public int queuedBroadcasts() {
        return dissemination.queued();
    }

    /** Closes the loop from a death the rules recorded to the push-pull a wave of them calls for. */
    private void noteDeath(long now) {
        waves.noteDeath(now);
    }

    /** Closes the loop from a member that came back from the dead to the push-pull a heal calls for. */
    private void noteRevival(long now) {
        waves.noteRevival(now);
    }

    /** Closes the loop from a suspicion that ran out to the rules that record the death. */
    private void declareDead(long now, Dead news) {
        transitions.deadNode(now, news);
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
    }
}
