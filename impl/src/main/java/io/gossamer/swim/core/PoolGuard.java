package io.gossamer.swim.core;

import io.gossamer.MemberLeft;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.WireLimits;

import java.util.Objects;
import java.util.Optional;

/**
 * The cluster-mixing guard's rules, as pure functions of this node's configuration and the guard
 * switch: how a foreign label differs from ours, which foreign labels are let in, and which member
 * records may enter this pool. The core applies them; this class has no state but the switch.
 *
 * <p>A node is in the LAN pool of its {@code (cluster, datacenter)}; servers are also in the
 * cluster's WAN pool, through a second engine instance whose members are named
 * {@code <node>.<datacenter>}. With the guard on (the default), a LAN pool takes members of its own
 * datacenter only and the WAN pool takes servers only. With the guard off, LAN labels of other
 * datacenters of the same cluster are let in and member records are not checked: pools can mix.
 * That is only for migrating a pool that is already mixed; turning the guard on again makes the
 * core shed the foreign members.
 */
final class PoolGuard {

    /** The role of the members that also belong to the WAN pool. */
    static final String SERVER_ROLE = "server";

    private final SwimConfig config;
    private final Optional<PoolLabel> own;
    private boolean enabled;

    PoolGuard(SwimConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.own = PoolLabel.parse(config.label());
        this.enabled = config.guard();
    }

    boolean enabled() {
        return enabled;
    }

    void enabled(boolean on) {
        enabled = on;
    }

    /**
     * Refuses, with the guard on, a configuration whose own member record every peer would refuse:
     * a WAN engine instance of a node that is not a server, or not named {@code <node>.<datacenter>}.
     *
     * @throws IllegalArgumentException naming what to change
     */
    void checkOwnConfig() {
        if (!enabled || config.pool() != Pool.WAN) {
            return;
        }
        belongs(config.name(), config.datacenter(), config.role()).ifPresent(reason -> {
            throw new IllegalArgumentException("the WAN pool only takes servers named <node>.<datacenter>: '"
                    + config.name() + "' with role '" + config.role() + "' in datacenter '" + config.datacenter()
                    + "' would be refused by every peer (" + reason + ")");
        });
    }

    /**
     * Whether a datagram or stream with {@code label}, which is not ours, is let in anyway: only with
     * the guard off, and only a LAN label of our own cluster naming another datacenter (the
     * datacenter component is ignored, so LAN pools can mix). Anything else is still refused.
     */
    boolean letsIn(String label) {
        if (enabled || own.isEmpty() || own.get().pool() != Pool.LAN) {
            return false;
        }
        Optional<PoolLabel> theirs = PoolLabel.parse(label);
        return theirs.isPresent() && theirs.get().pool() == Pool.LAN
                && theirs.get().cluster().equals(own.get().cluster());
    }

    /**
     * How {@code label}, which differs from ours, differs: another cluster first (whatever the
     * datacenter is called), then LAN against WAN, then another datacenter. {@code null} (a label
     * that is not UTF-8) and any label that is not {@code cluster/pool[/datacenter]}, ours or
     * theirs, is {@link RefusalReason#FOREIGN_LABEL}.
     */
    RefusalReason classify(String label) {
        Optional<PoolLabel> theirs = PoolLabel.parse(label);
        if (own.isEmpty() || theirs.isEmpty()) {
            return RefusalReason.FOREIGN_LABEL;
        }
        PoolLabel ours = own.get();
        PoolLabel other = theirs.get();
        if (!other.cluster().equals(ours.cluster())) {
            return RefusalReason.FOREIGN_CLUSTER;
        }
        if (ours.pool() == Pool.LAN && other.pool() == Pool.LAN) {
            return other.datacenter().equals(ours.datacenter()) ? RefusalReason.FOREIGN_LABEL
                    : RefusalReason.FOREIGN_DATACENTER;
        }
        if (ours.pool() == Pool.WAN && other.pool() == Pool.LAN) {
            return RefusalReason.NOT_A_WAN_MEMBER;
        }
        if (ours.pool() == Pool.LAN && other.pool() == Pool.WAN) {
            return SERVER_ROLE.equals(config.role()) ? RefusalReason.SERVER_LAN_PORT : RefusalReason.NOT_A_SERVER;
        }
        return RefusalReason.FOREIGN_LABEL;
    }

    /**
     * Checks a member record (an alive message, a push-pull record, a join request's state) before
     * it may enter the view. Empty when it may, or when the guard is off. In a LAN pool, a member of
     * another datacenter is refused; in the WAN pool, a member that is not a server, or whose name
     * is not {@code <node>.<datacenter>} of its own datacenter.
     */
    Optional<RefusalReason> checkRecord(String name, String datacenter, String role) {
        return enabled ? belongs(name, datacenter, role) : Optional.empty();
    }

    /**
     * The checks of {@link #checkRecord} whether the guard is on or off: empty if the member
     * belongs in this pool. A member the guard shed comes back only once this holds (it rejoined in
     * our datacenter), so switching the guard off does not undo shedding.
     */
    Optional<RefusalReason> belongs(String name, String datacenter, String role) {
        if (config.pool() == Pool.LAN) {
            return datacenter.equals(config.datacenter()) ? Optional.empty()
                    : Optional.of(RefusalReason.FOREIGN_DATACENTER);
        }
        if (!SERVER_ROLE.equals(role)) {
            return Optional.of(RefusalReason.NOT_A_WAN_MEMBER);
        }
        String suffix = "." + datacenter;
        if (datacenter.isEmpty() || name.length() <= suffix.length() || !name.endsWith(suffix)) {
            return Optional.of(RefusalReason.WAN_NAME_MISMATCH);
        }
        return Optional.empty();
    }

    /** The reason a member removed for {@code why} is recorded LEFT with. */
    static MemberLeft.Reason leftReason(RefusalReason why) {
        return why == RefusalReason.FOREIGN_DATACENTER ? MemberLeft.Reason.FOREIGN_DATACENTER
                : MemberLeft.Reason.NOT_A_WAN_MEMBER;
    }

    /**
     * Who refuses, for the refusal's detail: name, cluster, pool, datacenter and role, cut to what a
     * refusal can carry.
     */
    String describeSelf() {
        return WireLimits.clipUtf8(config.name() + " (cluster " + config.cluster() + ", pool "
                + PoolLabel.name(config.pool()) + ", datacenter " + config.datacenter() + ", role " + config.role()
                + ")", WireLimits.MAX_REFUSAL_DETAIL_BYTES);
    }
}
