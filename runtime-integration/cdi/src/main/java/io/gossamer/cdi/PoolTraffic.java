package io.gossamer.cdi;

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
 */
public record PoolTraffic(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
                          long streamsOpened, long streamBytesSent, long drops) {
}
