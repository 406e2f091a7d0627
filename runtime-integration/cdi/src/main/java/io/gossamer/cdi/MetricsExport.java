package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.metrics.NodeMetrics;

import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;

import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the node's metrics go: to the runtime's OpenTelemetry (MicroProfile Telemetry 2.0), to
 * its MicroProfile Metrics registry and to its Micrometer registry, each when the runtime provides
 * it as a bean, to none otherwise. All are optional: their APIs are asked for by name through the
 * deployment's class loader, and the classes that use them ({@link OpenTelemetryBridge},
 * {@link MicroProfileMetricsBridge}, {@link MicrometerBridge}) are loaded only when they are there,
 * so nothing breaks where none exists.
 */
final class MetricsExport implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");
    static final String OPEN_TELEMETRY = "io.opentelemetry.api.OpenTelemetry";
    static final String METRIC_REGISTRY = "org.eclipse.microprofile.metrics.MetricRegistry";
    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final List<MetricsBridge> bridges;

    private MetricsExport(List<MetricsBridge> bridges) {
        this.bridges = List.copyOf(bridges);
    }

    /**
     * The bridges to whatever the deployment offers. Micrometer only where MicroProfile Metrics is
     * absent: implementations of the latter over Micrometer (SmallRye Metrics 5, Quarkus) may share
     * its registry, where the same names would be registered twice.
     */
    static MetricsExport detect(BeanManager beans) {
        List<MetricsBridge> found = new ArrayList<>(2);
        // Lambdas, not constructor references: a bridge's class is loaded only once its API is there.
        bridge(beans, OPEN_TELEMETRY, "OpenTelemetry", o -> new OpenTelemetryBridge(o)).ifPresent(found::add);
        bridge(beans, METRIC_REGISTRY, "MicroProfile Metrics", o -> new MicroProfileMetricsBridge(o))
                .or(() -> bridge(beans, METER_REGISTRY, "Micrometer", o -> new MicrometerBridge(o)))
                .ifPresent(found::add);
        if (!found.isEmpty()) {
            LOG.log(Level.DEBUG, () -> "Gossamer metrics go to " + found);
        }
        return new MetricsExport(found);
    }

    private static Optional<MetricsBridge> bridge(BeanManager beans, String typeName, String system,
            Function<Object, MetricsBridge> to) {
        return bean(beans, typeName).flatMap(target -> {
            try {
                return Optional.of(to.apply(target));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, system + " is there but Gossamer cannot report to it: " + e, e);
                return Optional.empty();
            }
        });
    }

    /** The bean of the type named {@code typeName}, if the deployment sees the type and has exactly one such bean. */
    private static Optional<Object> bean(BeanManager beans, String typeName) {
        Class<?> type;
        try {
            type = Class.forName(typeName, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        try {
            var candidates = beans.getBeans(type);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            // As an injection point would get it: a producer may read its injection point's
            // annotations (SmallRye Metrics picks the registry's scope from them; none: the application's).
            return Optional.of(beans.getInjectableReference(new LookupPoint(type),
                    beans.createCreationalContext(beans.resolve(candidates))));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "no usable " + typeName + " bean: " + e);
            return Optional.empty();
        }
    }

    /** What each pool's engine measures goes to every bridge's histograms. */
    MeasurementListener measurements(Pool pool) {
        if (bridges.isEmpty()) {
            return MeasurementListener.NONE;
        }
        return new MeasurementListener() {
            @Override
            public void probeRoundTrip(long roundTripNanos) {
                record(NodeMetrics.PROBE_DURATION, pool, roundTripNanos / 1e9);
            }

            @Override
            public void eventDelivered(long delayNanos) {
                record(NodeMetrics.EVENT_DELIVERY_DURATION, pool, delayNanos / 1e9);
            }
        };
    }

    private void record(NodeMetrics.Descriptor histogram, Pool pool, double seconds) {
        for (MetricsBridge b : bridges) {
            b.record(histogram, pool, seconds);
        }
    }

    /** Starts reporting the engines' counters and gauges. */
    void start(GossamerEngines engines) {
        for (MetricsBridge b : bridges) {
            b.start(samples -> engines.nodes().forEach(n -> n.readMetrics(samples)));
        }
    }

    @Override
    public void close() {
        for (MetricsBridge b : bridges) {
            try {
                b.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing " + b + " failed", e);
            }
        }
    }

    /** A plain {@code @Default} injection point of {@code type}, with no annotations of its own. */
    private record LookupPoint(Class<?> type) implements InjectionPoint {

        @Override
        public Type getType() {
            return type;
        }

        @Override
        public Set<Annotation> getQualifiers() {
            return Set.of(Default.Literal.INSTANCE);
        }

        @Override
        public Bean<?> getBean() {
            return null;
        }

        @Override
        public Member getMember() {
            return null;
        }

        @Override
        public Annotated getAnnotated() {
            return new Annotated() {
                @Override
                public Type getBaseType() {
                    return type;
                }

                @Override
                public Set<Type> getTypeClosure() {
                    return Set.of(type, Object.class);
                }

                @Override
                public <T extends Annotation> T getAnnotation(Class<T> annotationType) {
                    return null;
                }

                @Override
                public <T extends Annotation> Set<T> getAnnotations(Class<T> annotationType) {
                    return Set.of();
                }

                @Override
                public Set<Annotation> getAnnotations() {
                    return Set.of();
                }

                @Override
                public boolean isAnnotationPresent(Class<? extends Annotation> annotationType) {
                    return false;
                }
            };
        }

        @Override
        public boolean isDelegate() {
            return false;
        }

        @Override
        public boolean isTransient() {
            return false;
        }
    }
}
