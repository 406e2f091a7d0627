package io.gossamer.swim.transport;

import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.wire.Decoded;
import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.FrameDecoder;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;

import java.util.List;

/**
 * The only class of the transport that knows the codec's API, so that a change there stays a
 * one-file change here. Decoding results are mapped to the transport's own small result types.
 */
final class WireAdapter {

    /**
     * Largest stream frame accepted. A push-pull of 10,000 members is about 1 MiB; the cap bounds
     * what a hostile peer can make us buffer (times the inbound stream cap).
     */
    static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final PacketCodec packets;
    private final StreamCodec streams;

    WireAdapter(SwimConfig config) {
        packets = new PacketCodec(config.label(), config.packetSize());
        streams = new StreamCodec(config.label(), MAX_FRAME_BYTES);
    }

    byte[] encodePacket(List<Message> messages) {
        return packets.encode(messages);
    }

    /** Decodes one datagram; never throws. */
    Result decodePacket(byte[] data) {
        Decoded decoded;
        try {
            decoded = packets.decode(data, 0, data.length);
        } catch (RuntimeException e) {
            // The codec promises not to throw; if it does anyway, the packet is still just dropped.
            return new Result.Bad(DropReason.MALFORMED, "codec threw " + e);
        }
        if (decoded instanceof Decoded.Messages m) {
            return new Result.Packet(m.messages());
        }
        Decoded.Dropped d = (Decoded.Dropped) decoded;
        return new Result.Bad(d.reason(), d.detail());
    }

    byte[] encodeFrame(Message message) {
        return streams.encode(message);
    }

    FrameReader newFrameReader() {
        FrameDecoder decoder = streams.newDecoder();
        return data -> {
            FrameDecoder.Result r;
            try {
                r = decoder.feed(data, 0, data.length);
            } catch (RuntimeException e) {
                return new Result.Bad(DropReason.MALFORMED, "codec threw " + e);
            }
            if (r instanceof FrameDecoder.Frame f) {
                return new Result.Frame(f.message());
            }
            if (r instanceof FrameDecoder.Dropped d) {
                return new Result.Bad(d.reason(), d.detail());
            }
            return Result.NeedMore.INSTANCE;
        };
    }

    /** Incremental reader of one stream frame. */
    interface FrameReader {
        Result feed(byte[] data);
    }

    /** What decoding produced. */
    sealed interface Result {
        record Packet(List<Message> messages) implements Result { }

        record Frame(Message message) implements Result { }

        record Bad(DropReason reason, String detail) implements Result { }

        enum NeedMore implements Result { INSTANCE }
    }
}
