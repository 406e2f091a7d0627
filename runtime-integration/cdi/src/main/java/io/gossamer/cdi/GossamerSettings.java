package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Setting;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.config.Tuning;
import io.gossamer.swim.security.Keyring;

import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Every Gossamer setting, read once from MicroProfile Config and checked against the ranges that
 * {@link GossamerConfig} documents (those of the engine's settings are in its table,
 * {@link Settings}). Timing values left unset hold the chosen profile's value.
 *
 * <p>Create one with {@link #from(Config)}; all bad values are reported together by an
 * {@link InvalidConfigurationException}.
 *
 * <p>Two pools: every node is in the LAN pool; a {@linkplain #server() server} is also in the
 * cluster's WAN pool, configured by {@link #wan()} ({@link EngineConfigs} turns both into the
 * engines' configurations). The WAN settings are read and checked on every node, so a malformed
 * value fails a client's deployment too; the checks that combine them with the LAN settings
 * (ports, advertise port) only apply to servers, the only nodes that bind them.
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
 * @param tuning                  the keys of the engine's table ({@link Settings}), from
 *                                {@value GossamerConfig#PROBE_INTERVAL} to {@value GossamerConfig#PACKET_SIZE}
 * @param tags                    the {@value GossamerConfig#TAGS_PREFIX}{@code <name>} values
 * @param leaveTimeout            {@value GossamerConfig#LEAVE_TIMEOUT}
 * @param readinessMinMembers     {@value GossamerConfig#READINESS_MIN_MEMBERS}
 * @param joinRefusedBackoff      {@value GossamerConfig#JOIN_REFUSED_BACKOFF}
 * @param joinRefusedMaxBackoff   {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}, at least the former
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
        Tuning tuning,
        Map<String, String> tags,
        Duration leaveTimeout,
        int readinessMinMembers,
        Duration joinRefusedBackoff,
        Duration joinRefusedMaxBackoff,
        Wan wan,
        boolean guardEnabled,
        Encryption encryption) {

    /** Default {@value GossamerConfig#BIND_PORT}. */
    public static final int DEFAULT_PORT = SwimConfig.DEFAULT_LAN_PORT;
    /** Default {@value GossamerConfig#WAN_BIND_PORT}. */
    public static final int DEFAULT_WAN_PORT = SwimConfig.DEFAULT_WAN_PORT;
    /** {@value GossamerConfig#ROLE} of a node that is also in the WAN pool. */
    public static final String SERVER = "server";
    /** {@value GossamerConfig#ROLE} of a node that is in its LAN pool only; the default. */
    public static final String CLIENT = "client";
    /** {@value GossamerConfig#LEAVE_TIMEOUT}: a setting of the node, beside the engine's {@link Settings}. */
    public static final Setting<Duration> LEAVE_TIMEOUT = Setting.duration("leaveTimeout",
            GossamerConfig.LEAVE_TIMEOUT, "5s", "0s", "10m");
    /** {@value GossamerConfig#READINESS_MIN_MEMBERS}: a setting of the node, beside the engine's {@link Settings}. */
    public static final Setting<Integer> READINESS_MIN_MEMBERS = Setting.integer("readinessMinMembers",
            GossamerConfig.READINESS_MIN_MEMBERS, 1, 1, 100_000);
    /** {@value GossamerConfig#JOIN_REFUSED_BACKOFF}: a setting of the node, beside the engine's {@link Settings}. */
    public static final Setting<Duration> JOIN_REFUSED_BACKOFF = Setting.duration("joinRefusedBackoff",
            GossamerConfig.JOIN_REFUSED_BACKOFF, "30s", "1ms", "1h");
    /** {@value GossamerConfig#JOIN_REFUSED_MAX_BACKOFF}: a setting of the node, beside the engine's {@link Settings}. */
    public static final Setting<Duration> JOIN_REFUSED_MAX_BACKOFF = Setting.duration("joinRefusedMaxBackoff",
            GossamerConfig.JOIN_REFUSED_MAX_BACKOFF, "5m", "1ms", "24h");

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
        Objects.requireNonNull(tuning, "tuning");
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        Objects.requireNonNull(leaveTimeout, "leaveTimeout");
        Objects.requireNonNull(joinRefusedBackoff, "joinRefusedBackoff");
        Objects.requireNonNull(joinRefusedMaxBackoff, "joinRefusedMaxBackoff");
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
        return SettingsReader.read(Objects.requireNonNull(config, "config"));
    }

    /** Settings of a node that does not start: every value is the {@code lan} default. */
    static GossamerSettings disabled() {
        return new GossamerSettings(false, "default", "dc1", "disabled", "0.0.0.0", DEFAULT_PORT, Optional.empty(),
                OptionalInt.empty(), List.of(), SERVER, Profile.LAN, Tuning.of(Profile.LAN), Map.of(),
                LEAVE_TIMEOUT.defaultFor(Profile.LAN), READINESS_MIN_MEMBERS.defaultFor(Profile.LAN),
                JOIN_REFUSED_BACKOFF.defaultFor(Profile.LAN), JOIN_REFUSED_MAX_BACKOFF.defaultFor(Profile.LAN),
                new Wan("0.0.0.0", DEFAULT_WAN_PORT, Optional.empty(), OptionalInt.empty(), List.of(), Profile.WAN),
                true, Encryption.OFF);
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
}
