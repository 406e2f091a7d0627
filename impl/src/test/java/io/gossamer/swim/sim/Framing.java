package io.gossamer.swim.sim;

import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;

import java.util.List;
import java.util.function.Predicate;

/**
 * How the simulator turns messages into bytes. With a real codec every datagram and stream payload
 * goes through encode and decode, so a run also exercises the wire format; without it only the
 * framed size is computed, which keeps the largest runs fast while still counting bytes.
 */
interface Framing {

    /** Whether {@link #encodePacket} / {@link #decodePacket} really encode. */
    boolean encodes();

    /** The datagram's bytes, label and compound framing included. */
    byte[] encodePacket(String label, List<Message> messages);

    /**
     * The datagram decoded: its messages, a {@link ForeignLabel} (a label neither {@code expectedLabel}
     * nor accepted by {@code alsoAccept}), or a drop (counted).
     */
    PacketCodec.Decoded decodePacket(String expectedLabel, byte[] datagram, Predicate<String> alsoAccept);

    /** A refusal datagram written with the refused sender's label. */
    byte[] encodeReplyPacket(ForeignLabel to, Message.Refuse refusal);

    /** Size of the datagram {@link #encodePacket} would produce. */
    int packetSize(String label, List<Message> messages);

    /** Whether {@link #encodeStream} / {@link #decodeStream} really encode. */
    boolean encodesStreams();

    /** A stream payload's bytes. */
    byte[] encodeStream(String label, Message message);

    /** A stream frame written with the refused sender's label. */
    byte[] encodeReplyStream(ForeignLabel to, Message.Refuse refusal);

    /** The stream payload decoded: a frame, a {@link ForeignLabel}, or a drop (counted). */
    StreamCodec.Result decodeStream(String expectedLabel, byte[] payload, Predicate<String> alsoAccept);

    /** Size of a stream payload. */
    int streamSize(String label, Message message);
}
