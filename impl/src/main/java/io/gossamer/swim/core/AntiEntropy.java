package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Anti-entropy: full state exchanges (push-pull) over a stream, which repair whatever gossip
 * missed. A join is a push-pull with each seed; a random ALIVE member gets one periodically, at
 * an interval that grows with the cluster; and, as Serf does, a random DEAD member gets one too,
 * so that two sides of a healed partition find each other again.
 */
final class AntiEntropy {

    /** memberlist scales push-pull beyond this many members so its cost per member stays flat. */
    private static final int PUSH_PULL_SCALE_THRESHOLD = 32;
    private static final Set<MemberState> ONLY_DEAD = EnumSet.of(MemberState.DEAD);

    private final MemberTable table;
    private final Timers timers;
    private final Streams streams;
    private final StateTransitions transitions;
    private final GuardPolicy guard;
    private final LocalMember local;
    private final CoreOutput out;
    private final RandomGenerator random;
    private final long pushPullIntervalMs;
    private final long reconnectIntervalMs;
    private final long joinFollowUpMs;
    private long nextJoinId;
    /** Recent cluster events ride on every exchange, so that a member that missed one catches up. */
    private final ClusterEvents events;
    private final ProtocolCounters counters;

    AntiEntropy(SwimConfig config, MemberTable table, Timers timers, Streams streams, StateTransitions transitions,
                GuardPolicy guard, LocalMember local, CoreOutput out, RandomGenerator random, ClusterEvents events,
                ProtocolCounters counters) {
        this.events = events;
        this.counters = counters;
        this.table = table;
        this.timers = timers;
        this.streams = streams;
        this.transitions = transitions;
        this.guard = guard;
        this.local = local;
        this.out = out;
        this.random = random;
        this.pushPullIntervalMs = config.pushPullInterval().toMillis();
        this.reconnectIntervalMs = config.reconnectInterval().toMillis();
        this.joinFollowUpMs = config.probeInterval().toMillis();
    }

