package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Every member this node remembers, itself included, DEAD and LEFT ones until they are reaped.
 *
 * <p>Members are kept by name for the protocol's rules and in a list for uniform random sampling
 * and O(1) removal; the count of live members (ALIVE or SUSPECT) is kept as states change, since
 * suspicion timeouts, the push-pull interval and the mass-failure threshold all scale with it.
 * Every change of a member's state or details is reported from here to the driver.
 */
final class MemberTable {

    /** Members by name, in an index of the records themselves (see {@link KeyIndex}). */
    private final KeyIndex<NodeState> byName = new KeyIndex<>(n -> n.name);
    /**
     * Members by host: usually one each; more where several nodes share a host, or a name moves. The
     * index holds the first member on a host, the others hang off it ({@link NodeState#nextOnHost}):
     * no list per host, since nearly every host has one member.
     */
    private final KeyIndex<NodeState> byHost = new KeyIndex<>(n -> n.address.host());
    /**
     * Members by address, kept only once some host holds more than {@value #CROWDED_HOST} members
     * (null until then): on such a host the chain above is long, and walking it for every datagram
     * (is its sender a member?) made each datagram cost O(members) when a thousand nodes share
     * 127.0.0.1. One node per host, as in the simulator and most deployments, never builds it.
     */
    private HashMap<NodeAddress, Object> byAddress;
    static final int CROWDED_HOST = 16;
    private final List<NodeState> list = new ArrayList<>();
    private final List<NodeState> view = Collections.unmodifiableList(list);
    private final RandomGenerator random;
    private final String cluster;
    private final DampedView damped;
    private NodeState self;
    private int liveCount;
    /** Members in each state, by ordinal: a pick among a rare state need not search the table. */
    private final int[] inState = new int[MemberState.values().length];
    /**
     * Raised whenever a member leaves the view without a reported change (reaped, evicted, pruned
     * by news from a peer): the driver republishes its snapshot when it moves.
     */
    private long silentChanges;
    /**
     * When we last told an address directly what we hold for a member (that it is dead, or that a
     * later instance holds the name), so that a wave of stale copies costs one datagram per
     * interval: oldest first, and only the last interval's (an older time permits the next telling
     * as no time does), so this holds the few members told lately, not a field in every record.
     */
    private final LinkedHashMap<NodeState, Long> toldAt = new LinkedHashMap<>();
    /**
     * One copy of each datacenter and role name: every record decoded from a message would otherwise
     * hold its own two strings (about 100 bytes per member) of a handful of distinct values. Bounded,
     * so that a peer announcing ever new names cannot grow it; past the bound a record keeps its own.
     */
    private final HashMap<String, String> names = new HashMap<>();
    private static final int MAX_SHARED_NAMES = 256;
    /** Told of every member removed from the table (the probe ring keeps a flag on its record). */
    private Consumer<NodeState> removed = n -> { };

    /** @param view what the application sees of flapping members; every change is reported through it */
    MemberTable(RandomGenerator random, String cluster, DampedView view) {
        this.random = random;
        this.cluster = cluster;
        this.damped = view;
        view.attach(this);
    }

    /** Records the local member, ALIVE, as the table's first entry. */
    void addSelf(NodeState local) {
        self = local;
        add(local);
        liveCount = 1;
    }

    /** The local member; null before {@link #addSelf}. */
    NodeState self() {
        return self;
    }

    /** The member named {@code name}, pruned ones included, or null. */
    NodeState get(String name) {
        return byName.get(name);
    }

    /** Every member, in the table's order (which sampling and reaping shuffle); read-only. */
    List<NodeState> all() {
        return view;
    }

    int size() {
        return list.size();
    }

    /** Members ALIVE or SUSPECT, the local one included while it has not left. */
    int liveCount() {
        return liveCount;
    }

    /** Adds a new member; its state counts as live only from its first {@link #setState}. */
    void add(NodeState n) {
        n.index = list.size();
        list.add(n);
        inState[n.state.ordinal()]++;
        byName.put(n);
        indexHost(n);
    }

    /** Moves {@code n} to {@code address}: the only way a member's address may change. */
    void setAddress(NodeState n, NodeAddress address) {
        if (n.address.equals(address)) {
            return;
        }
        if (n.index >= 0 && !n.address.host().equals(address.host())) {
            unindexHost(n);
            n.address = address;
            indexHost(n);
        } else if (n.index >= 0 && byAddress != null) {
            unindexAddress(n);
            n.address = address;
            indexAddress(n);
        }
        n.address = address;
    }

