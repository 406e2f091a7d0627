package io.gossamer.swim.metrics;

import java.util.List;
import java.util.Objects;

/**
 * The metrics a node exports, each declared once: its name, kind, unit and meaning, and how it is
 * read from a running node ({@link io.gossamer.swim.SwimNode#readMetrics}). The exporters (the agent's Prometheus endpoint, the CDI
 * extension's OpenTelemetry and MicroProfile Metrics bridges) take names, units and descriptions
 * from here, so the same figure has the same name everywhere (Prometheus spells
 * {@code gossamer.probes} as {@code gossamer_probes_total}).
 *
 * <p>Every sample carries the attribute {@code pool} ({@code lan} or {@code wan}); some carry one
 * more, named in the descriptor. Counters only grow while the node runs; gauges are as of now; the
 * histograms are fed one measurement at a time ({@link MeasurementListener}), in seconds, with
 * the buckets of {@link #DURATION_BUCKETS}.
 */
public final class NodeMetrics {

    /** What kind of figure a metric is. */
    public enum Kind { COUNTER, GAUGE, HISTOGRAM }

    /**
     * One metric.
     *
     * @param name        its name, OpenTelemetry style (dots)
     * @param kind        counter, gauge or histogram
     * @param unit        its unit, UCUM as OpenTelemetry writes it ({@code s}, {@code By}, or a
     *                    count in braces such as <code>{probe}</code>)
     * @param description what it counts, for the metric's help text
     * @param attribute   the attribute that tells its series apart besides {@code pool}, or empty
     */
    public record Descriptor(String name, Kind kind, String unit, String description, String attribute) {
        public Descriptor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(attribute, "attribute");
        }
    }

    /**
     * One value of a counter or gauge.
     *
     * @param metric    which metric
     * @param pool      the pool, {@code lan} or {@code wan}
     * @param attribute the value of the metric's own attribute, empty if it has none
     * @param value     the value
     */
    public record Sample(Descriptor metric, String pool, String attribute, double value) {
    }

    public static final Descriptor MEMBERS = gauge("gossamer.members", "{member}",
            "Members in the local view, by state", "state");
    public static final Descriptor LOCAL_HEALTH = gauge("gossamer.local.health", "1",
            "The local health score (Lifeguard): 0 is best; each point slows this node's probing and "
                    + "lengthens its suspicions", "");
    public static final Descriptor COORDINATE_ERROR = gauge("gossamer.coordinate.error", "1",
            "The estimated error of the local network coordinate (Vivaldi): 1.5 at the start, lower is better", "");
    public static final Descriptor PROBES = counter("gossamer.probes", "{probe}",
            "Probes concluded, by outcome: acked, acked_indirectly (after the probe timeout), acked_over_tcp, "
                    + "failed", "outcome");
    public static final Descriptor SUSPICIONS = counter("gossamer.suspicions", "{suspicion}",
            "Suspicions of members, by outcome: raised, confirmed (the member was declared dead), refuted "
                    + "(it answered)", "outcome");
    public static final Descriptor LOCAL_REFUTATIONS = counter("gossamer.local.refutations", "{refutation}",
            "Refutations by this node of news about itself, by what the news claimed: suspect, dead, "
                    + "other_details", "claim");
    public static final Descriptor PACKETS = counter("gossamer.packets", "{packet}",
            "Datagrams, by direction: sent, received", "direction");
    public static final Descriptor PACKET_BYTES = counter("gossamer.packet.bytes", "By",
            "Bytes of datagrams, by direction: sent, received", "direction");
    public static final Descriptor MESSAGES_SENT = counter("gossamer.messages.sent", "{message}",
            "Protocol messages sent in datagrams, by type", "type");
    public static final Descriptor MESSAGES_RECEIVED = counter("gossamer.messages.received", "{message}",
            "Protocol messages received in well-formed datagrams, by type", "type");
    public static final Descriptor MESSAGE_BYTES_SENT = counter("gossamer.message.bytes.sent", "By",
            "Bytes of the messages sent, by type", "type");
    public static final Descriptor MESSAGE_BYTES_RECEIVED = counter("gossamer.message.bytes.received", "By",
            "Bytes of the messages received, by type", "type");
    public static final Descriptor STREAM_BYTES = counter("gossamer.stream.bytes", "By",
            "Bytes on TCP streams (state exchanges, joins, TCP probes, key operations), by direction", "direction");
    public static final Descriptor STREAMS = counter("gossamer.streams", "{stream}",
            "TCP streams, by outcome: opened, failed, accepted, rejected (too many at once), timed_out", "outcome");
    public static final Descriptor DROPS = counter("gossamer.drops", "{packet}",
            "Datagrams and stream frames dropped, by reason", "reason");
    public static final Descriptor PUSH_PULLS = counter("gossamer.push_pulls", "{exchange}",
            "Full state exchanges, by initiator: local (this node opened it, joins included), peer", "initiator");
    public static final Descriptor KEY_OPERATIONS = counter("gossamer.key.operations", "{operation}",
            "Key operations this node started, by operation: list, install, use, remove", "operation");
    public static final Descriptor KEY_REQUESTS = counter("gossamer.key.requests", "{request}",
            "Key operations of other members that this node answered", "");
    public static final Descriptor CLUSTER_EVENTS = counter("gossamer.cluster_events", "{event}",
            "Cluster events, by outcome: sent, delivered, duplicate, gap, recovered_late, coalesced, stale, "
                    + "stranger", "outcome");
    public static final Descriptor QUERIES = counter("gossamer.queries", "{query}",
            "Queries, by outcome: asked, delivered, answered, response, duplicate, late, relayed, relay_refused, "
                    + "stranger, bad_pattern", "outcome");
    public static final Descriptor GUARD_REFUSALS = counter("gossamer.guard.refusals", "{refusal}",
            "What the cluster-mixing guard refused: foreign_label (datagrams and streams of another cluster "
                    + "or datacenter), record (member records), shed (members removed)", "kind");
    public static final Descriptor INTERNAL_ERRORS = counter("gossamer.internal.errors", "{error}",
            "Failures caught inside the engine: a bug if not zero", "");
    public static final Descriptor PROBE_DURATION = histogram("gossamer.probe.duration", "s",
            "Round trip of a direct probe: from the ping to its ack");
    public static final Descriptor EVENT_DELIVERY_DURATION = histogram("gossamer.event.delivery.duration", "s",
            "From the node recording a membership change to every observer having run");

    /** Every metric, in the order an exporter lists them. */
    public static final List<Descriptor> ALL = List.of(MEMBERS, LOCAL_HEALTH, COORDINATE_ERROR, PROBES, SUSPICIONS,
            LOCAL_REFUTATIONS, PACKETS, PACKET_BYTES, MESSAGES_SENT, MESSAGES_RECEIVED, MESSAGE_BYTES_SENT,
            MESSAGE_BYTES_RECEIVED, STREAM_BYTES, STREAMS, DROPS, PUSH_PULLS, KEY_OPERATIONS, KEY_REQUESTS,
            CLUSTER_EVENTS, QUERIES, GUARD_REFUSALS, INTERNAL_ERRORS, PROBE_DURATION, EVENT_DELIVERY_DURATION);

    /**
     * Bucket bounds of the duration histograms, in seconds: a LAN round trip is a fraction of a
     * millisecond, a WAN one tens to hundreds, a probe times out at 500 ms ({@code lan}).
     */
    public static final List<Double> DURATION_BUCKETS = List.of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5);

    private NodeMetrics() {
    }

    private static Descriptor counter(String name, String unit, String description, String attribute) {
        return new Descriptor(name, Kind.COUNTER, unit, description, attribute);
    }

    private static Descriptor gauge(String name, String unit, String description, String attribute) {
        return new Descriptor(name, Kind.GAUGE, unit, description, attribute);
    }

    private static Descriptor histogram(String name, String unit, String description) {
        return new Descriptor(name, Kind.HISTOGRAM, unit, description, "");
    }
}
