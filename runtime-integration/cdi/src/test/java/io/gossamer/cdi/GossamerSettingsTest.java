package io.gossamer.cdi;

import io.gossamer.swim.Profile;
import io.gossamer.swim.SwimConfig;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading settings from MP Config (SmallRye), without a container. */
class GossamerSettingsTest {

    private static Config config(Map<String, String> properties) {
        return config(new PropertiesConfigSource(properties, "test", 500));
    }

    private static Config config(ConfigSource... sources) {
        return new SmallRyeConfigBuilder().withSources(sources).build();
    }

    /** Nothing set: the documented defaults, timings from the lan profile. */
    @Test
    void defaults() {
        GossamerSettings s = GossamerSettings.from(config(Map.of()));
        SwimConfig lan = SwimConfig.builder(Profile.LAN).build();
        assertThat(s.enabled()).isTrue();
        assertThat(s.cluster()).isEqualTo("default");
        assertThat(s.datacenter()).isEqualTo("dc1");
        assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(s.bindPort()).isEqualTo(7946);
        assertThat(s.nodeName()).endsWith("-7946").matches("[A-Za-z0-9._-]{1,128}");
        assertThat(s.advertiseAddress()).isEmpty();
        assertThat(s.advertisePort()).isEmpty();
        assertThat(s.seeds()).isEmpty();
        assertThat(s.role()).isEqualTo("client");
        assertThat(s.server()).isFalse();
        assertThat(s.profile()).isEqualTo(Profile.LAN);
        assertThat(s.probeInterval()).isEqualTo(lan.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.packetSize()).isEqualTo(1400);
        assertThat(s.tags()).isEmpty();
        assertThat(s.leaveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readinessMinMembers()).isEqualTo(1);
        assertThat(s.reconnectTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(s.wan()).isEqualTo(new GossamerSettings.Wan("0.0.0.0", 7947, Optional.empty(), OptionalInt.empty(),
                List.of(), Profile.WAN));
        assertThat(s.guardEnabled()).isTrue();
    }

    /** With port 0 the default name cannot use the port: it is unique per process and start. */
    @Test
    void defaultNameWithEphemeralPortIsUnique() {
        String a = GossamerSettings.from(config(Map.of("gossamer.bind-port", "0"))).nodeName();
        String b = GossamerSettings.from(config(Map.of("gossamer.bind-port", "0"))).nodeName();
        assertThat(a).contains("-" + ProcessHandle.current().pid() + "-").isNotEqualTo(b);
    }

    /** Every key, set. */
    @Test
    void everyKeyIsRead() {
        Map<String, String> p = new HashMap<>();
        p.put("gossamer.cluster", "orders");
        p.put("gossamer.datacenter", "eu-west_1");
        p.put("gossamer.node-name", "node.1");
        p.put("gossamer.bind-address", "::1");
        p.put("gossamer.bind-port", "7000");
        p.put("gossamer.advertise-address", "10.0.0.5");
        p.put("gossamer.advertise-port", "17000");
        p.put("gossamer.seeds", "10.0.0.6:7946, seed.example.internal,[::1]:7000");
        p.put("gossamer.role", "CLIENT");
        p.put("gossamer.profile", "wan");
        p.put("gossamer.probe-interval", "2s");
        p.put("gossamer.probe-timeout", "1500ms");
        p.put("gossamer.indirect-checks", "5");
        p.put("gossamer.retransmit-mult", "6");
        p.put("gossamer.suspicion-mult", "7");
        p.put("gossamer.suspicion-max-timeout-mult", "8");
        p.put("gossamer.awareness-max-multiplier", "9");
        p.put("gossamer.gossip-interval", "0s");
        p.put("gossamer.gossip-nodes", "10");
        p.put("gossamer.gossip-to-the-dead-time", "2m");
        p.put("gossamer.push-pull-interval", "1h");
        p.put("gossamer.tcp-timeout", "3s");
        p.put("gossamer.reconnect-interval", "45s");
        p.put("gossamer.reconnect-timeout", "7d");
        p.put("gossamer.tombstone-timeout", "365d");
        p.put("gossamer.dead-node-reclaim-time", "10m");
        p.put("gossamer.disable-tcp-pings", "TRUE");
        p.put("gossamer.packet-size", "65507");
        p.put("gossamer.tags.zone", "z1");
        p.put("gossamer.tags.version", "");
        p.put("gossamer.leave-timeout", "0s");
        p.put("gossamer.readiness.min-members", "3");
        p.put("gossamer.wan.bind-address", "::");
        p.put("gossamer.wan.bind-port", "7001");
        p.put("gossamer.wan.advertise-address", "203.0.113.5");
        p.put("gossamer.wan.advertise-port", "17001");
        p.put("gossamer.wan.seeds", "198.51.100.7, [2001:db8::1]:7947,wan.example.internal");
        p.put("gossamer.wan.profile", "LOCAL");
        p.put("gossamer.guard.enabled", "false");
        GossamerSettings s = GossamerSettings.from(config(p));
        assertThat(s).isEqualTo(new GossamerSettings(true, "orders", "eu-west_1", "node.1", "::1", 7000,
                Optional.of("10.0.0.5"), OptionalInt.of(17000),
                List.of("10.0.0.6:7946", "seed.example.internal", "[::1]:7000"), "client", Profile.WAN,
                Duration.ofSeconds(2), Duration.ofMillis(1500), 5, 6, 7, 8, 9, Duration.ZERO, 10,
                Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(3), Duration.ofSeconds(45),
                Duration.ofDays(7), Duration.ofDays(365), Duration.ofMinutes(10), true, 65507,
                Map.of("zone", "z1", "version", ""), Duration.ZERO, 3,
                new GossamerSettings.Wan("::", 7001, Optional.of("203.0.113.5"), OptionalInt.of(17001),
                        List.of("198.51.100.7", "[2001:db8::1]:7947", "wan.example.internal"), Profile.LOCAL),
                false, GossamerSettings.Encryption.OFF));
        SwimConfig engine = s.toSwimConfig("192.0.2.1");
        assertThat(engine.name()).isEqualTo("node.1");
        assertThat(engine.advertise().host()).isEqualTo("10.0.0.5");
        assertThat(engine.suspicionMaxTimeoutMult()).isEqualTo(8);
        assertThat(engine.tags()).containsEntry("zone", "z1");
    }

    /**
     * A server's WAN pool: member {@code node.dc}, pool WAN, its own address and port, every
     * timing from the WAN profile (the LAN timing keys do not reach it), the rest from the node.
     */
    @Test
    void wanEngineOfAServer() {
        Map<String, String> p = new HashMap<>();
        p.put("gossamer.role", "server");
        p.put("gossamer.node-name", "web-1");
        p.put("gossamer.datacenter", "eu-1");
        p.put("gossamer.bind-address", "10.0.0.5");
        p.put("gossamer.probe-interval", "200ms");
        p.put("gossamer.probe-timeout", "100ms");
        p.put("gossamer.suspicion-mult", "9");
        p.put("gossamer.tombstone-timeout", "1h");
        p.put("gossamer.packet-size", "1200");
        p.put("gossamer.tags.zone", "eu-1a");
        GossamerSettings s = GossamerSettings.from(config(p));
        assertThat(s.server()).isTrue();
        assertThat(s.wanNodeName()).isEqualTo("web-1.eu-1");
        assertThat(s.wan().bindAddress()).as("WAN bind address defaults to the LAN one").isEqualTo("10.0.0.5");
        assertThat(s.wan().bindPort()).isEqualTo(7947);

        SwimConfig wan = s.toWanSwimConfig("192.0.2.1");
        SwimConfig wanProfile = SwimConfig.builder(Profile.WAN).build();
        assertThat(wan.name()).isEqualTo("web-1.eu-1");
        assertThat(wan.pool()).isEqualTo(io.gossamer.Pool.WAN);
        assertThat(wan.datacenter()).isEqualTo("eu-1");
        assertThat(wan.role()).isEqualTo("server");
        assertThat(wan.advertise()).isEqualTo(new io.gossamer.swim.wire.NodeAddress("10.0.0.5", 7947));
        assertThat(wan.probeInterval()).isEqualTo(wanProfile.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(wan.probeTimeout()).isEqualTo(wanProfile.probeTimeout());
        assertThat(wan.suspicionMult()).isEqualTo(wanProfile.suspicionMult());
        assertThat(wan.tcpTimeout()).isEqualTo(wanProfile.tcpTimeout());
        assertThat(wan.tombstoneTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(wan.packetSize()).isEqualTo(1200);
        assertThat(wan.tags()).isEqualTo(Map.of("zone", "eu-1a"));
        assertThat(wan.label()).isEqualTo("default/wan");

        SwimConfig lan = s.toSwimConfig("192.0.2.1");
        assertThat(lan.name()).isEqualTo("web-1");
        assertThat(lan.pool()).isEqualTo(io.gossamer.Pool.LAN);
        assertThat(lan.probeInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(lan.suspicionMult()).isEqualTo(9);
        assertThat(lan.label()).isEqualTo("default/lan/eu-1");
    }

    /**
     * The WAN pool is advertised on {@code gossamer.wan.advertise-address}, else on
     * {@code gossamer.advertise-address} (a NAT address holds for both pools), else on its bind
     * address, or the host's when binding all.
     */
    @Test
    void wanAdvertiseAddressFallsBackToTheLanOne() {
        Map<String, String> p = new HashMap<>(Map.of("gossamer.role", "server", "gossamer.advertise-address",
                "203.0.113.9", "gossamer.advertise-port", "7946"));
        GossamerSettings s = GossamerSettings.from(config(p));
        assertThat(s.wanAdvertiseAddress()).contains("203.0.113.9");
        assertThat(s.toWanSwimConfig("192.0.2.1").advertise())
                .isEqualTo(new io.gossamer.swim.wire.NodeAddress("203.0.113.9", 7947));
        assertThat(s.wanFixedAdvertise("192.0.2.1")).isEmpty();

        p.put("gossamer.wan.advertise-address", "198.51.100.1");
        p.put("gossamer.wan.advertise-port", "8302");
        s = GossamerSettings.from(config(p));
        assertThat(s.wanFixedAdvertise("192.0.2.1")).contains(new io.gossamer.swim.wire.NodeAddress("198.51.100.1", 8302));

        GossamerSettings bare = GossamerSettings.from(config(Map.of("gossamer.role", "server")));
        assertThat(bare.toWanSwimConfig("192.0.2.1").advertise())
                .isEqualTo(new io.gossamer.swim.wire.NodeAddress("192.0.2.1", 7947));
    }

    /** A client reads and checks the WAN keys (a malformed one is its problem too) but binds nothing. */
    @Test
    void aClientKeepsWanKeysItWillNotUse() {
        Config config = config(Map.of("gossamer.wan.bind-port", "7946", "gossamer.wan.seeds", "10.0.0.9"));
        GossamerSettings s = GossamerSettings.from(config);
        assertThat(s.server()).isFalse();
        assertThat(s.wan().bindPort()).isEqualTo(7946);
        assertThat(GossamerSettings.wanKeysSet(config)).containsExactly("gossamer.wan.bind-port", "gossamer.wan.seeds");
        assertThat(GossamerSettings.unknownKeys(config)).isEmpty();
    }

    /** Timings left unset come from the chosen profile. */
    @Test
    void unsetTimingsFollowTheProfile() {
        GossamerSettings s = GossamerSettings.from(config(Map.of("gossamer.profile", "local")));
        SwimConfig local = SwimConfig.builder(Profile.LOCAL).build();
        assertThat(s.probeTimeout()).isEqualTo(local.probeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.suspicionMult()).isEqualTo(local.suspicionMult());
        assertThat(s.tcpTimeout()).isEqualTo(local.tcpTimeout());
    }

    /**
     * Environment variables as MP Config maps them: {@code GOSSAMER_SEEDS} is
     * {@code gossamer.seeds}, {@code GOSSAMER_READINESS_MIN_MEMBERS} is
     * {@code gossamer.readiness.min-members}. (Tags cannot come from the environment: the tag
     * name would have to be guessed back from upper case and underscores.)
     */
    @Test
    void environmentVariablesFollowMpConfigMapping() {
        Config config = config(new EnvConfigSource(Map.of(
                "GOSSAMER_SEEDS", "10.0.0.6:7946,10.0.0.7",
                "GOSSAMER_BIND_PORT", "7001",
                "GOSSAMER_READINESS_MIN_MEMBERS", "2",
                "GOSSAMER_PROBE_INTERVAL", "3s"), 300));
        GossamerSettings s = GossamerSettings.from(config);
        assertThat(s.seeds()).containsExactly("10.0.0.6:7946", "10.0.0.7");
        assertThat(s.bindPort()).isEqualTo(7001);
        assertThat(s.readinessMinMembers()).isEqualTo(2);
        assertThat(s.probeInterval()).isEqualTo(Duration.ofSeconds(3));

        Config wan = config(new EnvConfigSource(Map.of("GOSSAMER_ROLE", "server",
                "GOSSAMER_WAN_SEEDS", "10.1.0.5:7947,10.1.0.6", "GOSSAMER_WAN_BIND_PORT", "8302"), 300));
        GossamerSettings server = GossamerSettings.from(wan);
        assertThat(server.server()).isTrue();
        assertThat(server.wan().seeds()).containsExactly("10.1.0.5:7947", "10.1.0.6");
        assertThat(server.wan().bindPort()).isEqualTo(8302);
        assertThat(GossamerSettings.wanKeysSet(wan)).containsExactly("gossamer.wan.bind-port", "gossamer.wan.seeds");
    }

    /** Typos are found (the extension logs them as a warning). */
    @Test
    void unknownKeysAreListed() {
        Config config = config(Map.of("gossamer.probe-intervall", "1s", "gossamer.seeds", "a",
                "gossamer.tags.zone", "z", "gossamer.readiness.min-members", "1", "other.key", "x"));
        assertThat(GossamerSettings.unknownKeys(config)).containsExactly("gossamer.probe-intervall");
    }

    /** Disabled: nothing else is read, so nothing else can be wrong. */
    @Test
    void disabledReadsNothingElse() {
        GossamerSettings s = GossamerSettings.from(config(Map.of("gossamer.enabled", "false",
                "gossamer.bind-port", "x")));
        assertThat(s.enabled()).isFalse();
    }

    /** An unresolvable expression is a problem like a bad value, with the key named. */
    @Test
    void unresolvableExpressionIsReported() {
        InvalidConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> GossamerSettings.from(config(Map.of("gossamer.cluster", "${nowhere}"))));
        assertThat(e.problems()).singleElement().asString().startsWith("gossamer.cluster");
    }
}
