package io.gossamer.metrics;

import jakarta.enterprise.inject.spi.Extension;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's metrics through a Micrometer registry bean (as WildFly's micrometer subsystem and
 * Quarkus provide one): a deployment joined to a peer, read as the Prometheus text Micrometer's
 * Prometheus registry renders for a scrape.
 */
class MicrometerMetricsTest {

    @Test
    void countersGaugesAndTimersAreScrapedAsPrometheusText() throws Exception {
        try (Deployment d = Deployment.start(Map.of(), new Extension() { }, PrometheusRegistry.class)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String text = PrometheusRegistry.last.scrape();
                assertThat(number(text, "gossamer_members\\{pool=\"lan\",state=\"alive\",?\\}")).isEqualTo(2.0);
                assertThat(number(text, "gossamer_probes_total\\{outcome=\"acked\",pool=\"lan\",?\\}")).isPositive();
                assertThat(number(text, "gossamer_probe_duration_seconds_count\\{pool=\"lan\",?\\}")).isPositive();
            });
            String text = PrometheusRegistry.last.scrape();
            assertThat(text).contains("# TYPE gossamer_probes_total counter", "# TYPE gossamer_members gauge",
                    "# TYPE gossamer_probe_duration_seconds histogram",
                    "# HELP gossamer_probes_total Probes concluded, by outcome");
            assertThat(number(text, "gossamer_probe_duration_seconds_bucket\\{pool=\"lan\",le=\"0\\.5\",?\\}"))
                    .isPositive();
            assertThat(number(text, "gossamer_packet_bytes_total\\{direction=\"sent\",pool=\"lan\",?\\}"))
                    .isPositive();
            assertThat(number(text, "gossamer_local_health\\{pool=\"lan\",?\\}")).isZero();
        }
        // What the node registered is taken back when the application stops.
        assertThat(PrometheusRegistry.last.getMeters()).noneMatch(m -> m.getId().getName().startsWith("gossamer."));
    }

    /** The value of the series whose name and labels match {@code series} (a regular expression). */
    private static double number(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("a series %s in:%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
