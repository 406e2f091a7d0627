package io.gossamer.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.metrics.MetricsRequestHandler;
import io.smallrye.metrics.SharedMetricRegistries;
import io.smallrye.metrics.legacyapi.LegacyMetricsExtension;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's metrics through MicroProfile Metrics 5.1 as SmallRye Metrics provides it: a
 * deployment joined to a peer, read as the Prometheus text its {@code /metrics} endpoint serves.
 */
class MicroProfileMetricsTest {

    @Test
    void countersGaugesAndTimersAreServedAsPrometheusText() throws Exception {
        // A Micrometer registry bean beside it is left alone: only one of the two gets the metrics.
        try (Deployment d = Deployment.start(Map.of(), new LegacyMetricsExtension(), PrometheusRegistry.class)) {
            MetricsRequestHandler handler = d.container().select(MetricsRequestHandler.class).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String text = scrape(handler);
                assertThat(number(text, "gossamer_members\\{mp_scope=\"application\",pool=\"lan\",state=\"alive\",\\}"))
                        .isEqualTo(2.0);
                assertThat(number(text, "gossamer_probes_total\\{mp_scope=\"application\",outcome=\"acked\","
                        + "pool=\"lan\",\\}")).isPositive();
                assertThat(number(text, "gossamer_probe_duration_seconds_count\\{mp_scope=\"application\","
                        + "pool=\"lan\",\\}")).isPositive();
            });
            String text = scrape(handler);
            assertThat(text).contains("# TYPE gossamer_probes_total counter", "# TYPE gossamer_members gauge",
                    "# HELP gossamer_probes_total Probes concluded, by outcome");
            assertThat(number(text, "gossamer_packet_bytes_total\\{direction=\"sent\",mp_scope=\"application\","
                    + "pool=\"lan\",\\}")).isPositive();
            assertThat(d.container().select(PrometheusMeterRegistry.class).get().getMeters())
                    .as("the Micrometer registry's meters")
                    .noneMatch(m -> m.getId().getName().startsWith("gossamer."));
        }
        // What the node registered is taken back when the application stops.
        MetricRegistry app = SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
        assertThat(app.getMetricIDs()).noneMatch(id -> id.getName().startsWith("gossamer."));
    }

    /** What {@code GET /metrics?scope=application} answers. */
    private static String scrape(MetricsRequestHandler handler) {
        StringBuilder body = new StringBuilder();
        try {
            handler.handleRequest("/metrics", "GET", Stream.of("text/plain"),
                    Map.of("scope", new String[] {"application"}), (status, message, headers) -> body.append(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toString();
    }

    /** The value of the series whose name and labels match {@code series} (a regular expression). */
    private static double number(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("a series %s in:%n%s%nregistry: %s", series, text,
                SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).getMetricIDs()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
