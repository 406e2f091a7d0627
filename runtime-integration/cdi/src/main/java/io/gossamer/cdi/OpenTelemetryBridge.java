package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.metrics.NodeMetrics;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The node's metrics through OpenTelemetry (MicroProfile Telemetry 2.0): counters and gauges as
 * asynchronous instruments, all read in one batch callback when the SDK collects; the histograms as
 * synchronous ones with the catalog's buckets. Loaded only where the OpenTelemetry API exists.
 */
final class OpenTelemetryBridge implements MetricsBridge {

    private static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");

    private final Meter meter;
    private final Map<NodeMetrics.Descriptor, DoubleHistogram> histograms = new HashMap<>();
    private final Map<Pool, Attributes> poolAttributes = new EnumMap<>(Pool.class);
    /** Attributes by pool and attribute value, made once: collections come every few seconds. */
    private final Map<String, Attributes> attributes = new java.util.concurrent.ConcurrentHashMap<>();
    private BatchCallback callback;

    /** @param openTelemetry the runtime's {@code io.opentelemetry.api.OpenTelemetry} */
    OpenTelemetryBridge(Object openTelemetry) {
        this.meter = ((OpenTelemetry) openTelemetry).getMeter("io.gossamer");
        for (Pool p : Pool.values()) {
            poolAttributes.put(p, Attributes.of(POOL, p.name().toLowerCase(Locale.ROOT)));
        }
        for (NodeMetrics.Descriptor d : NodeMetrics.ALL) {
            if (d.kind() == NodeMetrics.Kind.HISTOGRAM) {
                histograms.put(d, meter.histogramBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                        .setExplicitBucketBoundariesAdvice(NodeMetrics.DURATION_BUCKETS).build());
            }
        }
    }

    @Override
    public void start(Consumer<Consumer<NodeMetrics.Sample>> read) {
        Map<NodeMetrics.Descriptor, ObservableMeasurement> observers = new HashMap<>();
        List<ObservableMeasurement> all = new ArrayList<>();
        for (NodeMetrics.Descriptor d : NodeMetrics.ALL) {
            ObservableMeasurement m = switch (d.kind()) {
                case COUNTER -> meter.counterBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                        .buildObserver();
                case GAUGE -> meter.gaugeBuilder(d.name()).setUnit(d.unit()).setDescription(d.description())
                        .buildObserver();
                case HISTOGRAM -> null;
            };
            if (m != null) {
                observers.put(d, m);
                all.add(m);
            }
        }
        callback = meter.batchCallback(() -> read.accept(sample -> {
            ObservableMeasurement m = observers.get(sample.metric());
            Attributes a = attributes(sample);
            // By the catalog's kind: the SDK's measurements implement both interfaces.
            if (sample.metric().kind() == NodeMetrics.Kind.COUNTER) {
                ((ObservableLongMeasurement) m).record((long) sample.value(), a);
            } else {
                ((ObservableDoubleMeasurement) m).record(sample.value(), a);
            }
        }), all.get(0), all.subList(1, all.size()).toArray(ObservableMeasurement[]::new));
    }

    private Attributes attributes(NodeMetrics.Sample s) {
        String key = s.pool() + '\u0000' + s.metric().attribute() + '\u0000' + s.attribute();
        return attributes.computeIfAbsent(key, k -> s.metric().attribute().isEmpty()
                ? Attributes.of(POOL, s.pool())
                : Attributes.of(POOL, s.pool(), AttributeKey.stringKey(s.metric().attribute()), s.attribute()));
    }

    @Override
    public void record(NodeMetrics.Descriptor histogram, Pool pool, double seconds) {
        DoubleHistogram h = histograms.get(histogram);
        if (h != null) {
            h.record(seconds, poolAttributes.get(pool));
        }
    }

    @Override
    public void close() {
        if (callback != null) {
            callback.close();
        }
    }

    @Override
    public String toString() {
        return "OpenTelemetry";
    }
}
