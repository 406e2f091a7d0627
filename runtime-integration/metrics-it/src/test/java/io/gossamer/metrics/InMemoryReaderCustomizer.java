package io.gossamer.metrics;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

/**
 * Puts a pull reader into every SDK that the autoconfiguration builds (it finds this class through
 * {@code META-INF/services}): what the test reads back, as an exporter would be given it.
 */
public final class InMemoryReaderCustomizer implements AutoConfigurationCustomizerProvider {

    /** The reader of the SDK built last; one per SDK, as a reader joins one meter provider only. */
    static volatile InMemoryMetricReader reader;

    @Override
    public void customize(AutoConfigurationCustomizer customizer) {
        customizer.addMeterProviderCustomizer((builder, config) -> {
            reader = InMemoryMetricReader.create();
            return builder.registerMetricReader(reader);
        });
    }
}
