package io.gossamer.swim.sim;

import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;

import java.util.EnumMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Framing through the production {@link PacketCodec} and {@link StreamCodec}. With {@code encode} set,
 * every datagram and stream frame is really encoded and decoded; otherwise both are only sized, exactly,
 * with the codecs' size functions (encoding a 3,000-member push-pull only to count it is slow).
 */
final class WireFraming implements Framing {

    /** Encode and decode every datagram: exercises the codec, counts exact bytes. */
    static final WireFraming ENCODING = new WireFraming(true);
    /** Exact datagram sizes without encoding: for very large runs. */
    static final WireFraming SIZING = new WireFraming(false);

    private final boolean encode;
    // The codec is built at the largest size so an oversize datagram still encodes and the simulator's
    // own size check (against the node's packetSize) reports it, instead of an exception mid-run.
    private final Map<String, PacketCodec> codecs = new ConcurrentHashMap<>();
    private final Map<String, StreamCodec> streamCodecs = new ConcurrentHashMap<>();
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    private WireFraming(boolean encode) {
        this.encode = encode;
    }

    private PacketCodec codec(String label) {
        return codecs.computeIfAbsent(label, l -> new PacketCodec(l, PacketCodec.MAX_PACKET_SIZE));
    }

    @Override
    public boolean encodes() {
        return encode;
    }

    @Override
    public byte[] encodePacket(String label, List<Message> messages) {
        return codec(label).encode(messages);
    }

    @Override
    public PacketCodec.Decoded decodePacket(String expectedLabel, byte[] datagram, Predicate<String> alsoAccept) {
        PacketCodec.Decoded d = codec(expectedLabel).decode(datagram, 0, datagram.length, alsoAccept);
        if (d instanceof PacketCodec.Decoded.Dropped dropped) {
            synchronized (drops) {
                drops.merge(dropped.reason(), 1L, Long::sum);
            }
        }
        return d;
    }

    @Override
    public byte[] encodeReplyPacket(ForeignLabel to, Message.Refuse refusal) {
        return PacketCodec.encodeReply(to, refusal);
    }

    @Override
    public int packetSize(String label, List<Message> messages) {
        PacketCodec c = codec(label);
        int size = c.packetSize() - c.capacity();
        for (Message m : messages) {
            size += c.framedSize(m);
        }
        return size;
    }

    private StreamCodec streamCodec(String label) {
        return streamCodecs.computeIfAbsent(label, l -> new StreamCodec(l, StreamCodec.DEFAULT_MAX_FRAME_BYTES));
    }

    @Override
    public boolean encodesStreams() {
        return encode;
    }

    @Override
    public byte[] encodeStream(String label, Message message) {
        return streamCodec(label).encode(message);
    }

    @Override
    public byte[] encodeReplyStream(ForeignLabel to, Message.Refuse refusal) {
        return streamCodec("").encodeReply(to, refusal);
    }

    @Override
    public StreamCodec.Result decodeStream(String expectedLabel, byte[] payload, Predicate<String> alsoAccept) {
        StreamCodec.Result r = streamCodec(expectedLabel).newDecoder(alsoAccept).feed(payload);
        if (r instanceof StreamCodec.Result.Frame || r instanceof ForeignLabel) {
            return r;
        }
        DropReason reason = r instanceof StreamCodec.Result.Dropped d ? d.reason() : DropReason.TRUNCATED;
        synchronized (drops) {
            drops.merge(reason, 1L, Long::sum);
        }
        return r instanceof StreamCodec.Result.Dropped ? r : new StreamCodec.Result.Dropped(reason, "incomplete");
    }

    @Override
    public int streamSize(String label, Message message) {
        return (int) streamCodec(label).encodedSize(message);
    }

    /** Datagrams the codec refused (foreign labels apart), by reason. */
    Map<DropReason, Long> drops() {
        synchronized (drops) {
            return Map.copyOf(drops);
        }
    }
}
