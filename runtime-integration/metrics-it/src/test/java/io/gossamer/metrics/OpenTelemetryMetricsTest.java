package io.gossamer.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.smallrye.opentelemetry.implementation.cdi.OpenTelemetryExtension;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's metrics through MicroProfile Telemetry 2.0 as SmallRye OpenTelemetry provides it: a
 * deployment joined to a peer, its metrics collected by the OpenTelemetry SDK as an exporter would
 * get them.
 */
class OpenTelemetryMetricsTest {

    private static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");

    @Test
    void countersGaugesAndHistogramsReachOpenTelemetry() throws Exception {
        Map<String, String> otel = Map.of(
                // MicroProfile Telemetry turns the SDK off unless told otherwise; no exporter: the test reads.
                "otel.sdk.disabled", "false",
                "otel.metrics.exporter", "none",
                "otel.traces.exporter", "none",
                "otel.logs.exporter", "none");
        try (Deployment d = Deployment.start(otel, new OpenTelemetryExtension(), TelemetryConfig.class)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Collection<MetricData> all = InMemoryReaderCustomizer.reader.collectAllMetrics();
                assertThat(value(all, "gossamer.members", "state", "alive")).contains(2.0);
                assertThat(value(all, "gossamer.probes", "outcome", "acked")).hasValueSatisfying(
                        n -> assertThat(n).isPositive());
                assertThat(histogram(all, "gossamer.probe.duration")).hasValueSatisfying(
                        h -> assertThat(h.getCount()).isPositive());
            });
            Collection<MetricData> all = InMemoryReaderCustomizer.reader.collectAllMetrics();
            MetricData probes = metric(all, "gossamer.probes").orElseThrow();
            assertThat(probes.getType()).isEqualTo(MetricDataType.LONG_SUM);
            assertThat(probes.getLongSumData().isMonotonic()).isTrue();
            assertThat(probes.getUnit()).isEqualTo("{probe}");
            assertThat(metric(all, "gossamer.members").orElseThrow().getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
            assertThat(value(all, "gossamer.local.health", "", "")).contains(0.0);
            assertThat(value(all, "gossamer.push_pulls", "initiator", "local")).hasValueSatisfying(
                    n -> assertThat(n).isGreaterThanOrEqualTo(1));
            HistogramPointData rtt = histogram(all, "gossamer.probe.duration").orElseThrow();
            assertThat(metric(all, "gossamer.probe.duration").orElseThrow().getUnit()).isEqualTo("s");
            assertThat(rtt.getBoundaries()).startsWith(0.0001, 0.00025, 0.0005);
            assertThat(rtt.getSum() / rtt.getCount()).isPositive().isLessThan(0.5);
            // The local member's own join went to its observers: a delivery measured.
            assertThat(histogram(all, "gossamer.event.delivery.duration")).hasValueSatisfying(
                    h -> assertThat(h.getCount()).isPositive());
        }
    }

    private static Optional<MetricData> metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).reduce((a, b) -> b);
    }

    /** The value of a counter or gauge of the LAN pool, with {@code key=value} if a key is given. */
    private static Optional<Double> value(Collection<MetricData> all, String name, String key, String value) {
        return metric(all, name).flatMap(m -> {
            var points = switch (m.getType()) {
                case LONG_SUM -> m.getLongSumData().getPoints().stream()
                        .map(p -> Map.entry(p.getAttributes(), (double) p.getValue()));
                case DOUBLE_GAUGE -> m.getDoubleGaugeData().getPoints().stream()
                        .map(p -> Map.entry(p.getAttributes(), p.getValue()));
                default -> throw new AssertionError(name + " is a " + m.getType());
            };
            return points.filter(e -> "lan".equals(e.getKey().get(POOL))
                            && (key.isEmpty() || value.equals(e.getKey().get(AttributeKey.stringKey(key)))))
                    .map(Map.Entry::getValue).findFirst();
        });
    }

    private static Optional<HistogramPointData> histogram(Collection<MetricData> all, String name) {
        return metric(all, name).flatMap(m -> m.getHistogramData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(POOL, "lan"))).findFirst());
    }
}
