package io.gossamer.cdi;

import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.config.Tuning;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading settings from MP Config (SmallRye), without a container. */
class GossamerSettingsTest {

    static Config config(Map<String, String> properties) {
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
        assertThat(s.bindPort()).isEqualTo(7950);
        assertThat(s.nodeName()).endsWith("-7950").matches("[A-Za-z0-9._-]{1,128}");
        assertThat(s.advertiseAddress()).isEmpty();
        assertThat(s.advertisePort()).isEmpty();
        assertThat(s.seeds()).isEmpty();
        assertThat(s.role()).isEqualTo("client");
        assertThat(s.server()).isFalse();
        assertThat(s.profile()).isEqualTo(Profile.LAN);
        assertThat(s.tuning()).isEqualTo(lan.tuning()).isEqualTo(Tuning.of(Profile.LAN));
        assertThat(s.tuning().get(Settings.PROBE_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.tuning().get(Settings.PROBE_TIMEOUT)).isEqualTo(Duration.ofMillis(500));
        assertThat(s.tuning().get(Settings.PACKET_SIZE)).isEqualTo(1400);
        assertThat(s.tags()).isEmpty();
        assertThat(s.leaveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readinessMinMembers()).isEqualTo(1);
        assertThat(s.tuning().get(Settings.RECONNECT_TIMEOUT)).isEqualTo(Duration.ofHours(24));
        assertThat(s.wan()).isEqualTo(new GossamerSettings.Wan("0.0.0.0", 7951, Optional.empty(), OptionalInt.empty(),
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
        p.put("gossamer.role", "client");
        p.put("gossamer.profile", "wan");
        p.put("gossamer.probe-interval", "2s");
        p.put("gossamer.probe-timeout", "1500ms");
        p.put("gossamer.indirect-checks", "5");
        p.put("gossamer.retransmit-mult", "6");
        p.put("gossamer.suspicion-mult", "7");
        p.put("gossamer.suspicion-max-timeout-mult", "8");
        p.put("gossamer.local-health-max-multiplier", "9");
        p.put("gossamer.gossip-interval", "0s");
        p.put("gossamer.gossip-nodes", "10");
        p.put("gossamer.gossip-to-the-dead-time", "2m");
        p.put("gossamer.push-pull-interval", "1h");
        p.put("gossamer.tcp-timeout", "PT3S");
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
        p.put("gossamer.join.refused-backoff", "1m");
        p.put("gossamer.join.refused-max-backoff", "1h");
        p.put("gossamer.wan.bind-address", "::");
        p.put("gossamer.wan.bind-port", "7001");
        p.put("gossamer.wan.advertise-address", "203.0.113.5");
        p.put("gossamer.wan.advertise-port", "17001");
        p.put("gossamer.wan.seeds", "198.51.100.7, [2001:db8::1]:7947,wan.example.internal");
        p.put("gossamer.wan.profile", "local");
        p.put("gossamer.guard.enabled", "false");
        GossamerSettings s = GossamerSettings.from(config(p));
        assertThat(s).isEqualTo(new GossamerSettings(true, "orders", "eu-west_1", "node.1", "::1", 7000,
                Optional.of("10.0.0.5"), OptionalInt.of(17000),
                List.of("10.0.0.6:7946", "seed.example.internal", "[::1]:7000"), "client", Profile.WAN,
                Tuning.of(Profile.WAN)
                        .with(Settings.PROBE_INTERVAL, Duration.ofSeconds(2))
                        .with(Settings.PROBE_TIMEOUT, Duration.ofMillis(1500))
                        .with(Settings.INDIRECT_CHECKS, 5)
                        .with(Settings.RETRANSMIT_MULT, 6)
                        .with(Settings.SUSPICION_MULT, 7)
                        .with(Settings.SUSPICION_MAX_TIMEOUT_MULT, 8)
                        .with(Settings.LOCAL_HEALTH_MAX_MULTIPLIER, 9)
                        .with(Settings.GOSSIP_INTERVAL, Duration.ZERO)
                        .with(Settings.GOSSIP_NODES, 10)
                        .with(Settings.GOSSIP_TO_THE_DEAD_TIME, Duration.ofMinutes(2))
                        .with(Settings.PUSH_PULL_INTERVAL, Duration.ofHours(1))
                        .with(Settings.TCP_TIMEOUT, Duration.ofSeconds(3))
                        .with(Settings.RECONNECT_INTERVAL, Duration.ofSeconds(45))
                        .with(Settings.RECONNECT_TIMEOUT, Duration.ofDays(7))
                        .with(Settings.TOMBSTONE_TIMEOUT, Duration.ofDays(365))
                        .with(Settings.DEAD_NODE_RECLAIM_TIME, Duration.ofMinutes(10))
                        .with(Settings.DISABLE_TCP_PINGS, true)
                        .with(Settings.PACKET_SIZE, 65507),
                Map.of("zone", "z1", "version", ""), Duration.ZERO, 3, Duration.ofMinutes(1), Duration.ofHours(1),
                new GossamerSettings.Wan("::", 7001, Optional.of("203.0.113.5"), OptionalInt.of(17001),
                        List.of("198.51.100.7", "[2001:db8::1]:7947", "wan.example.internal"), Profile.LOCAL),
                false, GossamerSettings.Encryption.OFF));
    }

    /** A client reads and checks the WAN keys (a malformed one is its problem too) but binds nothing. */
    @Test
    void aClientKeepsWanKeysItWillNotUse() {
        Config config = config(Map.of("gossamer.wan.bind-port", "7946", "gossamer.wan.seeds", "10.0.0.9"));
        GossamerSettings s = GossamerSettings.from(config);
        assertThat(s.server()).isFalse();
        assertThat(s.wan().bindPort()).isEqualTo(7946);
        assertThat(KeyAudit.wanKeysSet(config)).containsExactly("gossamer.wan.bind-port", "gossamer.wan.seeds");
        assertThat(KeyAudit.unknownKeys(config)).isEmpty();
    }

    /** Timings left unset come from the chosen profile. */
    @Test
    void unsetTimingsFollowTheProfile() {
        GossamerSettings s = GossamerSettings.from(config(Map.of("gossamer.profile", "local")));
        SwimConfig local = SwimConfig.builder(Profile.LOCAL).build();
        assertThat(s.tuning()).isEqualTo(local.tuning());
        assertThat(s.tuning().get(Settings.PROBE_TIMEOUT)).isEqualTo(Duration.ofMillis(200));
    }

    /** {@code lan-fast}, written as the documentation writes it, selects that profile for both pools. */
    @Test
    void lanFastIsAProfile() {
        GossamerSettings s = GossamerSettings.from(config(Map.of("gossamer.profile", "lan-fast",
                "gossamer.wan.profile", "lan-fast")));
        assertThat(s.profile()).isEqualTo(Profile.LAN_FAST);
        assertThat(s.wan().profile()).isEqualTo(Profile.LAN_FAST);
        assertThat(s.tuning()).isEqualTo(Tuning.of(Profile.LAN_FAST));
        assertThat(s.tuning().get(Settings.REFUSED_SUSPICION_TIMEOUT)).isEqualTo(Duration.ofMillis(500));
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
        assertThat(s.tuning().get(Settings.PROBE_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
        // Listed by SmallRye as gossamer.bind.port and so on: the keys they are, not typos.
        assertThat(KeyAudit.unknownKeys(config)).isEmpty();

        Config wan = config(new EnvConfigSource(Map.of("GOSSAMER_ROLE", "server",
                "GOSSAMER_WAN_SEEDS", "10.1.0.5:7947,10.1.0.6", "GOSSAMER_WAN_BIND_PORT", "8302"), 300));
        GossamerSettings server = GossamerSettings.from(wan);
        assertThat(server.server()).isTrue();
        assertThat(server.wan().seeds()).containsExactly("10.1.0.5:7947", "10.1.0.6");
        assertThat(server.wan().bindPort()).isEqualTo(8302);
        assertThat(KeyAudit.wanKeysSet(wan)).containsExactly("gossamer.wan.bind-port", "gossamer.wan.seeds");
    }

    /** Keys of the namespace that are no Gossamer key are listed (the extension warns about them). */
    @Test
    void unknownKeysAreListed() {
        Config config = config(Map.of("gossamer.tck.timeout-factor", "2", "gossamer.seeds", "a",
                "gossamer.tags.zone", "z", "gossamer.readiness.min-members", "1", "other.key", "x"));
        assertThat(KeyAudit.unknownKeys(config)).containsExactly("gossamer.tck.timeout-factor");
        assertThat(KeyAudit.misspelt(config)).isEmpty();
        assertThat(GossamerSettings.from(config).seeds()).containsExactly("a");
    }

    /** A key a typo away from a Gossamer key fails, with the key meant; every one is listed. */
    @Test
    void misspeltKeysFailNamingTheKeyMeant() {
        assertThatThrownBy(() -> GossamerSettings.from(config(Map.of("gossamer.bind.port", "7000"))))
                .as("dotted where the key has a hyphen, in a properties file: read by no key")
                .hasMessageContaining("did you mean gossamer.bind-port?");
        Config config = config(Map.of("gossamer.bind-prot", "7000", "gossamer.probe-intervall", "2s",
                "gossamer.tag.zone", "a", "gossamer.Node_Name", "n1", "gossamer.enabled", "false"));
        assertThat(KeyAudit.misspelt(config)).containsExactly(Map.entry("gossamer.Node_Name", "gossamer.node-name"),
                Map.entry("gossamer.bind-prot", "gossamer.bind-port"),
                Map.entry("gossamer.probe-intervall", "gossamer.probe-interval"),
                Map.entry("gossamer.tag.zone", "gossamer.tags.zone"));
        assertThatThrownBy(() -> GossamerSettings.from(config)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gossamer.bind-prot='7000' is not a Gossamer key: did you mean gossamer.bind-port?")
                .hasMessageContaining("did you mean gossamer.probe-interval?")
                .hasMessageContaining("did you mean gossamer.tags.zone?")
                .hasMessageContaining("did you mean gossamer.node-name?");
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
