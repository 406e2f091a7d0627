package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.metrics.NodeMetrics;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's metrics through MicroProfile Metrics 5.1 (the application registry): gauges read the
 * latest figures; counters, which the API only increments, are brought up to the engines' counts
 * every {@link SampleSync#PERIOD} (so a scrape may be that much behind); the histograms are
 * timers. Loaded only where the MicroProfile Metrics API exists. Everything registered is removed at close: registries
 * outlive the application in some runtimes.
 */
final class MicroProfileMetricsBridge implements MetricsBridge {

    private final MetricRegistry registry;
    private final Map<NodeMetrics.Descriptor, Map<Pool, Timer>> timers = new ConcurrentHashMap<>();
    /** The last value of each series read, by its id: what a gauge shows, what a counter was brought to. */
    private final Map<MetricID, Double> last = new ConcurrentHashMap<>();
    private final Set<MetricID> registered = ConcurrentHashMap.newKeySet();
    private SampleSync sync;

    /** @param registry the runtime's application {@code org.eclipse.microprofile.metrics.MetricRegistry} */
    MicroProfileMetricsBridge(Object registry) {
        this.registry = (MetricRegistry) registry;
        for (NodeMetrics.Descriptor d : NodeMetrics.ALL) {
            if (d.kind() == NodeMetrics.Kind.HISTOGRAM) {
                Map<Pool, Timer> byPool = new EnumMap<>(Pool.class);
                for (Pool p : Pool.values()) {
                    Tag pool = new Tag("pool", p.name().toLowerCase(Locale.ROOT));
                    byPool.put(p, this.registry.timer(metadata(d, MetricUnits.SECONDS), pool));
                    registered.add(new MetricID(d.name(), pool));
                }
                timers.put(d, byPool);
            }
        }
    }

    private static Metadata metadata(NodeMetrics.Descriptor d, String unit) {
        return Metadata.builder().withName(d.name()).withDescription(d.description()).withUnit(unit).build();
    }

    @Override
    public void start(Consumer<Consumer<NodeMetrics.Sample>> read) {
        sync = new SampleSync(toString(), read, this::update);
    }

    /** One sample: a gauge shows it; a counter is incremented up to it. Runs on the sync thread only. */
    private void update(NodeMetrics.Sample s) {
        Tag[] tags = s.metric().attribute().isEmpty() ? new Tag[] {new Tag("pool", s.pool())}
                : new Tag[] {new Tag("pool", s.pool()), new Tag(s.metric().attribute(), s.attribute())};
        MetricID id = new MetricID(s.metric().name(), tags);
        Double before = last.put(id, s.value());
        if (s.metric().kind() == NodeMetrics.Kind.GAUGE) {
            if (before == null) {
                registry.gauge(metadata(s.metric(), MetricUnits.NONE), last, m -> m.getOrDefault(id, 0.0), tags);
                registered.add(id);
            }
            return;
        }
        Counter counter = registry.counter(metadata(s.metric(), s.metric().unit().equals("By") ? MetricUnits.BYTES
                : MetricUnits.NONE), tags);
        registered.add(id);
        long delta = (long) s.value() - counter.getCount();
        if (delta > 0) {
            counter.inc(delta);
        }
    }

    @Override
    public void record(NodeMetrics.Descriptor histogram, Pool pool, double seconds) {
        Map<Pool, Timer> byPool = timers.get(histogram);
        if (byPool != null) {
            byPool.get(pool).update(Duration.ofNanos((long) (seconds * 1e9)));
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
        return "MicroProfile Metrics";
    }
}
