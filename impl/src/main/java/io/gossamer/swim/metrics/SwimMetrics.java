package io.gossamer.swim.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time copy of a node's transport counters. Counters only grow while the node runs.
 *
 * @param packetsSent      datagrams handed to the socket
 * @param bytesSent        bytes of those datagrams
 * @param packetsReceived  datagrams received, well-formed or not
 * @param bytesReceived    bytes of those datagrams
 * @param sendFailures     datagrams the socket refused to send
 * @param drops            dropped datagrams and stream frames, by the codec's drop reason name;
 *                         reasons never seen are absent or zero
 * @param streamBytesSent     bytes written on streams (push-pull, join, TCP probes), both directions of use
 * @param streamBytesReceived bytes read on streams
 * @param streamsOpened    outgoing streams started
 * @param streamsFailed    outgoing streams that ended without a reply (refused, reset, timed out,
 *                         malformed reply)
 * @param streamsAccepted  incoming streams served
 * @param streamsRejected  incoming streams closed at once because too many were already open, and
 *                         as many waiting
 * @param streamsTimedOut  incoming streams closed because the request or the reply took longer than
 *                         the TCP timeout
 * @param streamsWaited    incoming streams that found every slot taken and waited for their turn
 *                         (counted when they start waiting; a join storm through one seed shows here)
 * @param internalErrors   protocol or codec failures caught by the transport (a bug if not zero)
 * @param inboundStreamBytesPeak the most bytes the buffers of incoming streams held at once since
 *                         the node started (their capacity, not only what arrived): never above
 *                         {@code SwimNodeOptions.maxInboundStreamBytes}
 * @param outboundStreamBytesPeak the most bytes the buffers of replies to the streams this node
 *                         opens held at once since it started, counted the same way: never above
 *                         their own budget, as large as {@code maxInboundStreamBytes}
 * @param guard            what the cluster-mixing guard did: foreign labels by how they differ,
 *                         refusals sent and received, member records refused, members shed
 * @param messagesSent     messages sent in datagrams, by type name in lower case ({@code ping},
 *                         {@code ack}, {@code alive}...); types never sent are absent
 * @param messageBytesSent bytes those messages took in their datagrams, framing included (the
 *                         datagram's header, label, seal and compression are no one message's)
 * @param messagesReceived messages received in well-formed datagrams, by type, as sent
 * @param messageBytesReceived bytes of those, as sent
 */
public record SwimMetrics(
        long packetsSent,
        long bytesSent,
        long packetsReceived,
        long bytesReceived,
        long sendFailures,
        Map<String, Long> drops,
        long streamBytesSent,
        long streamBytesReceived,
        long streamsOpened,
        long streamsFailed,
        long streamsAccepted,
        long streamsRejected,
        long streamsTimedOut,
        long streamsWaited,
        long internalErrors,
        long inboundStreamBytesPeak,
        long outboundStreamBytesPeak,
        GuardMetrics guard,
        Map<String, Long> messagesSent,
        Map<String, Long> messageBytesSent,
        Map<String, Long> messagesReceived,
        Map<String, Long> messageBytesReceived) {

    public SwimMetrics {
        drops = Map.copyOf(Objects.requireNonNull(drops, "drops"));
        messagesSent = Map.copyOf(messagesSent);
        messageBytesSent = Map.copyOf(messageBytesSent);
        messagesReceived = Map.copyOf(messagesReceived);
        messageBytesReceived = Map.copyOf(messageBytesReceived);
        Objects.requireNonNull(guard, "guard");
    }

    /** Total of {@link #drops()}. */
    public long totalDrops() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
