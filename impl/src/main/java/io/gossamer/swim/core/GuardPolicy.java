package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.WireLimits;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * The cluster-mixing guard inside the pool: {@link PoolGuard}'s rules applied to member records
 * wherever they could enter the view (alive gossip, push-pull state, join requests), to the
 * refusals peers send us, and to members already known when the guard is switched on, which are
 * shed. Refused records change nothing; what the guard does is counted and logged, rate-limited.
 */
final class GuardPolicy {

    /** The whole core logs under one name, the one operators know. */
    private static final System.Logger LOG = System.getLogger(SwimCore.class.getName());

    private final SwimConfig config;
    private final PoolGuard guard;
    private final GuardCounters counters;
    private final RateLimitedLog log = new RateLimitedLog(LOG, Level.WARNING);
    private final MemberTable table;
    private final Suspicions suspicions;
    private final Dissemination dissemination;

    GuardPolicy(SwimConfig config, PoolGuard guard, GuardCounters counters, MemberTable table,
                Suspicions suspicions, Dissemination dissemination) {
        this.config = config;
        this.guard = guard;
        this.counters = counters;
        this.table = table;
        this.suspicions = suspicions;
        this.dissemination = dissemination;
    }

    /**
     * The guard's check of one member record, wherever it came from: a refused record changes
     * nothing, and is counted and logged (rate-limited). Returns why it was refused, if it was.
     */
    Optional<RefusalReason> refusedRecord(long now, String name, String datacenter, String role, String source) {
        Optional<RefusalReason> refused = guard.checkRecord(name, datacenter, role);
        // Not ifPresent with a capturing lambda: this runs for every record heard, and the lambda
        // was allocated for each of them.
        if (refused.isPresent()) {
            RefusalReason reason = refused.get();
            counters.refusedRecord(reason);
            log.log(now, "record-" + reason, () -> config.name() + ": refused " + source + " about '" + name
                    + "' (datacenter " + datacenter + ", role " + role + "): " + reason + ": " + reason.description());
        }
        return refused;
    }

    /**
     * A join request is all or nothing: if the joiner's state holds any record this pool refuses,
     * the join is refused with that record's reason and nothing is merged.
     */
    Optional<Refuse> checkJoin(long now, NodeAddress from, List<MemberRecord> records) {
        String source = "join from " + from;
        for (MemberRecord r : records) {
            Optional<RefusalReason> reason = refusedRecord(now, r.name(), r.datacenter(), r.role(), source);
            if (reason.isPresent()) {
                counters.refusalSent();
                return Optional.of(new Refuse(reason.get(), WireLimits.clipUtf8(guard.describeSelf()
                        + "; refused member " + r.name() + " of datacenter " + r.datacenter() + ", role " + r.role(),
                        WireLimits.MAX_REFUSAL_DETAIL_BYTES)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a shed member announcing itself so may come back: only if it now belongs here (it
     * rejoined in our datacenter). Switching the guard off does not bring it back: a member that
     * refused us stays refused.
     */
    boolean takesBack(String name, String datacenter, String role) {
        return guard.belongs(name, datacenter, role).isEmpty();
    }

    /**
     * A member we opened a stream to (a state exchange, a reconnect, a TCP probe) refused us. If
     * it says it is in another datacenter, it was moved there (its configuration changed and it
     * restarted) or its guard was switched on while ours is still off: it is shed, here only,
     * whatever our own guard says, since it will never take part in our pool again. In the WAN
     * pool, a LAN pool answering at a member's address (a client, or a server's LAN port) sheds
     * it the same way, as NOT_A_WAN_MEMBER. Only a stream's answer counts: a datagram's sender can
     * be forged.
     */
    void refusedBy(long now, NodeAddress to, NodeState member, Refuse r) {
        log.log(now, "refused-by-" + r.reason(), () -> config.name() + ": " + to
                + (member == null ? "" : " (" + member.name + ")") + " refused our stream: " + r.reason()
                + " (" + r.detail() + ")");
        if (member == null || member == table.self() || member.shed || table.get(member.name) != member
                || !member.address.equals(to)) {
            return;
        }
        if (config.pool() == Pool.LAN && r.reason() == RefusalReason.FOREIGN_DATACENTER) {
            shed(now, member, RefusalReason.FOREIGN_DATACENTER);
            log.log(now, "shed-on-refusal", () -> config.name() + ": " + member.name + " shed: it is in "
                    + "another datacenter now (" + r.detail() + ")");
        } else if (config.pool() == Pool.WAN && (r.reason() == RefusalReason.NOT_A_SERVER
                || r.reason() == RefusalReason.SERVER_LAN_PORT)) {
            // A LAN engine answers at the WAN member's address (it restarted as a client, or the
            // port went to a LAN pool): nothing of the WAN member is there to probe any more.
            shed(now, member, RefusalReason.NOT_A_WAN_MEMBER);
            log.log(now, "shed-on-refusal", () -> config.name() + ": " + member.name + " shed: a LAN pool "
                    + "answers at its address now (" + r.detail() + ")");
        }
    }

    /** A peer refused one of our datagrams. Logged and counted only: its source may be forged. */
    void refusedDatagram(long now, NodeAddress from, Refuse r) {
        counters.refusalReceived();
        log.log(now, "refused-datagram-" + r.reason(), () -> config.name() + ": " + from
                + " refuses our datagrams: " + r.reason() + " (" + r.detail() + "): " + r.reason().description());
    }

    /**
     * Switches the guard. Switched on, it sheds at once every member the pool would now refuse.
     */
    void setEnabled(long now, boolean enabled) {
        if (guard.enabled() == enabled) {
            return;
        }
        guard.enabled(enabled);
        counters.touch();
        int shed = 0;
        if (enabled) {
            for (NodeState n : List.copyOf(table.all())) {
                Optional<RefusalReason> why = n == table.self() || n.shed ? Optional.empty()
                        : guard.checkRecord(n.name, n.datacenter, n.role);
                if (why.isPresent()) {
                    shed(now, n, why.get());
                    shed++;
                }
            }
        }
        LOG.log(Level.INFO, "{0}: cluster-mixing guard turned {1}{2}", config.name(), enabled ? "on" : "off",
                enabled ? ", " + shed + " member(s) of another pool shed" : "");
    }

    boolean enabled() {
        return guard.enabled();
    }

    GuardMetrics metrics() {
        return counters.snapshot(guard.enabled());
    }

    long metricsVersion() {
        return counters.version();
    }

    /**
     * Removes a member the pool refuses: LEFT with the guard's reason, an event fired, its news,
     * and suspicion dropped. Local only: nothing is gossiped, because to a peer
     * whose guard is still off (or to the member itself) a departure would be false news.
     */
    private void shed(long now, NodeState n, RefusalReason why) {
        suspicions.cancel(n.name);
        dissemination.remove(n.name);
        n.shed = true;
        counters.memberShed();
        LOG.log(Level.DEBUG, "{0}: {1} shed from the {2} pool: {3}", config.name(), n.name,
                PoolLabel.name(config.pool()), why);
        if (n.state == MemberState.LEFT) {
            return;
        }
        MemberState previous = n.state;
        table.setState(n, MemberState.LEFT, now);
        table.reportLeft(n, previous, PoolGuard.leftReason(why));
    }
}
