package io.gossamer.swim;

import io.gossamer.Coordinate;
import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.NodeMetrics;
import io.gossamer.swim.metrics.ProtocolMetrics;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.metrics.SwimMetrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Reads the counters and gauges of {@link NodeMetrics} from a running node. */
final class MetricsReader {

    private MetricsReader() {
    }

    /** {@code s} as an attribute value: lower case, words joined by underscores. */
    static String value(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads every counter and gauge of {@code node} (not the histograms); never blocks. Series
     * whose value is not known yet are left out (a drop reason never seen, the coordinate error
     * with coordinates off).
     */
    static void read(SwimNode node, Consumer<NodeMetrics.Sample> out) {
        String pool = value(node.config().pool().name());
        Reader r = new Reader(pool, out);
        Map<MemberState, Integer> byState = new EnumMap<>(MemberState.class);
        for (MemberState s : MemberState.values()) {
            byState.put(s, 0);
        }
        for (Member m : node.members()) {
            byState.merge(m.state(), 1, Integer::sum);
        }
        byState.forEach((state, n) -> r.add(NodeMetrics.MEMBERS, value(state.name()), n));
        r.add(NodeMetrics.LOCAL_HEALTH, "", node.localHealth());
        Coordinate own = node.coordinates().get(node.localMember().name());
        if (own != null) {
            r.add(NodeMetrics.COORDINATE_ERROR, "", own.error());
        }

        ProtocolMetrics p = node.protocolMetrics();
        r.add(NodeMetrics.PROBES, "acked", p.probesAcked());
        r.add(NodeMetrics.PROBES, "acked_indirectly", p.probesAckedIndirectly());
        r.add(NodeMetrics.PROBES, "acked_over_tcp", p.probesAckedOverTcp());
        r.add(NodeMetrics.PROBES, "failed", p.probesFailed());
        r.add(NodeMetrics.SUSPICIONS, "raised", p.suspicionsRaised());
        r.add(NodeMetrics.SUSPICIONS, "confirmed", p.suspicionsConfirmed());
        r.add(NodeMetrics.SUSPICIONS, "refuted", p.suspicionsRefuted());
        for (LocalRefutation.Claim c : LocalRefutation.Claim.values()) {
            r.add(NodeMetrics.LOCAL_REFUTATIONS, value(c.name()), p.refutations().getOrDefault(c, 0L));
        }
        r.add(NodeMetrics.PUSH_PULLS, "local", p.pushPullsStarted());
        r.add(NodeMetrics.PUSH_PULLS, "peer", p.pushPullsServed());
        for (KeyResponse.Operation op : KeyResponse.Operation.values()) {
            r.add(NodeMetrics.KEY_OPERATIONS, value(op.name()), p.keyOperations().getOrDefault(op, 0L));
        }
        r.add(NodeMetrics.KEY_REQUESTS, "", p.keyRequestsServed());

        SwimMetrics t = node.metrics();
        r.add(NodeMetrics.PACKETS, "sent", t.packetsSent());
        r.add(NodeMetrics.PACKETS, "received", t.packetsReceived());
        r.add(NodeMetrics.PACKET_BYTES, "sent", t.bytesSent());
        r.add(NodeMetrics.PACKET_BYTES, "received", t.bytesReceived());
        t.messagesSent().forEach((type, n) -> r.add(NodeMetrics.MESSAGES_SENT, type, n));
        t.messagesReceived().forEach((type, n) -> r.add(NodeMetrics.MESSAGES_RECEIVED, type, n));
        t.messageBytesSent().forEach((type, n) -> r.add(NodeMetrics.MESSAGE_BYTES_SENT, type, n));
        t.messageBytesReceived().forEach((type, n) -> r.add(NodeMetrics.MESSAGE_BYTES_RECEIVED, type, n));
        r.add(NodeMetrics.STREAM_BYTES, "sent", t.streamBytesSent());
        r.add(NodeMetrics.STREAM_BYTES, "received", t.streamBytesReceived());
        r.add(NodeMetrics.STREAMS, "opened", t.streamsOpened());
        r.add(NodeMetrics.STREAMS, "failed", t.streamsFailed());
        r.add(NodeMetrics.STREAMS, "accepted", t.streamsAccepted());
        r.add(NodeMetrics.STREAMS, "rejected", t.streamsRejected());
        r.add(NodeMetrics.STREAMS, "timed_out", t.streamsTimedOut());
        t.drops().forEach((reason, n) -> r.add(NodeMetrics.DROPS, value(reason), n));
        GuardMetrics g = t.guard();
        r.add(NodeMetrics.GUARD_REFUSALS, "foreign_label", sum(g.foreignLabels()));
        r.add(NodeMetrics.GUARD_REFUSALS, "record", sum(g.refusedRecords()));
        r.add(NodeMetrics.GUARD_REFUSALS, "shed", g.membersShed());
        r.add(NodeMetrics.INTERNAL_ERRORS, "", t.internalErrors());

        EventMetrics e = node.eventMetrics();
        if (e != null) {
            r.add(NodeMetrics.CLUSTER_EVENTS, "sent", e.sent());
            r.add(NodeMetrics.CLUSTER_EVENTS, "delivered", e.delivered());
            r.add(NodeMetrics.CLUSTER_EVENTS, "duplicate", e.duplicates());
            r.add(NodeMetrics.CLUSTER_EVENTS, "gap", e.gaps());
            r.add(NodeMetrics.CLUSTER_EVENTS, "recovered_late", e.recoveredLate());
            r.add(NodeMetrics.CLUSTER_EVENTS, "coalesced", e.coalesced());
            r.add(NodeMetrics.CLUSTER_EVENTS, "stale", e.stale());
            r.add(NodeMetrics.CLUSTER_EVENTS, "stranger", e.strangers());
        }
        QueryMetrics q = node.queryMetrics();
        if (q != null) {
            r.add(NodeMetrics.QUERIES, "asked", q.asked());
            r.add(NodeMetrics.QUERIES, "delivered", q.delivered());
            r.add(NodeMetrics.QUERIES, "answered", q.answered());
            r.add(NodeMetrics.QUERIES, "response", q.responses());
            r.add(NodeMetrics.QUERIES, "duplicate", q.duplicates());
            r.add(NodeMetrics.QUERIES, "late", q.late());
            r.add(NodeMetrics.QUERIES, "relayed", q.relayed());
            r.add(NodeMetrics.QUERIES, "relay_refused", q.relaysRefused());
            r.add(NodeMetrics.QUERIES, "stranger", q.strangers());
            r.add(NodeMetrics.QUERIES, "bad_pattern", q.badPatterns());
        }
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Hands each value on as a sample of the pool. */
    private record Reader(String pool, Consumer<NodeMetrics.Sample> out) {
        void add(NodeMetrics.Descriptor metric, String attribute, double value) {
            out.accept(new NodeMetrics.Sample(metric, pool, attribute, value));
        }
    }
}
