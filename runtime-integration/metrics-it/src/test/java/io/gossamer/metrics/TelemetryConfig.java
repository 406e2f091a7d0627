package io.gossamer.metrics;

import io.smallrye.opentelemetry.api.OpenTelemetryConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code otel.*} keys of MicroProfile Config, for SmallRye OpenTelemetry's producer: what its
 * {@code smallrye-opentelemetry-config} module gives a runtime (that module does not resolve here).
 */
@ApplicationScoped
public class TelemetryConfig {

    @Produces
    @Singleton
    OpenTelemetryConfig openTelemetryConfig() {
        Config config = ConfigProvider.getConfig();
        return () -> {
            Map<String, String> p = new HashMap<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith("otel.")) {
                    config.getOptionalValue(name, String.class).ifPresent(v -> p.put(name, v));
                }
            }
            return p;
        };
    }
}
