package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.Pool;
import io.gossamer.swim.Profile;
import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.WireLimits;
import io.gossamer.swim.wire.WireText;

import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every Gossamer setting, read once from MicroProfile Config and checked against the ranges that
 * {@link GossamerConfig} documents. Timing values left unset hold the chosen profile's value.
 *
 * <p>Create one with {@link #from(Config)}; all bad values are reported together by an
 * {@link InvalidConfigurationException}.
 *
 * <p>Two pools: every node is in the LAN pool ({@link #toSwimConfig}); a {@linkplain #server()
 * server} is also in the cluster's WAN pool ({@link #toWanSwimConfig}), configured by {@link #wan()}.
 * The WAN settings are read and checked on every node, so a malformed value fails a client's
 * deployment too; the checks that combine them with the LAN settings (ports, advertise port) only
 * apply to servers, the only nodes that bind them.
 *
 * @param enabled                 {@value GossamerConfig#ENABLED}
 * @param cluster                 {@value GossamerConfig#CLUSTER}
 * @param datacenter              {@value GossamerConfig#DATACENTER}
 * @param nodeName                {@value GossamerConfig#NODE_NAME}, the default filled in
 * @param bindAddress             {@value GossamerConfig#BIND_ADDRESS}
 * @param bindPort                {@value GossamerConfig#BIND_PORT}
 * @param advertiseAddress        {@value GossamerConfig#ADVERTISE_ADDRESS}, if set
 * @param advertisePort           {@value GossamerConfig#ADVERTISE_PORT}, if set
 * @param seeds                   {@value GossamerConfig#SEEDS}
 * @param role                    {@value GossamerConfig#ROLE}
 * @param profile                 {@value GossamerConfig#PROFILE}
 * @param probeInterval           {@value GossamerConfig#PROBE_INTERVAL}
 * @param probeTimeout            {@value GossamerConfig#PROBE_TIMEOUT}
 * @param indirectChecks          {@value GossamerConfig#INDIRECT_CHECKS}
 * @param retransmitMult          {@value GossamerConfig#RETRANSMIT_MULT}
 * @param suspicionMult           {@value GossamerConfig#SUSPICION_MULT}
 * @param suspicionMaxTimeoutMult {@value GossamerConfig#SUSPICION_MAX_TIMEOUT_MULT}
 * @param awarenessMaxMultiplier  {@value GossamerConfig#AWARENESS_MAX_MULTIPLIER}
 * @param gossipInterval          {@value GossamerConfig#GOSSIP_INTERVAL}
 * @param gossipNodes             {@value GossamerConfig#GOSSIP_NODES}
 * @param gossipToTheDeadTime     {@value GossamerConfig#GOSSIP_TO_THE_DEAD_TIME}
 * @param pushPullInterval        {@value GossamerConfig#PUSH_PULL_INTERVAL}
 * @param tcpTimeout              {@value GossamerConfig#TCP_TIMEOUT}
 * @param reconnectInterval       {@value GossamerConfig#RECONNECT_INTERVAL}
 * @param reconnectTimeout        {@value GossamerConfig#RECONNECT_TIMEOUT}
 * @param tombstoneTimeout        {@value GossamerConfig#TOMBSTONE_TIMEOUT}
 * @param deadNodeReclaimTime     {@value GossamerConfig#DEAD_NODE_RECLAIM_TIME}
 * @param disableTcpPings         {@value GossamerConfig#DISABLE_TCP_PINGS}
 * @param packetSize              {@value GossamerConfig#PACKET_SIZE}
 * @param tags                    the {@value GossamerConfig#TAGS_PREFIX}{@code <name>} values
 * @param leaveTimeout            {@value GossamerConfig#LEAVE_TIMEOUT}
 * @param readinessMinMembers     {@value GossamerConfig#READINESS_MIN_MEMBERS}
 * @param wan                     the {@code gossamer.wan.*} keys, defaults filled in
 * @param guardEnabled            {@value GossamerConfig#GUARD_ENABLED}
 * @param encryption              the {@code gossamer.encrypt.*} keys
 */
public record GossamerSettings(
        boolean enabled,
        String cluster,
        String datacenter,
        String nodeName,
        String bindAddress,
        int bindPort,
        Optional<String> advertiseAddress,
        OptionalInt advertisePort,
        List<String> seeds,
        String role,
        Profile profile,
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
        Map<String, String> tags,
        Duration leaveTimeout,
        int readinessMinMembers,
        Wan wan,
        boolean guardEnabled,
        Encryption encryption) {

    /** Default {@value GossamerConfig#BIND_PORT}. */
    public static final int DEFAULT_PORT = SwimNodeOptions.DEFAULT_LAN_PORT;
    /** Default {@value GossamerConfig#WAN_BIND_PORT}. */
    public static final int DEFAULT_WAN_PORT = SwimNodeOptions.DEFAULT_WAN_PORT;
    /** {@value GossamerConfig#ROLE} of a node that is also in the WAN pool. */
    public static final String SERVER = "server";
    /** {@value GossamerConfig#ROLE} of a node that is in its LAN pool only; the default. */
    public static final String CLIENT = "client";

    /**
     * The WAN pool's settings: the {@code gossamer.wan.*} keys. Read on every node, used by
     * servers only. Timings are not here: the WAN pool takes all of them from {@link #profile()}.
     *
     * @param bindAddress      {@value GossamerConfig#WAN_BIND_ADDRESS}; the LAN bind address when unset
     * @param bindPort         {@value GossamerConfig#WAN_BIND_PORT}
     * @param advertiseAddress {@value GossamerConfig#WAN_ADVERTISE_ADDRESS}, if set (the LAN
     *                         advertise address applies when it is not: see
     *                         {@link GossamerSettings#wanAdvertiseAddress()})
     * @param advertisePort    {@value GossamerConfig#WAN_ADVERTISE_PORT}, if set
     * @param seeds            {@value GossamerConfig#WAN_SEEDS}
     * @param profile          {@value GossamerConfig#WAN_PROFILE}
     */
    public record Wan(
            String bindAddress,
            int bindPort,
            Optional<String> advertiseAddress,
            OptionalInt advertisePort,
            List<String> seeds,
            Profile profile) {

        public Wan {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(advertiseAddress, "advertiseAddress");
            Objects.requireNonNull(advertisePort, "advertisePort");
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(profile, "profile");
        }
    }

    /**
     * The {@code gossamer.encrypt.*} keys. Its {@code toString} names keys by fingerprint only.
     *
     * @param keyring        {@value GossamerConfig#ENCRYPT_KEYS} or the keys of
     *                       {@value GossamerConfig#ENCRYPT_KEY_FILE}; empty: encryption off
     * @param verifyIncoming {@value GossamerConfig#ENCRYPT_VERIFY_INCOMING}, {@code false} without keys
     * @param verifyOutgoing {@value GossamerConfig#ENCRYPT_VERIFY_OUTGOING}, {@code false} without keys
     */
    public record Encryption(Optional<Keyring> keyring, boolean verifyIncoming, boolean verifyOutgoing) {

        /** No keys: nothing sealed, nothing opened. */
        public static final Encryption OFF = new Encryption(Optional.empty(), false, false);

        public Encryption {
            Objects.requireNonNull(keyring, "keyring");
        }
    }

    /** The largest key file read: a keyring of 16 keys with comments fits many times over. */
    static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Duration MAX_DAYS = Duration.ofDays(365);

    public GossamerSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(advertiseAddress, "advertiseAddress");
        Objects.requireNonNull(advertisePort, "advertisePort");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(profile, "profile");
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        Objects.requireNonNull(leaveTimeout, "leaveTimeout");
        Objects.requireNonNull(wan, "wan");
        Objects.requireNonNull(encryption, "encryption");
    }

    /**
     * Reads and checks every {@code gossamer.*} key. When {@value GossamerConfig#ENABLED} is
     * {@code false}, nothing else is read (the node will not start, so the rest cannot be wrong).
     *
     * @throws InvalidConfigurationException listing every bad value
     */
    public static GossamerSettings from(Config config) {
        Objects.requireNonNull(config, "config");
        Reader r = new Reader(config);
        boolean enabled = r.bool(GossamerConfig.ENABLED, true);
        if (!enabled) {
            r.throwIfAny();
            return disabled();
        }
        String cluster = r.name(GossamerConfig.CLUSTER, "default", CLUSTER_NAME, 64);
        String datacenter = r.name(GossamerConfig.DATACENTER, "dc1", CLUSTER_NAME, 64);
        String bindAddress = r.ip(GossamerConfig.BIND_ADDRESS).orElse("0.0.0.0");
        int bindPort = r.integer(GossamerConfig.BIND_PORT, DEFAULT_PORT, 0, 65_535);
        String nodeName = r.name(GossamerConfig.NODE_NAME, null, NODE_NAME, 128);
        if (nodeName == null) {
            nodeName = defaultNodeName(bindPort);
        }
        Optional<String> advertiseAddress = r.ip(GossamerConfig.ADVERTISE_ADDRESS);
        OptionalInt advertisePort = r.optionalInteger(GossamerConfig.ADVERTISE_PORT, 1, 65_535);
        if (advertiseAddress.isPresent() && advertisePort.isEmpty() && bindPort == 0 && !isWildcard(bindAddress)) {
            r.problem(GossamerConfig.ADVERTISE_PORT + " is not set: it is required when "
                    + GossamerConfig.ADVERTISE_ADDRESS + " is set, " + GossamerConfig.BIND_PORT
                    + " is 0 and " + GossamerConfig.BIND_ADDRESS + " names one address");
        }
        List<String> seeds = r.seeds(GossamerConfig.SEEDS);
        String role = r.choice(GossamerConfig.ROLE, CLIENT, List.of(SERVER, CLIENT));
        String profileName = r.choice(GossamerConfig.PROFILE, "lan", List.of("lan", "wan", "local"));
        Profile profile = Profile.valueOf(profileName.toUpperCase(Locale.ROOT));
        SwimConfig d = SwimConfig.builder(profile).build();

        Duration ms1 = Duration.ofMillis(1);
        Duration minute = Duration.ofMinutes(1);
        Duration day = Duration.ofHours(24);
        Duration probeInterval = r.duration(GossamerConfig.PROBE_INTERVAL, d.probeInterval(), Duration.ofMillis(10),
                minute);
        Duration probeTimeout = r.duration(GossamerConfig.PROBE_TIMEOUT, d.probeTimeout(), ms1, minute);
        if (probeTimeout.compareTo(probeInterval) >= 0) {
            r.problem(GossamerConfig.PROBE_TIMEOUT + "=" + Durations.format(probeTimeout)
                    + " is not allowed: it must be shorter than " + GossamerConfig.PROBE_INTERVAL
                    + " (" + Durations.format(probeInterval) + ")");
        }
        int indirectChecks = r.integer(GossamerConfig.INDIRECT_CHECKS, d.indirectChecks(), 0, 16);
        int retransmitMult = r.integer(GossamerConfig.RETRANSMIT_MULT, d.retransmitMult(), 1, 100);
        int suspicionMult = r.integer(GossamerConfig.SUSPICION_MULT, d.suspicionMult(), 1, 100);
        int suspicionMaxTimeoutMult = r.integer(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT,
                d.suspicionMaxTimeoutMult(), 1, 100);
        int awarenessMaxMultiplier = r.integer(GossamerConfig.AWARENESS_MAX_MULTIPLIER,
                d.awarenessMaxMultiplier(), 1, 100);
        Duration gossipInterval = r.duration(GossamerConfig.GOSSIP_INTERVAL, d.gossipInterval(), Duration.ZERO, minute);
        int gossipNodes = r.integer(GossamerConfig.GOSSIP_NODES, d.gossipNodes(), 0, 64);
        Duration gossipToTheDeadTime = r.duration(GossamerConfig.GOSSIP_TO_THE_DEAD_TIME, d.gossipToTheDeadTime(),
                Duration.ZERO, day);
        Duration pushPullInterval = r.duration(GossamerConfig.PUSH_PULL_INTERVAL, d.pushPullInterval(),
                Duration.ZERO, day);
        Duration tcpTimeout = r.duration(GossamerConfig.TCP_TIMEOUT, d.tcpTimeout(), ms1, Duration.ofMinutes(10));
        Duration reconnectInterval = r.duration(GossamerConfig.RECONNECT_INTERVAL, d.reconnectInterval(),
                Duration.ofSeconds(1), day);
        Duration reconnectTimeout = r.duration(GossamerConfig.RECONNECT_TIMEOUT, d.reconnectTimeout(),
                Duration.ZERO, MAX_DAYS);
        Duration tombstoneTimeout = r.duration(GossamerConfig.TOMBSTONE_TIMEOUT, d.tombstoneTimeout(),
                Duration.ZERO, MAX_DAYS);
        Duration deadNodeReclaimTime = r.duration(GossamerConfig.DEAD_NODE_RECLAIM_TIME, d.deadNodeReclaimTime(),
                Duration.ZERO, MAX_DAYS);
        boolean disableTcpPings = r.bool(GossamerConfig.DISABLE_TCP_PINGS, d.disableTcpPings());
        int packetSize = r.integer(GossamerConfig.PACKET_SIZE, d.packetSize(),
                SwimConfig.MIN_PACKET_SIZE, SwimConfig.MAX_PACKET_SIZE);
        Map<String, String> tags = r.tags();
        Duration leaveTimeout = r.duration(GossamerConfig.LEAVE_TIMEOUT, Duration.ofSeconds(5), Duration.ZERO,
                Duration.ofMinutes(10));
        int readinessMinMembers = r.integer(GossamerConfig.READINESS_MIN_MEMBERS, 1, 1, 100_000);
        Wan wan = readWan(r, bindAddress);
        if (role.equals(SERVER)) {
            checkWanAgainstLan(r, wan, bindAddress, bindPort, advertiseAddress);
        }
        boolean guardEnabled = r.bool(GossamerConfig.GUARD_ENABLED, true);
        Encryption encryption = r.encryption();
        r.throwIfAny();
        return new GossamerSettings(true, cluster, datacenter, nodeName, bindAddress, bindPort, advertiseAddress,
                advertisePort, seeds, role, profile, probeInterval, probeTimeout, indirectChecks, retransmitMult,
                suspicionMult, suspicionMaxTimeoutMult, awarenessMaxMultiplier, gossipInterval, gossipNodes,
                gossipToTheDeadTime, pushPullInterval, tcpTimeout, reconnectInterval, reconnectTimeout,
                tombstoneTimeout, deadNodeReclaimTime, disableTcpPings, packetSize, tags, leaveTimeout,
                readinessMinMembers, wan, guardEnabled, encryption);
    }

    private static Wan readWan(Reader r, String lanBindAddress) {
        String bindAddress = r.ip(GossamerConfig.WAN_BIND_ADDRESS).orElse(lanBindAddress);
        int bindPort = r.integer(GossamerConfig.WAN_BIND_PORT, DEFAULT_WAN_PORT, 0, 65_535);
        Optional<String> advertiseAddress = r.ip(GossamerConfig.WAN_ADVERTISE_ADDRESS);
        OptionalInt advertisePort = r.optionalInteger(GossamerConfig.WAN_ADVERTISE_PORT, 1, 65_535);
        List<String> seeds = r.seeds(GossamerConfig.WAN_SEEDS);
        String profileName = r.choice(GossamerConfig.WAN_PROFILE, "wan", List.of("lan", "wan", "local"));
        Profile profile = Profile.valueOf(profileName.toUpperCase(Locale.ROOT));
        return new Wan(bindAddress, bindPort, advertiseAddress, advertisePort, seeds, profile);
    }

    /** The checks that only matter where the WAN pool is bound, next to the LAN pool: on a server. */
    private static void checkWanAgainstLan(Reader r, Wan wan, String lanBindAddress, int lanBindPort,
                                           Optional<String> lanAdvertiseAddress) {
        if (wan.bindPort() != 0 && wan.bindPort() == lanBindPort && overlap(wan.bindAddress(), lanBindAddress)) {
            r.problem(GossamerConfig.WAN_BIND_PORT + "=" + wan.bindPort() + " is not allowed: a server binds its"
                    + " WAN pool on a port of its own, so it must differ from " + GossamerConfig.BIND_PORT + " ("
                    + lanBindPort + ") when both bind the same address (" + GossamerConfig.WAN_BIND_ADDRESS + "="
                    + wan.bindAddress() + ", " + GossamerConfig.BIND_ADDRESS + "=" + lanBindAddress + ")");
        }
        boolean advertised = wan.advertiseAddress().or(() -> lanAdvertiseAddress).isPresent();
        if (advertised && wan.advertisePort().isEmpty() && wan.bindPort() == 0 && !isWildcard(wan.bindAddress())) {
            r.problem(GossamerConfig.WAN_ADVERTISE_PORT + " is not set: on a server it is required when an advertise"
                    + " address applies to the WAN pool (" + GossamerConfig.WAN_ADVERTISE_ADDRESS + ", or else "
                    + GossamerConfig.ADVERTISE_ADDRESS + "), " + GossamerConfig.WAN_BIND_PORT + " is 0 and "
                    + GossamerConfig.WAN_BIND_ADDRESS + " names one address");
        }
    }

    /** Whether sockets bound on both addresses with one port would clash. */
    private static boolean overlap(String a, String b) {
        return isWildcard(a) || isWildcard(b) || normalize(a).equals(normalize(b));
    }

    private static String normalize(String address) {
        try {
            // Literals only (checked when read): this never looks a name up.
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** The keys of the WAN pool, which only a server reads. */
    static final List<String> WAN_KEYS = List.of(GossamerConfig.WAN_BIND_ADDRESS, GossamerConfig.WAN_BIND_PORT,
            GossamerConfig.WAN_ADVERTISE_ADDRESS, GossamerConfig.WAN_ADVERTISE_PORT, GossamerConfig.WAN_SEEDS,
            GossamerConfig.WAN_PROFILE);

    /**
     * The {@code gossamer.wan.*} keys set in {@code config}, however they are set: a client
     * ignores them, and the extension says so. Each key is looked up rather than the property
     * names listed, so that the environment's {@code GOSSAMER_WAN_SEEDS} counts too.
     */
    public static List<String> wanKeysSet(Config config) {
        List<String> set = new ArrayList<>();
        for (String key : WAN_KEYS) {
            boolean present;
            try {
                present = config.getOptionalValue(key, String.class).isPresent();
            } catch (RuntimeException e) {
                // Set, but not readable: from() has reported it already.
                present = true;
            }
            if (present) {
                set.add(key);
            }
        }
        Collections.sort(set);
        return set;
    }

    /**
     * The {@code gossamer.*} property names that are no key of {@link GossamerConfig} (nor a
     * tag): most likely typos, which would otherwise be silently ignored.
     */
    public static List<String> unknownKeys(Config config) {
        Set<String> known = new HashSet<>();
        for (Field f : GossamerConfig.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    known.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(GossamerConfig.PREFIX) && !known.contains(name)
                    && !name.startsWith(GossamerConfig.TAGS_PREFIX)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return unknown;
    }

    /** Settings of a node that does not start: every value is the {@code lan} default. */
    private static GossamerSettings disabled() {
        SwimConfig d = SwimConfig.builder(Profile.LAN).build();
        return new GossamerSettings(false, "default", "dc1", "disabled", "0.0.0.0", DEFAULT_PORT, Optional.empty(),
                OptionalInt.empty(), List.of(), "server", Profile.LAN, d.probeInterval(), d.probeTimeout(),
                d.indirectChecks(), d.retransmitMult(), d.suspicionMult(), d.suspicionMaxTimeoutMult(),
                d.awarenessMaxMultiplier(), d.gossipInterval(), d.gossipNodes(), d.gossipToTheDeadTime(),
                d.pushPullInterval(), d.tcpTimeout(), d.reconnectInterval(), d.reconnectTimeout(),
                d.tombstoneTimeout(), d.deadNodeReclaimTime(), d.disableTcpPings(), d.packetSize(), Map.of(),
                Duration.ofSeconds(5), 1,
                new Wan("0.0.0.0", DEFAULT_WAN_PORT, Optional.empty(), OptionalInt.empty(), List.of(), Profile.WAN),
                true, Encryption.OFF);
    }

    /**
     * The key file, if one is configured and other users of the host may read it (POSIX
     * permissions): worth a warning, not a failure.
     */
    public static Optional<Path> keyFileReadableByOthers(Config config) {
        try {
            Optional<String> file = config.getOptionalValue(GossamerConfig.ENCRYPT_KEY_FILE, String.class)
                    .map(String::strip).filter(f -> !f.isEmpty());
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Path path = Path.of(file.get());
            var permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                    || permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    ? Optional.of(path) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this node is a server, and so also in the cluster's WAN pool. */
    public boolean server() {
        return role.equals(SERVER);
    }

    /** The local member's name in the WAN pool: {@code <node name>.<datacenter>}. */
    public String wanNodeName() {
        return nodeName + "." + datacenter;
    }

    /**
     * The address the WAN pool is advertised on, when configured: {@value GossamerConfig#WAN_ADVERTISE_ADDRESS},
     * else {@value GossamerConfig#ADVERTISE_ADDRESS} (an address given for a node behind NAT
     * usually holds for both pools, as Consul's {@code advertise_addr_wan} defaults to
     * {@code advertise_addr}).
     */
    public Optional<String> wanAdvertiseAddress() {
        return wan.advertiseAddress().or(() -> advertiseAddress);
    }

    /**
     * The configuration of the LAN pool's engine.
     *
     * @param hostAddress the address to announce when binding every address and no advertise
     *                    address is set
     */
    public SwimConfig toSwimConfig(String hostAddress) {
        return engine(profile, Pool.LAN, nodeName)
                .advertise(announced(bindAddress, bindPort, advertiseAddress, advertisePort, hostAddress))
                .probeInterval(probeInterval)
                .probeTimeout(probeTimeout)
                .indirectChecks(indirectChecks)
                .retransmitMult(retransmitMult)
                .suspicionMult(suspicionMult)
                .suspicionMaxTimeoutMult(suspicionMaxTimeoutMult)
                .awarenessMaxMultiplier(awarenessMaxMultiplier)
                .gossipInterval(gossipInterval)
                .gossipNodes(gossipNodes)
                .gossipToTheDeadTime(gossipToTheDeadTime)
                .pushPullInterval(pushPullInterval)
                .tcpTimeout(tcpTimeout)
                .build();
    }

    /**
     * The configuration of the WAN pool's engine (meaningful on a {@linkplain #server() server}):
     * member {@code <node name>.<datacenter>}, pool WAN, every timing from the WAN profile. What is
     * not a timing (tags, packet size, TCP pings, how long dead and left members are remembered)
     * is the node's, as in the LAN pool.
     *
     * @param hostAddress the address to announce when binding every address and no advertise
     *                    address applies
     */
    public SwimConfig toWanSwimConfig(String hostAddress) {
        return engine(wan.profile(), Pool.WAN, wanNodeName())
                .advertise(announced(wan.bindAddress(), wan.bindPort(), wanAdvertiseAddress(), wan.advertisePort(),
                        hostAddress))
                .build();
    }

    /** What both pools' engines share: the local member's identity and the node-wide settings. */
    private SwimConfig.Builder engine(Profile timings, Pool pool, String name) {
        SwimConfig.Builder b = SwimConfig.builder(timings)
                .name(name)
                .cluster(cluster)
                .datacenter(datacenter)
                .role(role)
                .pool(pool)
                .tags(tags)
                .reconnectInterval(reconnectInterval)
                .reconnectTimeout(reconnectTimeout)
                .tombstoneTimeout(tombstoneTimeout)
                .deadNodeReclaimTime(deadNodeReclaimTime)
                .disableTcpPings(disableTcpPings)
                .packetSize(packetSize)
                .guard(guardEnabled)
                .verifyIncoming(encryption.verifyIncoming())
                .verifyOutgoing(encryption.verifyOutgoing());
        encryption.keyring().ifPresent(b::keyring);
        return b;
    }

    private static NodeAddress announced(String bindAddress, int bindPort, Optional<String> advertiseAddress,
                                         OptionalInt advertisePort, String hostAddress) {
        String host = advertiseAddress.orElse(isWildcard(bindAddress) ? hostAddress : bindAddress);
        // The port is the bound one unless advertised explicitly (see SwimNodeOptions#advertise).
        return new NodeAddress(host, advertisePort.orElse(Math.max(bindPort, 1)));
    }

    /**
     * The address the LAN pool's peers are told to use, when it is fixed by configuration: both
     * an advertise port and an address (the advertise address, or the bind address unless it is a
     * wildcard).
     */
    public Optional<NodeAddress> fixedAdvertise(String hostAddress) {
        return fixedAdvertise(bindAddress, bindPort, advertiseAddress, advertisePort, hostAddress);
    }

    /** {@link #fixedAdvertise(String)} of the WAN pool. */
    public Optional<NodeAddress> wanFixedAdvertise(String hostAddress) {
        return fixedAdvertise(wan.bindAddress(), wan.bindPort(), wanAdvertiseAddress(), wan.advertisePort(),
                hostAddress);
    }

    private static Optional<NodeAddress> fixedAdvertise(String bindAddress, int bindPort,
                                                        Optional<String> advertiseAddress, OptionalInt advertisePort,
                                                        String hostAddress) {
        if (advertisePort.isEmpty()) {
            if (advertiseAddress.isPresent() && !isWildcard(bindAddress) && bindPort != 0) {
                return Optional.of(new NodeAddress(advertiseAddress.get(), bindPort));
            }
            return Optional.empty();
        }
        String host = advertiseAddress.orElse(isWildcard(bindAddress) ? hostAddress : bindAddress);
        return Optional.of(new NodeAddress(host, advertisePort.getAsInt()));
    }

    static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * Host name and port, which is unique per host as long as ports are fixed; with port 0 the
     * port is not known yet, so the process id and a random suffix take its place.
     */
    static String defaultNodeName(int bindPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("gossamer");
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        String suffix = bindPort != 0 ? "-" + bindPort
                : "-" + ProcessHandle.current().pid() + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        int room = 128 - suffix.length();
        if (host.isEmpty()) {
            host = "gossamer";
        }
        return (host.length() > room ? host.substring(0, room) : host) + suffix;
    }

    /** Reads keys, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private final Config config;
        private final List<String> problems = new ArrayList<>();

        Reader(Config config) {
            this.config = config;
        }

        void problem(String message) {
            problems.add(message);
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
        }

        private Optional<String> raw(String key) {
            try {
                return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
            } catch (RuntimeException e) {
                // An unresolvable expression such as ${missing}: MP Config cannot even give us the text.
                problems.add(key + " cannot be read: " + e.getMessage());
                return Optional.empty();
            }
        }

        private void bad(String key, String value, String allowed) {
            problems.add(key + "='" + value + "' is not allowed: expected " + allowed);
        }

        boolean bool(String key, boolean def) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return def;
            }
            String s = v.get().toLowerCase(Locale.ROOT);
            if (s.equals("true")) {
                return true;
            }
            if (s.equals("false")) {
                return false;
            }
            bad(key, v.get(), "true or false");
            return def;
        }

        String name(String key, String def, Pattern pattern, int max) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return def;
            }
            if (!pattern.matcher(v.get()).matches()) {
                bad(key, v.get(), "1 to " + max + " characters among A-Z a-z 0-9 . _ -");
                return def;
            }
            return v.get();
        }

        Optional<String> ip(String key) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return v;
            }
            String s = v.get();
            if (IPV4.matcher(s).matches()) {
                return v;
            }
            if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
                try {
                    // A string made of hex digits, colons and dots is parsed as a literal, never looked up.
                    InetAddress.getByName(s);
                    return v;
                } catch (UnknownHostException e) {
                    // fall through to the problem
                }
            }
            bad(key, s, "an IPv4 or IPv6 address literal (e.g. 10.0.0.5, 0.0.0.0, ::1)");
            return Optional.empty();
        }

        int integer(String key, int def, int min, int max) {
            OptionalInt v = optionalInteger(key, min, max);
            return v.isPresent() ? v.getAsInt() : def;
        }

        OptionalInt optionalInteger(String key, int min, int max) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return OptionalInt.empty();
            }
            String allowed = "an integer from " + min + " to " + max;
            try {
                int n = Integer.parseInt(v.get());
                if (n < min || n > max) {
                    bad(key, v.get(), allowed);
                    return OptionalInt.empty();
                }
                return OptionalInt.of(n);
            } catch (NumberFormatException e) {
                bad(key, v.get(), allowed);
                return OptionalInt.empty();
            }
        }

        String choice(String key, String def, List<String> allowed) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return def;
            }
            String s = v.get().toLowerCase(Locale.ROOT);
            if (!allowed.contains(s)) {
                bad(key, v.get(), "one of " + String.join(", ", allowed));
                return def;
            }
            return s;
        }

        Duration duration(String key, Duration def, Duration min, Duration max) {
            Optional<String> v = raw(key);
            if (v.isEmpty()) {
                return def;
            }
            String allowed = Durations.FORMAT + ", from " + Durations.format(min) + " to " + Durations.format(max);
            Duration d;
            try {
                d = Durations.parse(v.get());
            } catch (IllegalArgumentException e) {
                bad(key, v.get(), allowed);
                return def;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                bad(key, v.get(), allowed);
                return def;
            }
            return d;
        }

        List<String> seeds(String key) {
            List<String> values;
            try {
                values = config.getOptionalValues(key, String.class).orElse(List.of());
            } catch (RuntimeException e) {
                problems.add(key + " cannot be read: " + e.getMessage());
                return List.of();
            }
            List<String> seeds = new ArrayList<>();
            for (String raw : values) {
                String s = raw.strip();
                if (s.isEmpty()) {
                    continue;
                }
                String why = seedProblem(s);
                if (why != null) {
                    problems.add(key + " has a bad seed '" + s + "': " + why
                            + "; expected host, host:port, [IPv6] or [IPv6]:port, comma-separated");
                } else {
                    seeds.add(s);
                }
            }
            return seeds;
        }

        private static String seedProblem(String s) {
            String host;
            String port = null;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 2) {
                    return "unterminated [IPv6] address";
                }
                host = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return "expected ':port' after ']'";
                    }
                    port = rest.substring(1);
                }
                if (!IPV6_CHARS.matcher(host).matches()) {
                    return "not an IPv6 address between brackets";
                }
            } else {
                int colon = s.indexOf(':');
                if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                    // A bare IPv6 literal: it cannot carry a port.
                    return IPV6_CHARS.matcher(s).matches() ? null : "not an IPv6 address";
                }
                host = colon < 0 ? s : s.substring(0, colon);
                port = colon < 0 ? null : s.substring(colon + 1);
                if (!HOST_NAME.matcher(host).matches()) {
                    return "not a host name or address";
                }
            }
            if (port != null) {
                try {
                    int p = Integer.parseInt(port);
                    if (p < 1 || p > 65_535) {
                        return "port must be from 1 to 65535";
                    }
                } catch (NumberFormatException e) {
                    return "port is not a number";
                }
            }
            return null;
        }

        /**
         * The {@code gossamer.encrypt.*} keys. Problems name a bad key by its position and source
         * (the key, or the file and line), never by its value.
         */
        Encryption encryption() {
            List<String> inline;
            try {
                inline = config.getOptionalValues(GossamerConfig.ENCRYPT_KEYS, String.class).orElse(List.of())
                        .stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
            } catch (RuntimeException e) {
                // Not the message: it might quote the value.
                problems.add(GossamerConfig.ENCRYPT_KEYS + " cannot be read (" + e.getClass().getSimpleName() + ")");
                inline = List.of();
            }
            Optional<String> file = raw(GossamerConfig.ENCRYPT_KEY_FILE);
            Optional<Keyring> keyring = Optional.empty();
            if (!inline.isEmpty() && file.isPresent()) {
                problems.add(GossamerConfig.ENCRYPT_KEYS + " and " + GossamerConfig.ENCRYPT_KEY_FILE
                        + " are both set: set one of them");
            } else if (!inline.isEmpty()) {
                List<String> sources = new ArrayList<>();
                for (int i = 0; i < inline.size(); i++) {
                    sources.add(GossamerConfig.ENCRYPT_KEYS);
                }
                keyring = keyring(inline, sources, GossamerConfig.ENCRYPT_KEYS);
            } else if (file.isPresent()) {
                keyring = keyFile(file.get());
            }
            boolean keys = keyring.isPresent();
            Optional<String> incomingRaw = raw(GossamerConfig.ENCRYPT_VERIFY_INCOMING);
            Optional<String> outgoingRaw = raw(GossamerConfig.ENCRYPT_VERIFY_OUTGOING);
            boolean incoming = bool(GossamerConfig.ENCRYPT_VERIFY_INCOMING, keys);
            boolean outgoing = bool(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, keys);
            boolean anyKeyGiven = !inline.isEmpty() || file.isPresent();
            if (!anyKeyGiven) {
                for (var flag : List.of(Map.entry(GossamerConfig.ENCRYPT_VERIFY_INCOMING, incomingRaw),
                        Map.entry(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, outgoingRaw))) {
                    if (flag.getValue().map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
                        problems.add(flag.getKey() + "=true needs keys: set " + GossamerConfig.ENCRYPT_KEYS + " or "
                                + GossamerConfig.ENCRYPT_KEY_FILE + " (without keys nothing is sealed)");
                    }
                }
                return Encryption.OFF;
            }
            if (incoming && !outgoing) {
                problems.add(GossamerConfig.ENCRYPT_VERIFY_INCOMING + "=true needs "
                        + GossamerConfig.ENCRYPT_VERIFY_OUTGOING + "=true: a node that accepts sealed input only "
                        + "must seal its own (turn verify-outgoing on everywhere first, then verify-incoming)");
            }
            return new Encryption(keyring, incoming, outgoing);
        }

        /** Keys from a file: one base64 key per line, blank lines and {@code #} comments ignored. */
        private Optional<Keyring> keyFile(String name) {
            String what = GossamerConfig.ENCRYPT_KEY_FILE + " (" + name + ")";
            List<String> lines;
            try {
                Path path = Path.of(name);
                if (!Files.isRegularFile(path)) {
                    problems.add(what + " is not a readable file");
                    return Optional.empty();
                }
                if (Files.size(path) > MAX_KEY_FILE_BYTES) {
                    problems.add(what + " is larger than " + MAX_KEY_FILE_BYTES + " bytes: not a key file");
                    return Optional.empty();
                }
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException | SecurityException e) {
                problems.add(what + " cannot be read: " + e.getClass().getSimpleName());
                return Optional.empty();
            }
            List<String> keys = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    keys.add(line);
                    sources.add(GossamerConfig.ENCRYPT_KEY_FILE + " (" + name + ", line " + (i + 1) + ")");
                }
            }
            if (keys.isEmpty()) {
                problems.add(what + " holds no key: expected one base64 key per line, the primary first");
                return Optional.empty();
            }
            return keyring(keys, sources, what);
        }

        /** The keyring of {@code keys} (base64), each problem naming the key's source and position. */
        private Optional<Keyring> keyring(List<String> keys, List<String> sources, String what) {
            List<byte[]> decoded = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < keys.size(); i++) {
                try {
                    decoded.add(Keyring.decode(keys.get(i), i + 1));
                } catch (IllegalArgumentException e) {
                    // Keyring's messages name the key by position only ("key #2 is 20 bytes ...").
                    problems.add(sources.get(i) + ": " + e.getMessage());
                    ok = false;
                }
            }
            if (!ok) {
                return Optional.empty();
            }
            try {
                return Optional.of(Keyring.of(decoded.get(0), decoded.subList(1, decoded.size()).toArray(byte[][]::new)));
            } catch (IllegalArgumentException e) {
                problems.add(what + ": " + e.getMessage());
                return Optional.empty();
            } finally {
                decoded.forEach(k -> java.util.Arrays.fill(k, (byte) 0));
            }
        }

        Map<String, String> tags() {
            Map<String, String> tags = new TreeMap<>();
            for (String name : config.getPropertyNames()) {
                if (!name.startsWith(GossamerConfig.TAGS_PREFIX)) {
                    continue;
                }
                String tag = name.substring(GossamerConfig.TAGS_PREFIX.length());
                if (tag.isEmpty()) {
                    problems.add(name + " has no tag name: expected " + GossamerConfig.TAGS_PREFIX + "<name>=<value>");
                    continue;
                }
                Optional<String> v;
                try {
                    v = config.getOptionalValue(name, String.class);
                } catch (RuntimeException e) {
                    problems.add(name + " cannot be read: " + e.getMessage());
                    continue;
                }
                // An empty value is a tag with an empty value, not a missing one.
                String value = v.orElse("");
                String why = WireText.identifierProblem(tag);
                if (why != null) {
                    problems.add(name + ": the tag name " + why + "; peers would drop it");
                    continue;
                }
                why = WireText.textProblem(value);
                if (why != null) {
                    problems.add(name + ": the value " + why + "; peers would drop it");
                    continue;
                }
                tags.put(tag, value);
            }
            try {
                int size = WireLimits.encodedTagsSize(tags);
                if (size > WireLimits.MAX_TAGS_BYTES) {
                    problems.add(GossamerConfig.TAGS_PREFIX + "* take " + size + " bytes encoded (" + tags.keySet()
                            + "), more than allowed: at most " + WireLimits.MAX_TAGS_BYTES
                            + " bytes, counting 2 + UTF-8 length of name and value per tag");
                }
            } catch (IllegalArgumentException e) {
                problems.add(GossamerConfig.TAGS_PREFIX + "* cannot be encoded: " + e.getMessage()
                        + "; expected names and values of at most 255 UTF-8 bytes each, "
                        + WireLimits.MAX_TAGS_BYTES + " bytes in all");
            }
            return tags;
        }
    }
}