    /** Starts a join: a push-pull (join flag set) with each seed; returns the join's id. */
    long join(List<NodeAddress> seeds) {
        long id = ++nextJoinId;
        List<NodeAddress> targets = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (NodeAddress seed : seeds) {
            if (seed.equals(table.self().address)) {
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
                    if (contacted[0] > 0) {
                        // The seeds' states are snapshots: members joining at the same moment are
                        // missing from them, and their news is spent (a fixed number of sends) while
                        // the joiners do not yet know each other, so one of them may miss it until
                        // the next push-pull, 30 s and more away. One more exchange, once the news
                        // of the moment has spread, closes that gap.
                        timers.schedule(t + joinFollowUpMs + followUpSpread(), t2 -> syncWithRandomPeer());
                    }
                }
            });
        }
        return id;
    }

    /**
     * A random delay added to the join's follow-up exchange in a large cluster. Nodes that join
     * together (a whole cluster started at once) would otherwise all exchange their full state one
     * probe interval later, in the same instant: in one process on two cores, a thousand exchanges
     * of a thousand records each starve every event loop, and acks come late enough to read as
     * loss. Spread over as many probe intervals as the push-pull interval is scaled by beyond
     * {@value #PUSH_PULL_SCALE_THRESHOLD} members, minus one (5 s at 1,000 members with LAN
     * timings), the follow-up still comes long before the next periodic push-pull. Up to
     * {@value #PUSH_PULL_SCALE_THRESHOLD} members nothing changes, and no randomness is drawn.
     */
    private long followUpSpread() {
        int live = table.liveCount();
        if (live <= PUSH_PULL_SCALE_THRESHOLD) {
            return 0;
        }
        long window = joinFollowUpMs * scaleSteps(live);
        return Timers.stagger(random, window);
    }

    /** ⌈log2(n) − log2(32)⌉: how many times memberlist doubles the push-pull interval at {@code n} members. */
    private static long scaleSteps(int live) {
        return (long) Math.ceil(Math.log(live) / Math.log(2) - Math.log(PUSH_PULL_SCALE_THRESHOLD) / Math.log(2));
    }

    /**
     * Answers a peer's push-pull with our state, once theirs is merged; a join whose state holds a
     * record this pool refuses is refused instead.
     */
    Message answer(long now, NodeAddress from, PushPull pp) {
        if (pp.join()) {
            // A joiner whose state this pool would refuse is refused as a whole, before
            // anything is merged: half a join would leave one side believing it joined
            // (memberlist #132).
            Optional<Refuse> refusal = guard.checkJoin(now, from, pp.members());
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        // Merge first, so that a refutation this state provokes is already in our reply: the
        // requester (often a member that believed us dead) then sees us alive at once.
        merge(now, pp.members(), NewMembers.Source.stream(from));
        events.exchanged(now, pp.events(), false);
        return new PushPull(false, localState(), events.recent());
    }

    /** The periodic push-pull with one random ALIVE member; it reschedules itself. */
    void pushPullTick(long now) {
        List<NodeState> peer = table.randomNodes(1, n -> n != table.self() && n.state == MemberState.ALIVE);
        if (!peer.isEmpty()) {
            pushPull(peer.get(0).address, peer.get(0), false, (t, reply) -> { });
        }
        timers.schedule(now + scaledPushPullInterval(), this::pushPullTick);
    }

    /** memberlist's scaling: beyond 32 members, multiply by ⌈log2(n) − log2(32)⌉ + 1. */
    private long scaledPushPullInterval() {
        if (table.liveCount() <= PUSH_PULL_SCALE_THRESHOLD) {
            return pushPullIntervalMs;
        }
        return pushPullIntervalMs * (scaleSteps(table.liveCount()) + 1);
    }

    /** The periodic reconnect to one random DEAD member; it reschedules itself. */
    void reconnectTick(long now) {
        // Serf's reconnect: a member we declared dead may be alive behind a healed partition. One
        // push-pull with it merges both views; only members that left on purpose are not tried.
        if (!local.leaving()) {
            List<NodeState> dead = table.randomNodesIn(1, ONLY_DEAD, n -> n.state == MemberState.DEAD);
            if (!dead.isEmpty()) {
                pushPull(dead.get(0).address, dead.get(0), false, (t, reply) -> { });
            }
        }
        timers.schedule(now + reconnectIntervalMs, this::reconnectTick);
    }

    /** One push-pull with a random ALIVE member, unless we have left. */
    void syncWithRandomPeer() {
        List<NodeState> peer = table.randomNodes(1, m -> m != table.self() && m.state == MemberState.ALIVE);
        if (!peer.isEmpty() && !local.leaving()) {
            pushPull(peer.get(0).address, peer.get(0), false, (t2, reply) -> { });
        }
    }

    /**
     * Exchanges state with {@code to}; {@code member} is the member believed to be there (null for
     * a seed). The reply reaches {@code then} as a push-pull (merged first), a refusal (nothing
     * merged) or empty.
     */
    private void pushPull(NodeAddress to, NodeState member, boolean join, Streams.Callback then) {
        counters.increment(ProtocolCounters.Count.PUSH_PULL_STARTED);
        streams.open(to, new PushPull(join, localState(), events.recent()), (now, reply) -> {
            if (reply.isPresent() && reply.get() instanceof PushPull pp) {
                merge(now, pp.members(), NewMembers.Source.REPLY);
                // A joiner takes what was sent before it joined as seen, not as news.
                events.exchanged(now, pp.events(), join);
                then.done(now, reply);
            } else if (reply.isPresent() && reply.get() instanceof Refuse r) {
                guard.refusedBy(now, to, member, r);
                then.done(now, reply);
            } else {
                then.done(now, Optional.empty());
            }
        });
    }

    private void merge(long now, List<MemberRecord> records, NewMembers.Source source) {
        for (MemberRecord r : records) {
            if (guard.refusedRecord(now, r.name(), r.datacenter(), r.role(), "push-pull record").isPresent()) {
                continue;
            }
            switch (r.state()) {
                case ALIVE -> transitions.aliveNode(now, new Alive(r.name(), r.generation(), r.incarnation(),
                        r.address(), r.datacenter(), r.role(), r.tags()), source);
                case LEFT -> transitions.deadNode(now, new Dead(r.name(), r.generation(), r.incarnation(), r.name()));
                // As memberlist: another view's DEAD becomes our SUSPECT, so the member gets a chance
                // to refute instead of being declared dead on hearsay.
                case DEAD, SUSPECT -> transitions.suspectNode(now,
                        new Suspect(r.name(), r.generation(), r.incarnation(), table.self().name));
            }
        }
    }

    private List<MemberRecord> localState() {
        List<MemberRecord> records = new ArrayList<>(table.size());
        for (NodeState n : table.all()) {
            if (n.shed || n.pruned) {
                // Our LEFT for a shed member is local: a peer with its guard off would take it for
                // a leave. A pruned member is forgotten: a newcomer must not learn of it.
                continue;
            }
            records.add(new MemberRecord(n.name, n.address, n.datacenter, n.role, n.tags, n.generation,
                    n.incarnation, n.state));
        }
        return records;
    }
}
