package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.metrics.NodeMetrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The node's metrics through Micrometer, where the runtime offers a {@code MeterRegistry} bean
 * (WildFly's micrometer subsystem, Quarkus): counters and gauges are function meters over the
 * figures read every {@link SampleSync#PERIOD}; the histograms are timers with the catalog's
 * buckets as service-level objectives, so Prometheus registries render them as histograms. Loaded
 * only where Micrometer exists. Everything registered is removed at close.
 */
final class MicrometerBridge implements MetricsBridge {

    private final MeterRegistry registry;
    private final Map<NodeMetrics.Descriptor, Map<Pool, Timer>> timers = new ConcurrentHashMap<>();
    /** The last value of each series read: what its meter shows. */
    private final Map<Series, Double> last = new ConcurrentHashMap<>();
    private final Queue<Meter> registered = new ConcurrentLinkedQueue<>();
    private SampleSync sync;

    /** One series: a metric's name with the values of its attributes. */
    private record Series(String name, String pool, String attribute) {
    }

    /** @param registry the runtime's {@code io.micrometer.core.instrument.MeterRegistry} */
    MicrometerBridge(Object registry) {
        this.registry = (MeterRegistry) registry;
        Duration[] buckets = NodeMetrics.DURATION_BUCKETS.stream()
                .map(seconds -> Duration.ofNanos(Math.round(seconds * 1e9))).toArray(Duration[]::new);
        for (NodeMetrics.Descriptor d : NodeMetrics.ALL) {
            if (d.kind() == NodeMetrics.Kind.HISTOGRAM) {
                Map<Pool, Timer> byPool = new EnumMap<>(Pool.class);
                for (Pool p : Pool.values()) {
                    Timer t = Timer.builder(d.name()).description(d.description())
                            .tags("pool", p.name().toLowerCase(Locale.ROOT))
                            .serviceLevelObjectives(buckets).register(this.registry);
                    registered.add(t);
                    byPool.put(p, t);
                }
                timers.put(d, byPool);
            }
        }
    }

    @Override
    public void start(Consumer<Consumer<NodeMetrics.Sample>> read) {
        sync = new SampleSync(toString(), read, this::update);
    }

    /** One sample: the first of a series registers its meter. Runs on the sync thread only. */
    private void update(NodeMetrics.Sample s) {
        Series series = new Series(s.metric().name(), s.pool(), s.attribute());
        if (last.put(series, s.value()) != null) {
            return;
        }
        Tags tags = s.metric().attribute().isEmpty() ? Tags.of("pool", s.pool())
                : Tags.of("pool", s.pool(), s.metric().attribute(), s.attribute());
        String unit = s.metric().unit().equals("By") ? "bytes" : null;
        Meter meter = s.metric().kind() == NodeMetrics.Kind.GAUGE
                ? Gauge.builder(series.name(), last, m -> m.getOrDefault(series, 0.0))
                        .description(s.metric().description()).tags(tags).register(registry)
                : FunctionCounter.builder(series.name(), last, m -> m.getOrDefault(series, 0.0))
                        .description(s.metric().description()).baseUnit(unit).tags(tags).register(registry);
        registered.add(meter);
    }

    @Override
    public void record(NodeMetrics.Descriptor histogram, Pool pool, double seconds) {
        Map<Pool, Timer> byPool = timers.get(histogram);
        if (byPool != null) {
            byPool.get(pool).record(Duration.ofNanos((long) (seconds * 1e9)));
        }
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        List.copyOf(registered).forEach(registry::remove);
    }

    @Override
    public String toString() {
        return "Micrometer";
    }
}
