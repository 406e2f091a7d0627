package io.gossamer.swim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one decision of the address a node announces. */
class SwimNodeOptionsTest {

    @Test
    void theBindHostAndTheBoundPortByDefault() {
        SwimNodeOptions o = SwimNodeOptions.builder().bindHost("10.0.0.7").bindPort(0).build();
        assertThat(o.advertised().apply(40001)).hasToString("10.0.0.7:40001");
    }

    @Test
    void whatIsConfiguredWins() {
        SwimNodeOptions host = SwimNodeOptions.builder().bindHost("10.0.0.7").advertiseHost("203.0.113.5").build();
        assertThat(host.advertised().apply(7946)).hasToString("203.0.113.5:7946");
        SwimNodeOptions both = SwimNodeOptions.builder().bindHost("::").advertiseHost("203.0.113.5")
                .advertisePort(17946).build();
        assertThat(both.advertised().apply(7946)).hasToString("203.0.113.5:17946");
        SwimNodeOptions port = SwimNodeOptions.builder().bindHost("::1").advertisePort(17946).build();
        assertThat(port.advertised().apply(7946)).hasToString("[::1]:17946");
    }

    /** Bound to every interface, a node announces this host's address, never the wildcard. */
    @Test
    void aWildcardAnnouncesThisHostsAddress() {
        assertThat(SwimNodeOptions.isWildcard("0.0.0.0")).isTrue();
        assertThat(SwimNodeOptions.isWildcard("::")).isTrue();
        assertThat(SwimNodeOptions.isWildcard("0:0:0:0:0:0:0:0")).isTrue();
        assertThat(SwimNodeOptions.isWildcard("127.0.0.1")).isFalse();
        String host = SwimNodeOptions.builder().bindHost("0.0.0.0").build().advertised().apply(7946).host();
        assertThat(host).isNotEqualTo("0.0.0.0").isNotEmpty();
    }

    @Test
    void aBadAdvertisedPortIsRefused() {
        assertThatThrownBy(() -> SwimNodeOptions.builder().advertisePort(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SwimNodeOptions.builder().advertiseHost("").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Refused joins back off from a positive wait to a cap no shorter than it. */
    @Test
    void theRefusedJoinBackoffMustBePositiveAndCapped() {
        SwimNodeOptions o = SwimNodeOptions.defaults();
        assertThat(o.joinRefusedBackoff()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(o.joinRefusedMaxBackoff()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> SwimNodeOptions.builder().joinRefusedBackoff(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SwimNodeOptions.builder().joinRefusedBackoff(java.time.Duration.ofMinutes(6)).build())
                .hasMessageContaining("joinRefusedBackoff <= joinRefusedMaxBackoff");
    }
}
