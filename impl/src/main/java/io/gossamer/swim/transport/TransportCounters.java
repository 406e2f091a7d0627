package io.gossamer.swim.transport;

import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.metrics.SwimMetrics;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.DropCounters;
import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.MessageTally;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the transport counts: datagrams and stream bytes each way, streams by fate, drops by
 * reason, failed sends and internal errors. Updated on the node's context, read from any thread
 * through {@link #snapshot}. The troubles among them (drops, failed sends, refused streams,
 * internal errors) are also logged, at most once per reason and interval (see {@link DropLog}).
 */
final class TransportCounters {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");

    private final DropLog log;
    private final DropCounters drops = new DropCounters();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder streamBytesSent = new LongAdder();
    private final LongAdder streamBytesReceived = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder streamsFailed = new LongAdder();
    private final LongAdder streamsAccepted = new LongAdder();
    private final LongAdder streamsRejected = new LongAdder();
    private final LongAdder streamsTimedOut = new LongAdder();
    private final LongAdder streamsWaited = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final MessageTally messagesSent = new MessageTally();
    private final MessageTally messagesReceived = new MessageTally();
    /** Written on the node's context only, read from any thread. */
    private volatile long inboundStreamBytesPeak;
    /** Written on the node's context only, read from any thread. */
    private volatile long outboundStreamBytesPeak;

    /** @param node the local member's name, for the log */
    TransportCounters(String node) {
        this.log = new DropLog(node);
    }

    void packetSent(int bytes) {
        packetsSent.increment();
        bytesSent.add(bytes);
    }

    /** The messages of a datagram about to be sent. */
    void messagesSent(List<Message> messages) {
        messagesSent.add(messages);
    }

    /** The messages of a well-formed datagram received. */
    void messagesReceived(List<Message> messages) {
        messagesReceived.add(messages);
    }

    void packetReceived(int bytes) {
        packetsReceived.increment();
        bytesReceived.add(bytes);
    }

    /** A datagram the socket could not send; {@code what} says which kind, for the log. */
    void sendFailed(String what, NodeAddress to, Throwable cause) {
        sendFailures.increment();
        log.dropped("SEND_FAILED", what, "to " + to, cause.toString());
    }

    void streamBytesSent(int bytes) {
        streamBytesSent.add(bytes);
    }

    void streamBytesReceived(int bytes) {
        streamBytesReceived.add(bytes);
    }

    void streamOpened() {
        streamsOpened.increment();
    }

    void streamFailed() {
        streamsFailed.increment();
    }

    void streamAccepted() {
        streamsAccepted.increment();
    }

    /** An incoming stream closed at once: every slot is taken and as many streams wait already. */
    void streamRejected(NodeAddress from, String detail) {
        streamsRejected.increment();
        log.dropped("STREAM_LIMIT", "stream", "from " + from, detail);
    }

    /** The buffers of incoming streams now hold {@code bytes}. */
    void streamBuffers(long bytes) {
        if (bytes > inboundStreamBytesPeak) {
            inboundStreamBytesPeak = bytes;
        }
    }

    /** The buffers of replies to our streams now hold {@code bytes}. */
    void replyBuffers(long bytes) {
        if (bytes > outboundStreamBytesPeak) {
            outboundStreamBytesPeak = bytes;
        }
    }

    /** An incoming stream found every slot taken and waits for its turn. */
    void streamWaited() {
        streamsWaited.increment();
    }

    void streamTimedOut() {
        streamsTimedOut.increment();
    }

    /** Input refused by the codec, or a stream cut for holding too much. */
    void dropped(DropReason reason, String what, NodeAddress from, String detail) {
        drops.increment(reason);
        log.dropped(reason.name(), what, "from " + from, detail);
    }

    /** A core call or an encoding that threw: a bug, counted and logged, never thrown into the event loop. */
    void internalError(RuntimeException e) {
        internalErrors.increment();
        log.dropped("INTERNAL_ERROR", "input", "in the core", e.toString());
        LOG.log(Level.DEBUG, "core call failed", e);
    }

    /** A copy of the counters, with the guard's. */
    SwimMetrics snapshot(GuardMetrics guard) {
        Map<String, Long> dropMap = new LinkedHashMap<>();
        drops.snapshot().forEach((reason, count) -> {
            if (count > 0) {
                dropMap.put(reason.name(), count);
            }
        });
        return new SwimMetrics(packetsSent.sum(), bytesSent.sum(), packetsReceived.sum(), bytesReceived.sum(),
                sendFailures.sum(), dropMap, streamBytesSent.sum(), streamBytesReceived.sum(), streamsOpened.sum(),
                streamsFailed.sum(), streamsAccepted.sum(), streamsRejected.sum(), streamsTimedOut.sum(),
                streamsWaited.sum(), internalErrors.sum(), inboundStreamBytesPeak, outboundStreamBytesPeak, guard,
                messagesSent.counts(), messagesSent.bytes(), messagesReceived.counts(), messagesReceived.bytes());
    }
}
