package io.gossamer.swim.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration's duration syntax. */
class DurationsTest {

    /** Every unit, and blanks around. */
    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse(" 0s ")).isZero();
    }

    /** ISO-8601, as MicroProfile Config users write durations elsewhere. */
    @Test
    void parsesIso8601() {
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse(" PT1H30M ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    /** Anything else is refused with the allowed format in the message. */
    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.5s", "-1s", "+1s", "1S", "1 s", "PT-1S", "-PT1S", "PT0.0005S", "PT", "P", "PT1", "1sec", "ms", "1ms1s", "1000000000000s"})
    void rejectsJunkNamingTheFormat(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500ms, 1s, 2m, 24h, 7d");
    }

    /** Formatting gives back the shortest exact text. */
    @Test
    void formatsInTheSameSyntax() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofDays(365))).isEqualTo("365d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
