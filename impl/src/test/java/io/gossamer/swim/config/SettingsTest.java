package io.gossamer.swim.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one table of settings, and SwimConfig held to it. */
class SettingsTest {

    /** Each profile's defaults are the table's, and within its ranges. */
    @Test
    void aProfilesConfigurationHoldsTheTablesDefaults() {
        for (Profile p : Profile.values()) {
            SwimConfig c = SwimConfig.builder(p).build();
            assertThat(c.tuning()).isEqualTo(Tuning.of(p));
            for (Setting<?> s : Settings.all()) {
                assertThat(Tuning.of(p).get(s)).isEqualTo(s.defaultFor(p));
            }
        }
        assertThat(SwimConfig.builder(Profile.WAN).build().probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SwimConfig.builder(Profile.LOCAL).build().tcpTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    /** A value out of its range is refused, naming the setting, the range and the value. */
    @Test
    void swimConfigRefusesWhatTheTableDoesNotAllow() {
        assertThatThrownBy(() -> SwimConfig.builder(Profile.LAN).probeInterval(Duration.ofMillis(5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probeInterval must be from 10ms to 1m: 5ms");
        assertThatThrownBy(() -> SwimConfig.builder(Profile.LAN).indirectChecks(17).build())
                .hasMessage("indirectChecks must be from 0 to 16: 17");
        assertThatThrownBy(() -> SwimConfig.builder(Profile.LAN).packetSize(575).build())
                .hasMessage("packetSize must be from 576 to 65507: 575");
        assertThatThrownBy(() -> SwimConfig.builder(Profile.LAN).probeTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("probeTimeout (1s) must be shorter than probeInterval (1s)");
        SwimConfig edge = SwimConfig.builder(Profile.LAN).gossipInterval(Duration.ZERO)
                .reconnectTimeout(Settings.RECONNECT_TIMEOUT.max()).packetSize(Settings.PACKET_SIZE.max()).build();
        assertThat(edge.reconnectTimeout()).isEqualTo(Duration.ofDays(365));
    }

    /** A configuration's values survive a trip through its builder. */
    @Test
    void toBuilderKeepsEveryValue() {
        SwimConfig c = SwimConfig.builder(Profile.LOCAL).suspicionMult(9).disableTcpPings(true).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(SwimConfig.builder(Profile.LAN).tuning(c.tuning()).build().tuning()).isEqualTo(c.tuning());
    }

    /**
     * A derived label is derived again when the builder changes what it is derived from; a label
     * set by hand stays as it was set.
     */
    @Test
    void toBuilderDerivesTheLabelAgain() {
        SwimConfig c = SwimConfig.builder(Profile.LAN).cluster("orders").datacenter("dc1").build();
        assertThat(c.label()).isEqualTo("orders/lan/dc1");
        assertThat(c.toBuilder().cluster("billing").build().label()).isEqualTo("billing/lan/dc1");
        assertThat(c.toBuilder().datacenter("dc2").build().label()).isEqualTo("orders/lan/dc2");
        assertThat(c.toBuilder().pool(io.gossamer.Pool.WAN).build().label()).isEqualTo("orders/wan");
        assertThat(c.toBuilder().name("other").build().label()).isEqualTo("orders/lan/dc1");

        SwimConfig custom = SwimConfig.builder(Profile.LAN).cluster("orders").label("blue").build();
        assertThat(custom.toBuilder().cluster("billing").datacenter("dc2").build().label()).isEqualTo("blue");
        assertThat(SwimConfig.derivedLabel("orders", io.gossamer.Pool.LAN, "dc1")).isEqualTo("orders/lan/dc1");
    }

    /** A server's WAN pool takes its profile's timings and keeps the node's own settings. */
    @Test
    void timingsOfAnotherProfileKeepTheNodesSettings() {
        Tuning lan = Tuning.of(Profile.LAN).with(Settings.PROBE_INTERVAL, Duration.ofMillis(200))
                .with(Settings.PACKET_SIZE, 1200).with(Settings.TOMBSTONE_TIMEOUT, Duration.ofHours(1));
        Tuning wan = lan.withTimingsOf(Profile.WAN);
        assertThat(wan.get(Settings.PROBE_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(wan.get(Settings.PACKET_SIZE)).isEqualTo(1200);
        assertThat(wan.get(Settings.TOMBSTONE_TIMEOUT)).isEqualTo(Duration.ofHours(1));
    }

    /** The configuration syntax of each type, and what a refusal says is allowed. */
    @Test
    void settingsParseAndDescribeTheirValues() {
        assertThat(Settings.PROBE_TIMEOUT.parse(" 250ms ")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.GOSSIP_NODES.parse("4")).isEqualTo(4);
        assertThat(Settings.DISABLE_TCP_PINGS.parse("TRUE")).isTrue();
        assertThatThrownBy(() -> Settings.DISABLE_TCP_PINGS.parse("yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.GOSSIP_NODES.parse("four")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Settings.GOSSIP_NODES.syntax()).isEqualTo("an integer from 0 to 64");
        assertThat(Settings.TCP_TIMEOUT.syntax()).endsWith(", from 1ms to 10m");
        assertThat(Settings.DISABLE_TCP_PINGS.syntax()).isEqualTo("true or false");
        assertThat(Settings.byKey("gossamer.tcp-timeout")).contains(Settings.TCP_TIMEOUT);
    }

    /** A setting's own defaults must lie in its range. */
    @Test
    void aDefaultOutOfItsRangeIsAMistakeOfTheTable() {
        assertThatThrownBy(() -> Setting.integer("x", "gossamer.x", 0, 1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of its own range");
    }
}
