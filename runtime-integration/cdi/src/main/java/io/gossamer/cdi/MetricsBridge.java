package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.metrics.NodeMetrics;

import java.util.function.Consumer;

/**
 * One metrics system the node's metrics go to ({@link NodeMetrics}): the runtime's OpenTelemetry,
 * its MicroProfile Metrics registry or its Micrometer registry. Counters and gauges are read from the engines when the
 * system asks (or often enough); the histograms are fed one measurement at a time.
 */
interface MetricsBridge extends AutoCloseable {

    /** Starts reporting the counters and gauges that {@code read} gives, each sample of one pool. */
    void start(Consumer<Consumer<NodeMetrics.Sample>> read);

    /** One measurement of a histogram ({@link NodeMetrics#PROBE_DURATION}...), in seconds. */
    void record(NodeMetrics.Descriptor histogram, Pool pool, double seconds);

    /** Stops reporting and takes back what it registered. */
    @Override
    void close();
}
