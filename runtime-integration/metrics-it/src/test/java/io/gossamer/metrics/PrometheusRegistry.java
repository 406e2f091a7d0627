package io.gossamer.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * A runtime's Micrometer registry as Quarkus and WildFly offer one, a bean of type
 * {@code MeterRegistry}: here Micrometer's Prometheus registry, which renders what a
 * {@code /metrics} endpoint serves. Kept after the container stops, to see what is left in it.
 */
public class PrometheusRegistry {

    static volatile PrometheusMeterRegistry last;

    @Produces
    @Singleton
    PrometheusMeterRegistry registry() {
        last = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return last;
    }
}
