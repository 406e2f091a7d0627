package io.gossamer.swim.core;

import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.NodeAddress;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a member the view does not hold may enter it. Where packets are not sealed,
 * anyone can announce members that do not exist, and each one held costs memory and probes; two
 * bounds keep that in check:
 * <ul>
 * <li>the view holds at most {@code maxMembers}. A full view makes room by forgetting the members
 *     DEAD or LEFT the longest (the reaper would forget them anyway, later), and refuses new members
 *     while every one it holds is ALIVE or SUSPECT;</li>
 * <li>a <em>stranger</em> introduces new members at the rate of {@link #PER_HOST}, and strangers
 *     over UDP at the rate of {@link #DATAGRAM_STRANGERS_IN_ALL} in all: a datagram's source
 *     address can be forged, so hosts cost a forger nothing. The bursts let a bootstrap through (a
 *     joiner gossips news of other joiners to nodes that have not heard of it yet); the rates
 *     bound a flood. A stranger is a host where no <em>vouched</em> member is
 *     remembered: one this node heard of from a host it trusts, or that introduced itself over TCP
 *     from its own host (a TCP handshake cannot be completed from a forged address). So a joiner,
 *     which introduces itself in its join, makes its host trusted, and its host then introduces
 *     freely, while a stranger that announces a member at its own address over UDP gains nothing.
 *     The replies to our own joins and push-pulls come from peers we chose and are trusted: a
 *     joiner learns the whole cluster from its seed.</li>
 * </ul>
 * Refusals are counted; a full view is also logged, naming the setting that bounds it.
 */
final class NewMembers {

    /** New members one stranger host may introduce: 64 at once, then 8 per interval. */
    static final HostRateLimiter.Rate PER_HOST = new HostRateLimiter.Rate(64, 8);
    /** New members all strangers together may introduce over UDP: 512 at once, then 32 per interval. */
    static final HostRateLimiter.Rate DATAGRAM_STRANGERS_IN_ALL = new HostRateLimiter.Rate(512, 32);

    /** Members a full view forgets at once to make room. */
    static final int EVICTED_AT_ONCE = 64;

    private static final System.Logger LOG = System.getLogger(NewMembers.class.getName());

    /** Where news comes from, as far as admitting new members goes. */
    record Source(Kind kind, String host) {
        /** A reply to our own request: the peer was chosen by us. */
        static final Source REPLY = new Source(Kind.REPLY, "");

        static Source datagram(NodeAddress from) {
            return new Source(Kind.DATAGRAM, from.host());
        }

        static Source stream(NodeAddress from) {
            return new Source(Kind.STREAM, from.host());
        }
    }

    enum Kind { REPLY, DATAGRAM, STREAM }

    private final MemberTable table;
    private final GuardCounters counters;
    private final int maxMembers;
    private final HostRateLimiter datagramStrangers = new HostRateLimiter(PER_HOST, DATAGRAM_STRANGERS_IN_ALL);
    private final HostRateLimiter streamStrangers = new HostRateLimiter(PER_HOST,
            new HostRateLimiter.Rate(Integer.MAX_VALUE, Integer.MAX_VALUE));
    private final RateLimitedLog fullLog;
    private final RateLimitedLog strangerLog;

    NewMembers(SwimConfig config, MemberTable table, GuardCounters counters) {
        this.table = table;
        this.counters = counters;
        this.maxMembers = config.maxMembers();
        this.fullLog = new RateLimitedLog(LOG, Level.WARNING);
        this.strangerLog = new RateLimitedLog(LOG, Level.INFO);
    }

    /** Whether news from {@code source} vouches for a member at {@code address}. */
    boolean vouches(Source source, NodeAddress address) {
        return switch (source.kind()) {
            case REPLY -> true;
            case DATAGRAM -> table.vouchedMemberOn(source.host());
            case STREAM -> table.vouchedMemberOn(source.host()) || address.host().equals(source.host());
        };
    }

    /**
     * Whether {@code name}, not in the view, may enter it on news from {@code source}; if the view
     * is full, makes room first.
     */
    boolean admit(long now, String name, Source source) {
        if (source.kind() != Kind.REPLY && !table.vouchedMemberOn(source.host())) {
            HostRateLimiter strangers = source.kind() == Kind.DATAGRAM ? datagramStrangers : streamStrangers;
            if (!strangers.allow(now, source.host())) {
                counters.newMemberLimited();
                strangerLog.log(now, "stranger", () -> "new member " + name + " from " + source.host()
                        + " refused: a host where no member is introduces at most " + PER_HOST.burst()
                        + " at once and then " + PER_HOST.perInterval() + " per " + HostRateLimiter.INTERVAL_MS / 1000
                        + " s, all such hosts over UDP " + DATAGRAM_STRANGERS_IN_ALL.burst() + " and "
                        + DATAGRAM_STRANGERS_IN_ALL.perInterval());
                return false;
            }
        }
        if (table.size() < maxMembers || makeRoom()) {
            return true;
        }
        counters.newMemberRefused();
        fullLog.log(now, "full", () -> "member " + name + " refused: this node holds " + maxMembers + " members, all "
                + "ALIVE or SUSPECT, the most " + Settings.MAX_MEMBERS.key() + " allows");
        return false;
    }

    /**
     * Forgets up to {@value #EVICTED_AT_ONCE} of the members DEAD or LEFT the longest; returns
     * whether it forgot any. Several at once, so that a flood into a full view costs one scan of
     * the view per batch, not per member; with every member live it costs no scan at all.
     */
    private boolean makeRoom() {
        if (table.liveCount() == table.size()) {
            return false;
        }
        List<NodeState> gone = new ArrayList<>();
        for (NodeState n : table.all()) {
            if (n != table.self() && !n.isLive()) {
                gone.add(n);
            }
        }
        gone.sort(Comparator.comparingLong(n -> n.stateChangedAt));
        List<NodeState> evicted = gone.subList(0, Math.min(EVICTED_AT_ONCE, gone.size()));
        evicted.forEach(table::remove);
        counters.membersEvicted(evicted.size());
        return !evicted.isEmpty();
    }
}
