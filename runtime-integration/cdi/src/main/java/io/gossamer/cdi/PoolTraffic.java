package io.gossamer.cdi;

import io.gossamer.swim.metrics.SwimMetrics;

import java.util.Map;

/**
 * What a pool's engine sent and received since it started ({@link NodeAdmin#traffic}). Counters
 * only grow while the node runs.
 *
 * @param packetsSent     datagrams sent
 * @param bytesSent       bytes of those datagrams (UDP payload)
 * @param packetsReceived datagrams received, well-formed or not
 * @param bytesReceived   bytes of those datagrams
 * @param streamsOpened   outgoing TCP streams started (push-pull, join, TCP fallback probes)
 * @param streamBytesSent bytes written on streams
 * @param drops           datagrams and stream frames dropped, whatever the reason
 * @param dropsByReason   the same by reason (the engine's drop reasons, such as {@code BAD_MAGIC}
 *                        or {@code INVALID_FIELD}), only reasons seen, in name order
 */
public record PoolTraffic(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
                          long streamsOpened, long streamBytesSent, long drops, Map<String, Long> dropsByReason) {

    public PoolTraffic {
        dropsByReason = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(dropsByReason));
    }

    /** The figures of an engine's counters. */
    public static PoolTraffic of(SwimMetrics m) {
        return new PoolTraffic(m.packetsSent(), m.bytesSent(), m.packetsReceived(), m.bytesReceived(),
                m.streamsOpened(), m.streamBytesSent(), m.totalDrops(), m.drops());
    }
}
