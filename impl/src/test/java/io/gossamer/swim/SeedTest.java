package io.gossamer.swim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedTest {

    /** The accepted spellings, with the default port filled in where none is written. */
    @Test
    void parsesEverySpelling() {
        assertThat(Seed.parse("10.0.0.1:7000", 7946)).isEqualTo(new Seed("10.0.0.1:7000", "10.0.0.1", 7000));
        assertThat(Seed.parse("node-a", 7946)).isEqualTo(new Seed("node-a", "node-a", 7946));
        assertThat(Seed.parse("[::1]:7001", 7946)).isEqualTo(new Seed("[::1]:7001", "::1", 7001));
        assertThat(Seed.parse("[fe80::1]", 7947)).isEqualTo(new Seed("[fe80::1]", "fe80::1", 7947));
        assertThat(Seed.parse("::1", 7946)).isEqualTo(new Seed("::1", "::1", 7946));
        assertThat(Seed.parse(" host:1 ", 7946).host()).isEqualTo("host");
    }

    /** Malformed seeds are refused with a message quoting them. */
    @Test
    void refusesMalformedSeeds() {
        assertThatThrownBy(() -> Seed.parse("host:http", 7946)).hasMessageContaining("'host:http'");
        assertThatThrownBy(() -> Seed.parse("host:0", 7946)).hasMessageContaining("[1, 65535]");
        assertThatThrownBy(() -> Seed.parse("host:70000", 7946)).hasMessageContaining("[1, 65535]");
        assertThatThrownBy(() -> Seed.parse("[::1", 7946)).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Seed.parse("[::1]7000", 7946)).hasMessageContaining("':port'");
        assertThatThrownBy(() -> Seed.parse(":7000", 7946)).hasMessageContaining("missing host");
        assertThatThrownBy(() -> Seed.parse("  ", 7946)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Seed.parse("bad_host!:7000", 7946)).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> Seed.parse("[zz::1]:7000", 7946)).hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> Seed.parse("fe80::zz", 7946)).hasMessageContaining("not an IPv6 address");
    }

    /** What is wrong with a seed, without the seed quoted: for whoever reports it in its own words. */
    @Test
    void problemSaysWhatIsWrong() {
        assertThat(Seed.problem("host:7000")).isEmpty();
        assertThat(Seed.problem("[::1]")).isEmpty();
        assertThat(Seed.problem("host:99999")).contains("port must be in [1, 65535]: 99999");
        assertThat(Seed.problem("[::1")).contains("unterminated [IPv6] address");
        assertThat(Seed.problem("a b")).contains("not a host name or address");
    }
}
