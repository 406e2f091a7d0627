package io.gossamer.swim.config;

import io.gossamer.Pool;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.WireLimits;
import io.gossamer.swim.wire.WireText;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the protocol needs to know about the local node and its timings. Immutable; build one
 * with {@link #builder(Profile)}.
 *
 * <p>Timing names and defaults follow memberlist so that operators can carry their tuning over.
 * Each tunable value is a setting of the {@link Settings} table, with its default per profile and
 * its allowed range; a value out of range is refused here.
 *
 * <p>Names (the member name, cluster, datacenter, role, tag keys) are identifiers and tag values
 * text in the sense of {@link WireText}: no control, format, separator or private-use characters,
 * and identifiers no white space; each at most 255 bytes of UTF-8. Peers drop what breaks these
 * rules, so a configuration that breaks them is refused here.
 *
 * @param name                     the local member's name, unique in the pool; not empty
 * @param advertise                address and port peers use to reach this node;
 *                                 {@link io.gossamer.swim.SwimNode#start} replaces it with
 *                                 {@link io.gossamer.swim.SwimNodeOptions#advertised()}
 * @param cluster                  cluster name: packets of other clusters are dropped; not empty
 * @param datacenter               this node's datacenter
 * @param role                     this node's role ({@code server} or {@code client})
 * @param pool                     the pool this engine instance serves
 * @param tags                     initial metadata, at most {@link #MAX_TAGS_BYTES} encoded
 * @param probeInterval            {@link Settings#PROBE_INTERVAL}
 * @param probeTimeout             {@link Settings#PROBE_TIMEOUT}
 * @param indirectChecks           {@link Settings#INDIRECT_CHECKS}
 * @param retransmitMult           {@link Settings#RETRANSMIT_MULT}
 * @param suspicionMult            {@link Settings#SUSPICION_MULT}
 * @param suspicionMaxTimeoutMult  {@link Settings#SUSPICION_MAX_TIMEOUT_MULT}
 * @param refusedSuspicionTimeout  {@link Settings#REFUSED_SUSPICION_TIMEOUT}
 * @param unreachableSuspicionTimeout {@link Settings#UNREACHABLE_SUSPICION_TIMEOUT}
 * @param localHealthMaxMultiplier {@link Settings#LOCAL_HEALTH_MAX_MULTIPLIER}
 * @param gossipInterval           {@link Settings#GOSSIP_INTERVAL}
 * @param gossipNodes              {@link Settings#GOSSIP_NODES}
 * @param spatialGossipExponent    {@link Settings#SPATIAL_GOSSIP_EXPONENT}
 * @param gossipToTheDeadTime      {@link Settings#GOSSIP_TO_THE_DEAD_TIME}
 * @param pushPullInterval         {@link Settings#PUSH_PULL_INTERVAL}
 * @param tcpTimeout               {@link Settings#TCP_TIMEOUT}
 * @param reconnectInterval        {@link Settings#RECONNECT_INTERVAL}
 * @param reconnectTimeout         {@link Settings#RECONNECT_TIMEOUT}
 * @param tombstoneTimeout         {@link Settings#TOMBSTONE_TIMEOUT}
 * @param deadNodeReclaimTime      {@link Settings#DEAD_NODE_RECLAIM_TIME}
 * @param disableTcpPings          {@link Settings#DISABLE_TCP_PINGS}
 * @param disableCoordinates       {@link Settings#DISABLE_COORDINATES}
 * @param eventCoalescePeriod      {@link Settings#EVENT_COALESCE_PERIOD}
 * @param eventQuiescentPeriod     {@link Settings#EVENT_QUIESCENT_PERIOD}
 * @param packetSize               {@link Settings#PACKET_SIZE}
 * @param maxMembers               {@link Settings#MAX_MEMBERS}
 * @param label                    the packet label; empty derives one ({@link #derivedLabel})
 * @param guard                    the cluster-mixing guard: with it on (the default), a LAN pool only
 *                                 takes members of its own datacenter and the WAN pool only servers
 *                                 named {@code <node>.<datacenter>}; off, other datacenters' LAN labels
 *                                 are let in and member records are not checked (only for migrating a
 *                                 mixed pool, see {@code impl/README.md}). It can be switched at run
 *                                 time ({@link io.gossamer.swim.SwimNode#setGuardEnabled(boolean)}).
 * @param keyring                  the encryption keys at start (the primary one seals, every one
 *                                 opens); empty: no encryption. Rotated online through
 *                                 {@link io.gossamer.swim.SwimNode#installKey(byte[])} and its siblings, after which
 *                                 {@link io.gossamer.swim.SwimNode#keyring()} is the keyring in force. Its
 *                                 {@code toString} names keys by fingerprint only
 * @param verifyIncoming           with a keyring: accept sealed datagrams and frames only (plaintext
 *                                 ones are dropped as {@code UNENCRYPTED}). Ignored without one
 * @param verifyOutgoing           with a keyring: seal every datagram and frame sent; off, they go in
 *                                 plaintext (key operations are sealed anyway). Off is a step of
 *                                 turning encryption on in a running cluster (see
 *                                 {@code impl/README.md}); ignored without a keyring. verify-incoming
 *                                 needs verify-outgoing
 */
public record SwimConfig(
        String name,
        NodeAddress advertise,
        String cluster,
        String datacenter,
        String role,
        Pool pool,
        Map<String, String> tags,
        Duration probeInterval,
        Duration probeTimeout,
        int indirectChecks,
        int retransmitMult,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        Duration refusedSuspicionTimeout,
        Duration unreachableSuspicionTimeout,
        int localHealthMaxMultiplier,
        Duration gossipInterval,
        int gossipNodes,
        int spatialGossipExponent,
        Duration gossipToTheDeadTime,
        Duration pushPullInterval,
        Duration tcpTimeout,
        Duration reconnectInterval,
        Duration reconnectTimeout,
        Duration tombstoneTimeout,
        Duration deadNodeReclaimTime,
        boolean disableTcpPings,
        boolean disableCoordinates,
        Duration eventCoalescePeriod,
        Duration eventQuiescentPeriod,
        int packetSize,
        int maxMembers,
        String label,
        boolean guard,
        Optional<Keyring> keyring,
        boolean verifyIncoming,
        boolean verifyOutgoing) {

    /**
     * The LAN pool's port. Not memberlist's and Serf's 7946: Serf, Consul's clients, Docker
     * Swarm and memberlist-based services (Grafana Loki, Mimir, MetalLB) often run on the same
     * hosts, and a node on another's port would fail to bind or, worse, talk to it.
     */
    public static final int DEFAULT_LAN_PORT = 7950;
    /** The WAN pool's port, next to the LAN pool's (Serf's WAN port is 7947, Consul's 8302). */
    public static final int DEFAULT_WAN_PORT = 7951;
    /** Largest encoded size of a member's tags, as memberlist's {@code MetaMaxSize}. */
    public static final int MAX_TAGS_BYTES = WireLimits.MAX_TAGS_BYTES;

    public SwimConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(pool, "pool");
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(label, "label");
        Settings.PROBE_INTERVAL.check(probeInterval);
        Settings.PROBE_TIMEOUT.check(probeTimeout);
        Settings.INDIRECT_CHECKS.check(indirectChecks);
        Settings.RETRANSMIT_MULT.check(retransmitMult);
        Settings.SUSPICION_MULT.check(suspicionMult);
        Settings.SUSPICION_MAX_TIMEOUT_MULT.check(suspicionMaxTimeoutMult);
        Settings.REFUSED_SUSPICION_TIMEOUT.check(refusedSuspicionTimeout);
        Settings.UNREACHABLE_SUSPICION_TIMEOUT.check(unreachableSuspicionTimeout);
        Settings.LOCAL_HEALTH_MAX_MULTIPLIER.check(localHealthMaxMultiplier);
        Settings.GOSSIP_INTERVAL.check(gossipInterval);
        Settings.GOSSIP_NODES.check(gossipNodes);
        Settings.GOSSIP_TO_THE_DEAD_TIME.check(gossipToTheDeadTime);
        Settings.PUSH_PULL_INTERVAL.check(pushPullInterval);
        Settings.TCP_TIMEOUT.check(tcpTimeout);
        Settings.RECONNECT_INTERVAL.check(reconnectInterval);
        Settings.RECONNECT_TIMEOUT.check(reconnectTimeout);
        Settings.TOMBSTONE_TIMEOUT.check(tombstoneTimeout);
        Settings.DEAD_NODE_RECLAIM_TIME.check(deadNodeReclaimTime);
        Settings.PACKET_SIZE.check(packetSize);
        Settings.MAX_MEMBERS.check(maxMembers);
        if (!Settings.probeTimeoutFits(probeInterval, probeTimeout)) {
            throw new IllegalArgumentException("probeTimeout (" + Durations.format(probeTimeout)
                    + ") must be shorter than probeInterval (" + Durations.format(probeInterval) + ")");
        }
        Objects.requireNonNull(keyring, "keyring");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (cluster.isEmpty()) {
            throw new IllegalArgumentException("cluster must not be empty");
        }
        WireText.checkIdentifier(name, WireLimits.MAX_NAME_BYTES, "name");
        WireText.checkIdentifier(cluster, WireLimits.MAX_LABEL_BYTES, "cluster");
        WireText.checkIdentifier(datacenter, WireLimits.MAX_DATACENTER_BYTES, "datacenter");
        WireText.checkIdentifier(role, WireLimits.MAX_ROLE_BYTES, "role");
        WireLimits.checkTags(tags);
        if (keyring.isPresent() && verifyIncoming && !verifyOutgoing) {
            throw new IllegalArgumentException("verifyIncoming needs verifyOutgoing: a node that accepts only sealed "
                    + "input must seal its own output");
        }
        if (label.isEmpty()) {
            label = derivedLabel(cluster, pool, datacenter);
        }
    }

    /**
     * The label a configuration without one takes: {@code cluster/pool/datacenter} for the LAN
     * pool, {@code cluster/wan} for the WAN pool (whose members span datacenters).
     */
    public static String derivedLabel(String cluster, Pool pool, String datacenter) {
        return cluster + "/" + pool.name().toLowerCase(java.util.Locale.ROOT)
                + (pool == Pool.LAN ? "/" + datacenter : "");
    }

    /** The values of the {@link Settings} table in this configuration. */
    public Tuning tuning() {
        return Tuning.of(Profile.LAN)
                .with(Settings.PROBE_INTERVAL, probeInterval)
                .with(Settings.PROBE_TIMEOUT, probeTimeout)
                .with(Settings.INDIRECT_CHECKS, indirectChecks)
                .with(Settings.RETRANSMIT_MULT, retransmitMult)
                .with(Settings.SUSPICION_MULT, suspicionMult)
                .with(Settings.SUSPICION_MAX_TIMEOUT_MULT, suspicionMaxTimeoutMult)
                .with(Settings.REFUSED_SUSPICION_TIMEOUT, refusedSuspicionTimeout)
                .with(Settings.UNREACHABLE_SUSPICION_TIMEOUT, unreachableSuspicionTimeout)
                .with(Settings.LOCAL_HEALTH_MAX_MULTIPLIER, localHealthMaxMultiplier)
                .with(Settings.GOSSIP_INTERVAL, gossipInterval)
                .with(Settings.GOSSIP_NODES, gossipNodes)
                .with(Settings.SPATIAL_GOSSIP_EXPONENT, spatialGossipExponent)
                .with(Settings.GOSSIP_TO_THE_DEAD_TIME, gossipToTheDeadTime)
                .with(Settings.PUSH_PULL_INTERVAL, pushPullInterval)
                .with(Settings.TCP_TIMEOUT, tcpTimeout)
                .with(Settings.RECONNECT_INTERVAL, reconnectInterval)
                .with(Settings.RECONNECT_TIMEOUT, reconnectTimeout)
                .with(Settings.TOMBSTONE_TIMEOUT, tombstoneTimeout)
                .with(Settings.DEAD_NODE_RECLAIM_TIME, deadNodeReclaimTime)
                .with(Settings.DISABLE_TCP_PINGS, disableTcpPings)
                .with(Settings.DISABLE_COORDINATES, disableCoordinates)
                .with(Settings.EVENT_COALESCE_PERIOD, eventCoalescePeriod)
                .with(Settings.EVENT_QUIESCENT_PERIOD, eventQuiescentPeriod)
                .with(Settings.PACKET_SIZE, packetSize)
                .with(Settings.MAX_MEMBERS, maxMembers);
    }

    /** A builder preloaded with a profile's timings and neutral identity defaults. */
    public static Builder builder(Profile profile) {
        return new Builder(profile);
    }

    /**
     * A builder starting from this configuration. A label that equals the one derived from the
     * cluster, pool and datacenter counts as derived: it is derived again from the builder's values,
     * so changing the cluster, pool or datacenter changes it too. A label set to anything else is kept.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link SwimConfig}. */
    public static final class Builder {
        private String name = "node";
        private NodeAddress advertise = new NodeAddress("127.0.0.1", DEFAULT_LAN_PORT);
        private String cluster = "default";
        private String datacenter = "dc1";
        private String role = "server";
        private Pool pool = Pool.LAN;
        private Map<String, String> tags = Map.of();
        private Tuning tuning;
        private String label = "";
        private boolean guard = true;
        private Optional<Keyring> keyring = Optional.empty();
        private boolean verifyIncoming = true;
        private boolean verifyOutgoing = true;

        private Builder(Profile profile) {
            tuning = Tuning.of(profile);
        }

        private Builder(SwimConfig c) {
            name = c.name;
            advertise = c.advertise;
            cluster = c.cluster;
            datacenter = c.datacenter;
            role = c.role;
            pool = c.pool;
            tags = c.tags;
            tuning = c.tuning();
            // The record keeps only the outcome; a label equal to the derived one is taken as derived,
            // since keeping it would pin the old cluster's label on a config rebuilt for another.
            label = c.label.equals(derivedLabel(c.cluster, c.pool, c.datacenter)) ? "" : c.label;
            guard = c.guard;
            keyring = c.keyring;
            verifyIncoming = c.verifyIncoming;
            verifyOutgoing = c.verifyOutgoing;
        }

        private <T extends Comparable<? super T>> Builder set(Setting<T> setting, T value) {
            tuning = tuning.with(setting, value);
            return this;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder advertise(NodeAddress v) { advertise = v; return this; }
        public Builder cluster(String v) { cluster = v; return this; }
        public Builder datacenter(String v) { datacenter = v; return this; }
        public Builder role(String v) { role = v; return this; }
        public Builder pool(Pool v) { pool = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v; return this; }
        /** Every setting of the {@link Settings} table at once. */
        public Builder tuning(Tuning v) { tuning = Objects.requireNonNull(v, "tuning"); return this; }
        public Builder probeInterval(Duration v) { return set(Settings.PROBE_INTERVAL, v); }
        public Builder probeTimeout(Duration v) { return set(Settings.PROBE_TIMEOUT, v); }
        public Builder indirectChecks(int v) { return set(Settings.INDIRECT_CHECKS, v); }
        public Builder retransmitMult(int v) { return set(Settings.RETRANSMIT_MULT, v); }
        public Builder suspicionMult(int v) { return set(Settings.SUSPICION_MULT, v); }
        public Builder suspicionMaxTimeoutMult(int v) { return set(Settings.SUSPICION_MAX_TIMEOUT_MULT, v); }
        public Builder refusedSuspicionTimeout(Duration v) { return set(Settings.REFUSED_SUSPICION_TIMEOUT, v); }
        public Builder unreachableSuspicionTimeout(Duration v) {
            return set(Settings.UNREACHABLE_SUSPICION_TIMEOUT, v);
        }
        public Builder localHealthMaxMultiplier(int v) { return set(Settings.LOCAL_HEALTH_MAX_MULTIPLIER, v); }
        public Builder gossipInterval(Duration v) { return set(Settings.GOSSIP_INTERVAL, v); }
        public Builder gossipNodes(int v) { return set(Settings.GOSSIP_NODES, v); }
        public Builder spatialGossipExponent(int v) { return set(Settings.SPATIAL_GOSSIP_EXPONENT, v); }
        public Builder gossipToTheDeadTime(Duration v) { return set(Settings.GOSSIP_TO_THE_DEAD_TIME, v); }
        public Builder pushPullInterval(Duration v) { return set(Settings.PUSH_PULL_INTERVAL, v); }
        public Builder tcpTimeout(Duration v) { return set(Settings.TCP_TIMEOUT, v); }
        public Builder reconnectInterval(Duration v) { return set(Settings.RECONNECT_INTERVAL, v); }
        public Builder reconnectTimeout(Duration v) { return set(Settings.RECONNECT_TIMEOUT, v); }
        public Builder tombstoneTimeout(Duration v) { return set(Settings.TOMBSTONE_TIMEOUT, v); }
        public Builder deadNodeReclaimTime(Duration v) { return set(Settings.DEAD_NODE_RECLAIM_TIME, v); }
        public Builder disableTcpPings(boolean v) { return set(Settings.DISABLE_TCP_PINGS, v); }
        public Builder disableCoordinates(boolean v) { return set(Settings.DISABLE_COORDINATES, v); }
        public Builder eventCoalescePeriod(Duration v) { return set(Settings.EVENT_COALESCE_PERIOD, v); }
        public Builder eventQuiescentPeriod(Duration v) { return set(Settings.EVENT_QUIESCENT_PERIOD, v); }
        public Builder packetSize(int v) { return set(Settings.PACKET_SIZE, v); }
        public Builder maxMembers(int v) { return set(Settings.MAX_MEMBERS, v); }
        public Builder label(String v) { label = v; return this; }
        public Builder guard(boolean v) { guard = v; return this; }
        /** Encryption with these keys (verify-incoming and verify-outgoing default to true). */
        public Builder keyring(Keyring v) { keyring = Optional.of(v); return this; }
        /** No encryption. */
        public Builder noKeyring() { keyring = Optional.empty(); return this; }
        public Builder verifyIncoming(boolean v) { verifyIncoming = v; return this; }
        public Builder verifyOutgoing(boolean v) { verifyOutgoing = v; return this; }

        /** @throws IllegalArgumentException if a value is out of its range ({@link Settings}) or the identity is malformed */
        public SwimConfig build() {
            Tuning t = tuning;
            return new SwimConfig(name, advertise, cluster, datacenter, role, pool, tags,
                    t.get(Settings.PROBE_INTERVAL), t.get(Settings.PROBE_TIMEOUT), t.get(Settings.INDIRECT_CHECKS),
                    t.get(Settings.RETRANSMIT_MULT), t.get(Settings.SUSPICION_MULT),
                    t.get(Settings.SUSPICION_MAX_TIMEOUT_MULT), t.get(Settings.REFUSED_SUSPICION_TIMEOUT),
                    t.get(Settings.UNREACHABLE_SUSPICION_TIMEOUT),
                    t.get(Settings.LOCAL_HEALTH_MAX_MULTIPLIER),
                    t.get(Settings.GOSSIP_INTERVAL), t.get(Settings.GOSSIP_NODES),
                    t.get(Settings.SPATIAL_GOSSIP_EXPONENT),
                    t.get(Settings.GOSSIP_TO_THE_DEAD_TIME), t.get(Settings.PUSH_PULL_INTERVAL),
                    t.get(Settings.TCP_TIMEOUT), t.get(Settings.RECONNECT_INTERVAL), t.get(Settings.RECONNECT_TIMEOUT),
                    t.get(Settings.TOMBSTONE_TIMEOUT), t.get(Settings.DEAD_NODE_RECLAIM_TIME),
                    t.get(Settings.DISABLE_TCP_PINGS), t.get(Settings.DISABLE_COORDINATES),
                    t.get(Settings.EVENT_COALESCE_PERIOD), t.get(Settings.EVENT_QUIESCENT_PERIOD), t.get(Settings.PACKET_SIZE), t.get(Settings.MAX_MEMBERS), label,
                    guard, keyring,
                    verifyIncoming, verifyOutgoing);
        }
    }
}
