package io.gossamer.swim.transport;

import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.gossamer.swim.transport.CoreRunner.now;

/**
 * The node's datagrams: what arrives is decoded and handed to the core, a datagram with a foreign
 * label is answered with the guard's refusal, and what the core sends is encoded and sent.
 * Confined to the node's context.
 */
final class DatagramChannel {

    private final WireAdapter wire;
    private final TransportCounters counters;
    private final CoreRunner runner;
    private DatagramSocket socket;

    DatagramChannel(WireAdapter wire, TransportCounters counters, CoreRunner runner) {
        this.wire = wire;
        this.counters = counters;
        this.runner = runner;
    }

    /** Sends through {@code bound} from now on; datagrams arrive through {@link #onPacket} from the start. */
    void attach(DatagramSocket bound) {
        this.socket = bound;
    }

    void onPacket(DatagramPacket packet) {
        if (!runner.running()) {
            return;
        }
        byte[] bytes = packet.data().getBytes();
        counters.packetReceived(bytes.length);
        NodeAddress from = new NodeAddress(packet.sender().hostAddress(), packet.sender().port());
        WireAdapter.Result result = wire.decodePacket(bytes);
        if (result instanceof WireAdapter.Result.Packet p) {
            counters.messagesReceived(p.messages());
            runner.call(core -> core.handlePacket(now(), from, p.messages()));
        } else if (result instanceof WireAdapter.Result.Foreign f) {
            counters.dropped(f.label().reason(), "packet", from, f.label().detail());
            Optional<Message.Refuse> refusal = runner.callFor(
                    core -> core.refuseDatagram(now(), from, f.label(), bytes.length), Optional.empty());
            // Written with the refused sender's label, so that its decoder accepts it.
            refusal.ifPresent(r -> send(from, () -> wire.encodeReplyPacket(f.label(), r), "outgoing refusal"));
        } else if (result instanceof WireAdapter.Result.Bad bad) {
            counters.dropped(bad.reason(), "packet", from, bad.detail());
        }
    }

    /** One datagram of the core's messages. */
    void send(NodeAddress to, List<Message> messages) {
        counters.messagesSent(messages);
        send(to, () -> wire.encodePacket(messages), "outgoing packet");
    }

    private void send(NodeAddress to, Supplier<byte[]> encoding, String what) {
        byte[] bytes;
        try {
            bytes = encoding.get();
        } catch (RuntimeException e) {
            counters.internalError(e);
            return;
        }
        counters.packetSent(bytes.length);
        socket.send(Buffer.buffer(bytes), to.port(), to.host()).onFailure(err -> counters.sendFailed(what, to, err));
    }
}
