package io.gossamer.swim.metrics;

/**
 * Receives the measurements a node takes one at a time, for a metrics system to record in its
 * histograms ({@link NodeMetrics#PROBE_DURATION}, {@link NodeMetrics#EVENT_DELIVERY_DURATION});
 * counters and gauges are read instead ({@link io.gossamer.swim.SwimNode#readMetrics}). An implementation must be
 * quick, must not block and should not throw (what it throws is logged once and ignored).
 */
public interface MeasurementListener {

    /** Ignores every measurement. */
    MeasurementListener NONE = new MeasurementListener() { };

    /**
     * A direct ping of this node's probe was acked by its target, {@code roundTripNanos} after
     * it was sent (on a monotonic clock; a late ack counts too, with its whole delay). Called on
     * the node's event loop.
     */
    default void probeRoundTrip(long roundTripNanos) {
    }

    /**
     * Every membership listener has handled a membership event, {@code delayNanos} after the
     * node recorded the change (on the wall clock, so never below 0 but as coarse as it is).
     * Called on the node's delivery thread.
     */
    default void eventDelivered(long delayNanos) {
    }
}