    /**
     * Whether a member other than the local one, in any state (a dead one may be back), is
     * remembered at {@code address}: a datagram from there may come from a peer, one from anywhere
     * else comes from a stranger (or a forger) and is answered with no more bytes than it holds.
     */
    boolean remembersMemberAt(NodeAddress address) {
        if (byAddress != null) {
            Object at = byAddress.get(address);
            if (at instanceof NodeState n) {
                return remembered(n);
            }
            if (at != null) {
                for (NodeState n : atAddress(at)) {
                    if (remembered(n)) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (NodeState n = byHost.get(address.host()); n != null; n = n.nextOnHost) {
            if (n.address.port() == address.port() && remembered(n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a member other than the local one, in any state, is remembered on {@code host} on
     * the word of a trusted host, or of its own over TCP ({@link NodeState#vouched}).
     */
    boolean vouchedMemberOn(String host) {
        for (NodeState n = byHost.get(host); n != null; n = n.nextOnHost) {
            if (n.vouched && remembered(n)) {
                return true;
            }
        }
        return false;
    }

    private boolean remembered(NodeState n) {
        return n != self && !n.pruned && !n.shed;
    }

    private void indexHost(NodeState n) {
        NodeState first = byHost.get(n.address.host());
        if (first == null) {
            byHost.put(n);
        } else {
            n.nextOnHost = first.nextOnHost;
            first.nextOnHost = n;
            if (byAddress == null) {
                int chain = 0;
                for (NodeState p = first; p != null && chain <= CROWDED_HOST; p = p.nextOnHost) {
                    chain++;
                }
                if (chain > CROWDED_HOST) {
                    byAddress = new HashMap<>();
                    for (NodeState m : list) {
                        if (m != n) {
                            indexAddress(m);
                        }
                    }
                }
            }
        }
        if (byAddress != null) {
            indexAddress(n);
        }
    }

    /**
     * Indexes {@code n} by address: the entry is the member itself while it is alone there (nearly
     * always), a list once another member shares the address (a name that moved, a restart).
     */
    private void indexAddress(NodeState n) {
        Object at = byAddress.get(n.address);
        if (at == null) {
            byAddress.put(n.address, n);
        } else if (at instanceof NodeState other) {
            List<NodeState> both = new ArrayList<>(2);
            both.add(other);
            both.add(n);
            byAddress.put(n.address, both);
        } else {
            atAddress(at).add(n);
        }
    }

    private void unindexAddress(NodeState n) {
        Object at = byAddress.get(n.address);
        if (at == n) {
            byAddress.remove(n.address);
        } else if (at != null && !(at instanceof NodeState)) {
            List<NodeState> list = atAddress(at);
            list.remove(n);
            if (list.size() == 1) {
                byAddress.put(n.address, list.get(0));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<NodeState> atAddress(Object at) {
        return (List<NodeState>) at;
    }

    private void unindexHost(NodeState n) {
        if (byAddress != null) {
            unindexAddress(n);
        }
        NodeState first = byHost.get(n.address.host());
        if (first == n) {
            if (n.nextOnHost == null) {
                byHost.remove(n.address.host());
            } else {
                byHost.put(n.nextOnHost);
            }
        } else {
            for (NodeState p = first; p != null; p = p.nextOnHost) {
                if (p.nextOnHost == n) {
                    p.nextOnHost = n.nextOnHost;
                    break;
                }
            }
        }
        n.nextOnHost = null;
    }

    /** The table's copy of a datacenter or role name equal to {@code s}, or {@code s}. */
    String shared(String s) {
        String held = names.get(s);
        if (held != null) {
            return held;
        }
        if (names.size() < MAX_SHARED_NAMES) {
            names.put(s, s);
        }
        return s;
    }

    /** Tells {@code listener} of every member removed from the table from now on, after those told already. */
    void onRemove(Consumer<NodeState> listener) {
        removed = removed.andThen(listener);
    }

    /**
     * Whether to tell an address directly about {@code n} now (at most once per {@code intervalMs},
     * which every caller passes the same: the probe interval); if so, records that we do.
     */
    boolean tellNow(NodeState n, long now, long intervalMs) {
        for (Iterator<Long> oldest = toldAt.values().iterator(); oldest.hasNext(); ) {
            if (now - oldest.next() < intervalMs) {
                break;
            }
            oldest.remove();
        }
        if (toldAt.containsKey(n)) {
            return false;
        }
        toldAt.put(n, now);
        return true;
    }

    void remove(NodeState n) {
        removed.accept(n);
        toldAt.remove(n);
        silentChanges++;
        byName.remove(n.name);
        unindexHost(n);
        inState[n.state.ordinal()]--;
        NodeState last = list.remove(list.size() - 1);
        if (last != n) {
            list.set(n.index, last);
            last.index = n.index;
        }
        n.index = -1;
    }

    void setState(NodeState n, MemberState state, long now) {
        boolean wasLive = n.isLive();
        if (n.index >= 0) {
            inState[n.state.ordinal()]--;
            inState[state.ordinal()]++;
        }
        n.state = state;
        n.stateChangedAt = now;
        boolean isLive = n.isLive();
        if (wasLive != isLive) {
            liveCount += isLive ? 1 : -1;
        }
    }

    /**
     * {@code k} distinct random members accepted by {@code filter}, or all of them if fewer are.
     * Random draws first, as memberlist's kRandomNodes: cheap when many members pass. Those draws
     * alone come back short when few pass (of 3 members with one eligible, 3 × 3 draws miss it
     * 2.6 % of the time, and a probe then asks no member to relay although one could: a false
     * suspicion), so a short pick is completed from a scan of the members that passed.
     */
    List<NodeState> randomNodes(int k, Predicate<NodeState> filter) {
        List<NodeState> picked = new ArrayList<>(k);
        int size = list.size();
        for (int tries = 0; tries < 3 * size && picked.size() < k; tries++) {
            NodeState n = list.get(random.nextInt(size));
            if (filter.test(n) && !picked.contains(n)) {
                picked.add(n);
            }
        }
        if (picked.size() < k) {
            List<NodeState> rest = new ArrayList<>();
            for (NodeState n : list) {
                if (filter.test(n) && !picked.contains(n)) {
                    rest.add(n);
                }
            }
            while (picked.size() < k && !rest.isEmpty()) {
                picked.add(rest.remove(random.nextInt(rest.size())));
            }
        }
        return picked;
    }

    /**
     * {@code k} distinct members accepted by {@code filter}, or all of them if fewer are, each drawn
     * with probability in proportion to its {@code weight} (positive) among those not yet drawn:
     * Efraimidis and Spirakis' sampling, the {@code k} largest of u^(1/weight) for u uniform in
     * (0, 1), one pass over the table.
     */
    List<NodeState> weightedNodes(int k, Predicate<NodeState> filter, ToDoubleFunction<NodeState> weight) {
        if (k <= 0) {
            return new ArrayList<>(0);
        }
        PriorityQueue<Map.Entry<Double, NodeState>> best = new PriorityQueue<>(k + 1, Map.Entry.comparingByKey());
        for (NodeState n : list) {
            if (!filter.test(n)) {
                continue;
            }
            double u = 1.0 - random.nextDouble();
            // Compared as logarithms, ln(u) / weight: u^(1/weight) underflows for small weights.
            double key = Math.log(u) / weight.applyAsDouble(n);
            if (best.size() < k) {
                best.add(Map.entry(key, n));
            } else if (key > best.peek().getKey()) {
                best.poll();
                best.add(Map.entry(key, n));
            }
        }
        List<NodeState> picked = new ArrayList<>(best.size());
        for (Map.Entry<Double, NodeState> e : best) {
            picked.add(e.getValue());
        }
        return picked;
    }

    /**
     * As {@link #randomNodes}, for a {@code filter} that accepts only members in one of
     * {@code states}. Most of the time few members or none are in them (suspects, the recently
     * dead), and then random draws over the whole table mostly miss: 3 × size draws and a scan of
     * the table for nothing, on every gossip round (a third of the simulator's time at 2,000
     * nodes). So with none in those states this returns at once, and with few (under a quarter of
     * the table) it picks at random among those that pass a scan; with many it draws as
     * {@link #randomNodes} does. Either way each member that passes is equally likely.
     */
    List<NodeState> randomNodesIn(int k, Set<MemberState> states, Predicate<NodeState> filter) {
        int candidates = 0;
        for (MemberState s : states) {
            candidates += inState[s.ordinal()];
        }
        if (candidates == 0 || k <= 0) {
            return new ArrayList<>(k);
        }
        if (4 * candidates >= list.size()) {
            return randomNodes(k, filter);
        }
        List<NodeState> rest = new ArrayList<>();
        for (NodeState n : list) {
            if (states.contains(n.state) && filter.test(n)) {
                rest.add(n);
            }
        }
        List<NodeState> picked = new ArrayList<>(k);
        while (picked.size() < k && !rest.isEmpty()) {
            picked.add(rest.remove(random.nextInt(rest.size())));
        }
        return picked;
    }

    /** Members in {@code state} now, pruned and shed ones included. */
    int count(MemberState state) {
        return inState[state.ordinal()];
    }

    /** Reports a change of {@code n} other than UPDATED; a LEFT is a leave. */
    void report(MemberChange.Kind kind, NodeState n, MemberState previous) {
        damped.report(new MemberChange(kind, n.toMember(cluster), Optional.ofNullable(previous)), n);
    }

    /**
     * {@code n}, held ALIVE, announced a later incarnation with the same details: it refuted a
     * suspicion this node never heard. Not a change of the view, but a flap for damping.
     */
    void refutedUnseen(NodeState n) {
        damped.refutedUnseen(n);
    }

    /**
     * A later instance of {@code n}'s name took it over: damping starts afresh. Returns whether
     * the public view showed {@code n} DAMPED until now.
     */
    boolean newInstance(NodeState n) {
        return damped.newInstance(n);
    }

    /** Reports {@code n} LEFT for {@code reason}. */
    void reportLeft(NodeState n, MemberState previous, MemberLeft.Reason reason) {
        damped.report(MemberChange.left(n.toMember(cluster), Optional.of(previous), reason), n);
    }

    /** Reports that {@code n}'s details changed; {@code before} is the member as it was. */
    void reportUpdated(NodeState n, MemberState previous, Member before) {
        damped.report(MemberChange.updated(n.toMember(cluster), Optional.of(previous), before), n);
    }

    /** The local member as it is now. */
    Member localMember() {
        return self.toMember(cluster);
    }

    /** {@code n} as the public view shows it (a damped member DAMPED). */
    Member shownMember(NodeState n) {
        return damped.shown(n, n.toMember(cluster));
    }

    /** Whether the public view shows {@code n} damped. */
    boolean damped(NodeState n) {
        return damped.damped(n);
    }

    /** Hides {@code n} from the view (a prune): it stays only as a tombstone until reaped. */
    void prune(NodeState n) {
        n.pruned = true;
        silentChanges++;
    }

    /** How many times the view changed without a reported change; see {@link SwimCore#silentViewChanges()}. */
    long silentChanges() {
        return silentChanges;
    }

    /** Every member not pruned, as the public view shows it. */
    List<Member> members() {
        return members(List.of());
    }

    /**
     * {@link #members()}, taking each record from {@code previous} (a list this method returned
     * before) where the one at the same position still shows the member exactly. A driver publishes
     * the view after every call that changes a member, and most records have not moved since the
     * last one: building a fresh record of every member each time was a tenth of the garbage of 500
     * nodes joining in one JVM. Nothing is kept beyond the list the caller already holds.
     */
    List<Member> members(List<Member> previous) {
        List<Member> all = new ArrayList<>(list.size());
        for (NodeState n : list) {
            if (!n.pruned) {
                int at = all.size();
                Member before = at < previous.size() ? previous.get(at) : null;
                all.add(before != null && shows(before, n) ? before : shownMember(n));
            }
        }
        return all;
    }

    /** Whether {@code m} is what {@link #shownMember} would build of {@code n} now. */
    private boolean shows(Member m, NodeState n) {
        MemberState state = damped(n) && n.isLive() ? MemberState.DAMPED : n.state;
        return m.state() == state && m.incarnation() == n.incarnation && m.port() == n.address.port()
                && m.name().equals(n.name) && m.address().equals(n.address.host())
                && m.datacenter().equals(n.datacenter) && m.role().equals(n.role)
                && m.cluster().equals(cluster) && m.tags().equals(n.tags);
    }
}
