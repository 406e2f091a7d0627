package io.gossamer.swim.transport;

import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.DropReason;
import io.gossamer.swim.wire.Envelope;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.FrameCache;
import io.gossamer.swim.wire.FrameBudget;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The only class of the transport that knows the codec's API, so that a change there stays a
 * one-file change here. Decoding results are mapped to the transport's own small result types.
 */
final class WireAdapter {

    /**
     * Largest stream frame accepted: the codec's default, so that peers agree. The decoder's
     * buffer grows with the bytes actually received, so the cap does not let a peer make us
     * allocate it by announcing it.
     */
    static final int MAX_FRAME_BYTES = StreamCodec.DEFAULT_MAX_FRAME_BYTES;

    private final PacketCodec packets;
    private final StreamCodec streams;
    private final Predicate<String> alsoAccept;
    private final Envelope envelope;
    /**
     * Gossip already encoded (see {@link FrameCache}). 2,048 slots: news about every member of a
     * cluster of about a thousand fits while it all spreads at once, as in a join storm.
     */
    private final FrameCache frames = new FrameCache(2048);

    /**
     * @param alsoAccept which labels other than ours to decode anyway (the guard's say, asked on
     *                   the node's context)
     * @param envelope   the node's keys and verify switches; used on the node's context only
     */
    WireAdapter(SwimConfig config, Predicate<String> alsoAccept, Envelope envelope) {
        packets = new PacketCodec(config.label(), config.packetSize(), envelope.hasKeys()).compressing();
        streams = new StreamCodec(config.label(), MAX_FRAME_BYTES).compressing();
        this.alsoAccept = alsoAccept;
        this.envelope = envelope;
    }

    /** The keys in force, if any. */
    Optional<Keyring> keyring() {
        return envelope.keyring();
    }

    /** Seals with {@code next}'s primary key from the next message on. */
    void keyring(Keyring next) {
        envelope.keyring(next);
    }

    byte[] encodePacket(List<Message> messages) {
        boolean gossip = false;
        for (Message m : messages) {
            gossip |= FrameCache.keeps(m);
        }
        if (!gossip) {
            // Nothing was queued to go with this datagram: what the cache holds will not be sent
            // again, and an idle node keeps nothing for it.
            frames.clear();
        }
        return packets.encode(messages, envelope, frames);
    }

    /** Decodes one datagram; never throws. */
    Result decodePacket(byte[] data) {
        PacketCodec.Decoded decoded;
        try {
            decoded = packets.decode(data, 0, data.length, alsoAccept, envelope);
        } catch (RuntimeException e) {
            // The codec promises not to throw; if it does anyway, the packet is still just dropped.
            return new Result.Bad(DropReason.INTERNAL_ERROR, "codec threw " + e);
        }
        if (decoded instanceof PacketCodec.Decoded.Messages m) {
            return new Result.Packet(m.messages());
        }
        if (decoded instanceof ForeignLabel f) {
            return new Result.Foreign(f);
        }
        PacketCodec.Decoded.Dropped d = (PacketCodec.Decoded.Dropped) decoded;
        return new Result.Bad(d.reason(), d.detail());
    }

    byte[] encodeFrame(Message message) {
        return streams.encode(message, envelope);
    }

    /**
     * A refusal datagram for the sender of a foreign datagram, with its label; sealed with our
     * primary key when we seal everything (a sender holding none of our keys cannot read it: we
     * tell strangers nothing).
     */
    byte[] encodeReplyPacket(ForeignLabel to, Message.Refuse refusal) {
        return PacketCodec.encodeReply(to, refusal, envelope);
    }

    /** A refusal frame for the sender of a foreign stream, with its label; sealed as datagrams are. */
    byte[] encodeReplyFrame(ForeignLabel to, Message.Refuse refusal) {
        return streams.encodeReply(to, refusal, envelope);
    }

    /**
     * A reader whose buffers {@code budget} pays for (every stream has one: requests and replies
     * alike); see
     * {@link StreamCodec#newDecoder(Predicate, Envelope, FrameBudget)}.
     */
    FrameReader newFrameReader(FrameBudget budget) {
        StreamCodec.FrameDecoder decoder = streams.newDecoder(alsoAccept, envelope, budget);
        return new FrameReader() {
            @Override
            public Result feed(byte[] data) {
                try {
                    return map(decoder.feed(data));
                } catch (RuntimeException e) {
                    return new Result.Bad(DropReason.INTERNAL_ERROR, "codec threw " + e);
                }
            }

            @Override
            public Result endOfStream() {
                try {
                    return map(decoder.endOfStream());
                } catch (RuntimeException e) {
                    return new Result.Bad(DropReason.INTERNAL_ERROR, "codec threw " + e);
                }
            }
        };
    }

    private static Result map(StreamCodec.Result r) {
        if (r instanceof StreamCodec.Result.Frame f) {
            return new Result.Frame(f.message());
        }
        if (r instanceof StreamCodec.Result.Dropped d) {
            return new Result.Bad(d.reason(), d.detail());
        }
        if (r instanceof ForeignLabel f) {
            return new Result.Foreign(f);
        }
        return Result.NeedMore.INSTANCE;
    }

    /** Incremental reader of one stream frame. */
    interface FrameReader {
        Result feed(byte[] data);

        /** The peer closed: the frame if complete, else a TRUNCATED drop. */
        Result endOfStream();
    }

    /** What decoding produced. */
    sealed interface Result {
        record Packet(List<Message> messages) implements Result { }

        record Frame(Message message) implements Result { }

        record Bad(DropReason reason, String detail) implements Result { }

        /** Well-formed up to a label that is not ours: a drop, but one that gets a refusal. */
        record Foreign(ForeignLabel label) implements Result { }

        enum NeedMore implements Result { INSTANCE }
    }
}
