package io.gossamer.cdi;

import io.gossamer.swim.metrics.NodeMetrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the engines' counters and gauges every {@link #PERIOD} on a daemon thread of its own, for
 * the metrics systems that hold values rather than ask for them when collected (MicroProfile
 * Metrics, Micrometer): what they serve may be that much behind. A failed read is logged once and
 * the next round tries again.
 */
final class SampleSync implements AutoCloseable {

    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger("io.gossamer.cdi");

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gossamer-metrics");
        t.setDaemon(true);
        return t;
    });
    private boolean failed;

    /** Starts handing every sample that {@code read} gives to {@code update}, on the sync thread only. */
    SampleSync(String system, Consumer<Consumer<NodeMetrics.Sample>> read, Consumer<NodeMetrics.Sample> update) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                read.accept(update);
            } catch (RuntimeException e) {
                if (!failed) {
                    failed = true;
                    LOG.log(System.Logger.Level.WARNING, "Gossamer cannot update its " + system + " (logged once)", e);
                }
            }
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
