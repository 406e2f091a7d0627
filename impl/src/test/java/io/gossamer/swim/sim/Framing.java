package io.gossamer.swim.sim;

import io.gossamer.swim.wire.Message;

import java.util.List;

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

    /** The messages of a datagram, or {@code null} if the codec rejected it (counted, then dropped). */
    List<Message> decodePacket(String expectedLabel, byte[] datagram);

    /** Size of the datagram {@link #encodePacket} would produce. */
    int packetSize(String label, List<Message> messages);

    /** Whether {@link #encodeStream} / {@link #decodeStream} really encode. */
    boolean encodesStreams();

    /** A stream payload's bytes. */
    byte[] encodeStream(String label, Message message);

    /** The stream payload's message, or {@code null} if rejected. */
    Message decodeStream(String expectedLabel, byte[] payload);

    /** Size of a stream payload. */
    int streamSize(String label, Message message);
}
