package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.config.Tuning;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.gossamer.cdi.GossamerSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

/** The settings as each pool's engine takes them. */
class EngineConfigsTest {

    private static GossamerSettings settings(Map<String, String> properties) {
        return GossamerSettings.from(config(properties));
    }

    /** The LAN engine: the node's name and identity, every setting of the engine's table as read. */
    @Test
    void lanEngineTakesEverySettingAsRead() {
        Map<String, String> p = new HashMap<>();
        p.put("gossamer.node-name", "node.1");
        p.put("gossamer.cluster", "orders");
        p.put("gossamer.profile", "wan");
        p.put("gossamer.suspicion-max-timeout-mult", "8");
        p.put("gossamer.disable-tcp-pings", "true");
        p.put("gossamer.tags.zone", "z1");
        p.put("gossamer.seeds", "10.0.0.6");
        GossamerSettings s = settings(p);
        SwimConfig engine = EngineConfigs.config(s, Pool.LAN);
        assertThat(engine.name()).isEqualTo("node.1");
        assertThat(engine.cluster()).isEqualTo("orders");
        assertThat(engine.pool()).isEqualTo(Pool.LAN);
        assertThat(engine.tuning()).isEqualTo(s.tuning());
        assertThat(engine.suspicionMaxTimeoutMult()).isEqualTo(8);
        assertThat(engine.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(engine.disableTcpPings()).isTrue();
        assertThat(engine.tags()).containsEntry("zone", "z1");
        assertThat(EngineConfigs.seeds(s, Pool.LAN)).containsExactly("10.0.0.6");
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
        p.put("gossamer.wan.seeds", "10.1.0.5");
        GossamerSettings s = settings(p);

        SwimConfig wan = EngineConfigs.config(s, Pool.WAN);
        assertThat(wan.name()).isEqualTo("web-1.eu-1");
        assertThat(wan.pool()).isEqualTo(Pool.WAN);
        assertThat(wan.datacenter()).isEqualTo("eu-1");
        assertThat(wan.role()).isEqualTo("server");
        assertThat(wan.tuning()).isEqualTo(Tuning.of(Profile.WAN)
                .with(Settings.TOMBSTONE_TIMEOUT, Duration.ofHours(1)).with(Settings.PACKET_SIZE, 1200));
        assertThat(wan.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(wan.tags()).isEqualTo(Map.of("zone", "eu-1a"));
        assertThat(wan.label()).isEqualTo("default/wan");
        SwimNodeOptions wanOptions = EngineConfigs.options(s, Pool.WAN).build();
        assertThat(wanOptions.bindHost()).isEqualTo("10.0.0.5");
        assertThat(wanOptions.bindPort()).isEqualTo(7951);
        assertThat(wanOptions.advertised().apply(7951)).hasToString("10.0.0.5:7951");
        assertThat(EngineConfigs.seeds(s, Pool.WAN)).containsExactly("10.1.0.5");

        SwimConfig lan = EngineConfigs.config(s, Pool.LAN);
        assertThat(lan.name()).isEqualTo("web-1");
        assertThat(lan.pool()).isEqualTo(Pool.LAN);
        assertThat(lan.probeInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(lan.suspicionMult()).isEqualTo(9);
        assertThat(lan.label()).isEqualTo("default/lan/eu-1");
    }

    /** What a pool announces is configured here and decided by the engine. */
    @Test
    void lanAdvertisesWhatIsConfigured() {
        SwimNodeOptions fixed = EngineConfigs.options(settings(Map.of("gossamer.bind-address", "::1",
                "gossamer.bind-port", "7000", "gossamer.advertise-address", "10.0.0.5",
                "gossamer.advertise-port", "17000")), Pool.LAN).build();
        assertThat(fixed.bindHost()).isEqualTo("::1");
        assertThat(fixed.bindPort()).isEqualTo(7000);
        assertThat(fixed.advertiseHost()).contains("10.0.0.5");
        assertThat(fixed.advertisePort()).isEqualTo(OptionalInt.of(17000));
        assertThat(fixed.advertised().apply(7000)).hasToString("10.0.0.5:17000");

        SwimNodeOptions bound = EngineConfigs.options(settings(Map.of("gossamer.bind-address", "10.0.0.7",
                "gossamer.bind-port", "0")), Pool.LAN).build();
        assertThat(bound.advertiseHost()).isEmpty();
        assertThat(bound.advertised().apply(40001)).hasToString("10.0.0.7:40001");
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
        GossamerSettings s = settings(p);
        assertThat(s.wanAdvertiseAddress()).contains("203.0.113.9");
        SwimNodeOptions wan = EngineConfigs.options(s, Pool.WAN).build();
        assertThat(wan.advertiseHost()).contains("203.0.113.9");
        assertThat(wan.advertisePort()).isEmpty();
        assertThat(wan.advertised().apply(7947)).hasToString("203.0.113.9:7947");

        p.put("gossamer.wan.advertise-address", "198.51.100.1");
        p.put("gossamer.wan.advertise-port", "8302");
        assertThat(EngineConfigs.options(settings(p), Pool.WAN).build().advertised().apply(7947))
                .hasToString("198.51.100.1:8302");

        SwimNodeOptions bare = EngineConfigs.options(settings(Map.of("gossamer.role", "server")), Pool.WAN).build();
        assertThat(bare.bindHost()).isEqualTo("0.0.0.0");
        assertThat(bare.advertiseHost()).isEqualTo(Optional.empty());
        assertThat(bare.advertised().apply(7947).host()).as("this host's address").isNotIn(List.of("0.0.0.0", "::"));
    }
}
