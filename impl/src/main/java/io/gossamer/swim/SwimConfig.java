package io.gossamer.swim;

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
 *
 * <p>Names (the member name, cluster, datacenter, role, tag keys) are identifiers and tag values
 * text in the sense of {@link WireText}: no control, format, separator or private-use characters,
 * and identifiers no white space; each at most 255 bytes of UTF-8. Peers drop what breaks these
 * rules, so a configuration that breaks them is refused here.
 *
 * @param name                     the local member's name, unique in the pool; not empty
 * @param advertise                address and port peers use to reach this node
 * @param cluster                  cluster name: packets of other clusters are dropped; not empty
 * @param datacenter               this node's datacenter
 * @param role                     this node's role ({@code server} or {@code client})
 * @param pool                     the pool this engine instance serves
 * @param tags                     initial metadata, at most {@link #MAX_TAGS_BYTES} encoded
 * @param probeInterval            time between probes of successive members (before awareness stretching)
 * @param probeTimeout             wait for a direct ack before asking others to probe
 * @param indirectChecks           number of members asked to probe on our behalf
 * @param retransmitMult           each piece of news is sent retransmitMult·⌈log10(n+1)⌉ times
 * @param suspicionMult            minimum suspicion = suspicionMult·max(1, log10 n)·probeInterval
 * @param suspicionMaxTimeoutMult  maximum suspicion = suspicionMaxTimeoutMult·minimum
 * @param awarenessMaxMultiplier   the probe interval stretches up to this factor when we are unhealthy
 * @param gossipInterval           time between gossip rounds; zero disables the gossip timer
 * @param gossipNodes              members sent news each gossip round
 * @param gossipToTheDeadTime      dead members keep receiving gossip this long, so they can refute
 * @param pushPullInterval         full state exchange period (scaled up beyond 32 members); zero disables it
 * @param tcpTimeout               connect, read and write deadline of a stream
 * @param reconnectInterval        how often a push-pull with a random dead member is attempted
 * @param reconnectTimeout         dead members are tried (and remembered) this long, then forgotten
 * @param tombstoneTimeout         left members are remembered this long, then forgotten
 * @param deadNodeReclaimTime      after this, a dead member's name may come back on another address;
 *                                 zero means never
 * @param disableTcpPings          do not run the TCP fallback probe
 * @param packetSize               maximum datagram size in bytes
 * @param label                    the packet label; empty derives {@code cluster/pool/datacenter}
 * @param guard                    the cluster-mixing guard: with it on (the default), a LAN pool only
 *                                 takes members of its own datacenter and the WAN pool only servers
 *                                 named {@code <node>.<datacenter>}; off, other datacenters' LAN labels
 *                                 are let in and member records are not checked (only for migrating a
 *                                 mixed pool, see {@code impl/README.md}). It can be switched at run
 *                                 time ({@link SwimNode#setGuardEnabled(boolean)}).
 * @param keyring                  the encryption keys at start (the primary one seals, every one
 *                                 opens); empty: no encryption. Rotated online through
 *                                 {@link SwimNode#installKey(byte[])} and its siblings, after which
 *                                 {@link SwimNode#keyring()} is the keyring in force. Its
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
        int awarenessMaxMultiplier,
        Duration gossipInterval,
        int gossipNodes,
        Duration gossipToTheDeadTime,
        Duration pushPullInterval,
        Duration tcpTimeout,
        Duration reconnectInterval,
        Duration reconnectTimeout,
        Duration tombstoneTimeout,
        Duration deadNodeReclaimTime,
        boolean disableTcpPings,
        int packetSize,
        String label,
        boolean guard,
        Optional<Keyring> keyring,
        boolean verifyIncoming,
        boolean verifyOutgoing) {

    /** Largest encoded size of a member's tags, as memberlist's {@code MetaMaxSize}. */
    public static final int MAX_TAGS_BYTES = 512;
    /**
     * Smallest datagram allowed: the IPv4 minimum reassembly size. The engine also checks that the
     * local member's own alive message fits, since news that fits no packet can never spread.
     */
    public static final int MIN_PACKET_SIZE = 576;
    /** Largest datagram: the UDP payload limit over IPv4. */
    public static final int MAX_PACKET_SIZE = 65_507;

    public SwimConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(pool, "pool");
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(label, "label");
        requirePositive("probeInterval", probeInterval);
        requirePositive("probeTimeout", probeTimeout);
        requireNonNegative("gossipInterval", gossipInterval);
        requireNonNegative("gossipToTheDeadTime", gossipToTheDeadTime);
        requireNonNegative("pushPullInterval", pushPullInterval);
        requirePositive("tcpTimeout", tcpTimeout);
        requirePositive("reconnectInterval", reconnectInterval);
        requireNonNegative("reconnectTimeout", reconnectTimeout);
        requireNonNegative("tombstoneTimeout", tombstoneTimeout);
        requireNonNegative("deadNodeReclaimTime", deadNodeReclaimTime);
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
        int tagBytes = WireLimits.encodedTagsSize(tags);
        if (tagBytes > MAX_TAGS_BYTES) {
            throw new IllegalArgumentException("tags take " + tagBytes + " bytes encoded; at most " + MAX_TAGS_BYTES
                    + " are allowed");
        }
        if (keyring.isPresent() && verifyIncoming && !verifyOutgoing) {
            throw new IllegalArgumentException("verifyIncoming needs verifyOutgoing: a node that accepts only sealed "
                    + "input must seal its own output");
        }
        if (indirectChecks < 0) {
            throw new IllegalArgumentException("indirectChecks must be >= 0: " + indirectChecks);
        }
        if (retransmitMult < 1 || suspicionMult < 1 || suspicionMaxTimeoutMult < 1
                || awarenessMaxMultiplier < 1 || gossipNodes < 0) {
            throw new IllegalArgumentException("multipliers must be >= 1 and gossipNodes >= 0");
        }
        if (packetSize < MIN_PACKET_SIZE || packetSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("packetSize must be in [" + MIN_PACKET_SIZE + ", "
                    + MAX_PACKET_SIZE + "]: " + packetSize);
        }
        if (label.isEmpty()) {
            label = cluster + "/" + pool.name().toLowerCase(java.util.Locale.ROOT)
                    + (pool == Pool.LAN ? "/" + datacenter : "");
        }
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    private static void requireNonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
    }

    /** A builder preloaded with a profile's timings and neutral identity defaults. */
    public static Builder builder(Profile profile) {
        return new Builder(profile);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link SwimConfig}. */
    public static final class Builder {
        private String name = "node";
        private NodeAddress advertise = new NodeAddress("127.0.0.1", 7946);
        private String cluster = "default";
        private String datacenter = "dc1";
        private String role = "server";
        private Pool pool = Pool.LAN;
        private Map<String, String> tags = Map.of();
        private Duration probeInterval;
        private Duration probeTimeout;
        private int indirectChecks;
        private int retransmitMult;
        private int suspicionMult;
        private int suspicionMaxTimeoutMult = 6;
        private int awarenessMaxMultiplier = 8;
        private Duration gossipInterval;
        private int gossipNodes;
        private Duration gossipToTheDeadTime;
        private Duration pushPullInterval;
        private Duration tcpTimeout;
        private Duration reconnectInterval = Duration.ofSeconds(30);
        private Duration reconnectTimeout = Duration.ofHours(24);
        private Duration tombstoneTimeout = Duration.ofHours(24);
        private Duration deadNodeReclaimTime = Duration.ZERO;
        private boolean disableTcpPings;
        private int packetSize = 1400;
        private String label = "";
        private boolean guard = true;
        private Optional<Keyring> keyring = Optional.empty();
        private boolean verifyIncoming = true;
        private boolean verifyOutgoing = true;

        private Builder(Profile profile) {
            // memberlist DefaultLANConfig, then the WAN / Local overrides (see impl/README.md).
            probeInterval = Duration.ofSeconds(1);
            probeTimeout = Duration.ofMillis(500);
            indirectChecks = 3;
            retransmitMult = 4;
            suspicionMult = 4;
            gossipInterval = Duration.ofMillis(200);
            gossipNodes = 3;
            gossipToTheDeadTime = Duration.ofSeconds(30);
            pushPullInterval = Duration.ofSeconds(30);
            tcpTimeout = Duration.ofSeconds(10);
            switch (profile) {
                case LAN -> { }
                case WAN -> {
                    tcpTimeout = Duration.ofSeconds(30);
                    suspicionMult = 6;
                    pushPullInterval = Duration.ofSeconds(60);
                    probeTimeout = Duration.ofSeconds(3);
                    probeInterval = Duration.ofSeconds(5);
                    gossipNodes = 4;
                    gossipInterval = Duration.ofMillis(500);
                    gossipToTheDeadTime = Duration.ofSeconds(60);
                }
                case LOCAL -> {
                    tcpTimeout = Duration.ofSeconds(1);
                    indirectChecks = 1;
                    retransmitMult = 2;
                    suspicionMult = 3;
                    pushPullInterval = Duration.ofSeconds(15);
                    probeTimeout = Duration.ofMillis(200);
                    gossipInterval = Duration.ofMillis(100);
                    gossipToTheDeadTime = Duration.ofSeconds(15);
                }
            }
        }

        private Builder(SwimConfig c) {
            name = c.name;
            advertise = c.advertise;
            cluster = c.cluster;
            datacenter = c.datacenter;
            role = c.role;
            pool = c.pool;
            tags = c.tags;
            probeInterval = c.probeInterval;
            probeTimeout = c.probeTimeout;
            indirectChecks = c.indirectChecks;
            retransmitMult = c.retransmitMult;
            suspicionMult = c.suspicionMult;
            suspicionMaxTimeoutMult = c.suspicionMaxTimeoutMult;
            awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            gossipInterval = c.gossipInterval;
            gossipNodes = c.gossipNodes;
            gossipToTheDeadTime = c.gossipToTheDeadTime;
            pushPullInterval = c.pushPullInterval;
            tcpTimeout = c.tcpTimeout;
            reconnectInterval = c.reconnectInterval;
            reconnectTimeout = c.reconnectTimeout;
            tombstoneTimeout = c.tombstoneTimeout;
            deadNodeReclaimTime = c.deadNodeReclaimTime;
            disableTcpPings = c.disableTcpPings;
            packetSize = c.packetSize;
            label = c.label;
            guard = c.guard;
            keyring = c.keyring;
            verifyIncoming = c.verifyIncoming;
            verifyOutgoing = c.verifyOutgoing;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder advertise(NodeAddress v) { advertise = v; return this; }
        public Builder cluster(String v) { cluster = v; return this; }
        public Builder datacenter(String v) { datacenter = v; return this; }
        public Builder role(String v) { role = v; return this; }
        public Builder pool(Pool v) { pool = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v; return this; }
        public Builder probeInterval(Duration v) { probeInterval = v; return this; }
        public Builder probeTimeout(Duration v) { probeTimeout = v; return this; }
        public Builder indirectChecks(int v) { indirectChecks = v; return this; }
        public Builder retransmitMult(int v) { retransmitMult = v; return this; }
        public Builder suspicionMult(int v) { suspicionMult = v; return this; }
        public Builder suspicionMaxTimeoutMult(int v) { suspicionMaxTimeoutMult = v; return this; }
        public Builder awarenessMaxMultiplier(int v) { awarenessMaxMultiplier = v; return this; }
        public Builder gossipInterval(Duration v) { gossipInterval = v; return this; }
        public Builder gossipNodes(int v) { gossipNodes = v; return this; }
        public Builder gossipToTheDeadTime(Duration v) { gossipToTheDeadTime = v; return this; }
        public Builder pushPullInterval(Duration v) { pushPullInterval = v; return this; }
        public Builder tcpTimeout(Duration v) { tcpTimeout = v; return this; }
        public Builder reconnectInterval(Duration v) { reconnectInterval = v; return this; }
        public Builder reconnectTimeout(Duration v) { reconnectTimeout = v; return this; }
        public Builder tombstoneTimeout(Duration v) { tombstoneTimeout = v; return this; }
        public Builder deadNodeReclaimTime(Duration v) { deadNodeReclaimTime = v; return this; }
        public Builder disableTcpPings(boolean v) { disableTcpPings = v; return this; }
        public Builder packetSize(int v) { packetSize = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder guard(boolean v) { guard = v; return this; }
        /** Encryption with these keys (verify-incoming and verify-outgoing default to true). */
        public Builder keyring(Keyring v) { keyring = Optional.of(v); return this; }
        /** No encryption. */
        public Builder noKeyring() { keyring = Optional.empty(); return this; }
        public Builder verifyIncoming(boolean v) { verifyIncoming = v; return this; }
        public Builder verifyOutgoing(boolean v) { verifyOutgoing = v; return this; }

        public SwimConfig build() {
            return new SwimConfig(name, advertise, cluster, datacenter, role, pool, tags, probeInterval,
                    probeTimeout, indirectChecks, retransmitMult, suspicionMult, suspicionMaxTimeoutMult,
                    awarenessMaxMultiplier, gossipInterval, gossipNodes, gossipToTheDeadTime, pushPullInterval,
                    tcpTimeout, reconnectInterval, reconnectTimeout, tombstoneTimeout, deadNodeReclaimTime,
                    disableTcpPings, packetSize, label, guard, keyring, verifyIncoming, verifyOutgoing);
        }
    }
}
