package io.gossamer.swim.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Encodes and decodes datagrams: one or more messages behind a header that names the format
 * version and the sender's label.
 *
 * <pre>
 * datagram = magic 'G' 'D' | version 0x02 | label length u8 | label (UTF-8) | payload
 *          | magic 'G' 'D' | version 0x82 | label length u8 | label (UTF-8) | nonce 12 | sealed(payload) | tag 16
 * payload  = count u8 (1..255) | count x ( length u16 | type u8 | body )
 * </pre>
 *
 * <p>A sealed datagram (bit 7 of the version byte set) carries its payload encrypted with AES-GCM,
 * the header in front of the nonce (magic, version byte, label length, label) as associated data;
 * see {@link Envelope}. Integers are big-endian; see {@code impl/README.md (Wire format)} for every
 * message body. Push-pull and key messages are stream-only and never appear in a datagram.
 *
 * <p>Instances are immutable and thread-safe; the {@link Envelope} passed to the sealing methods is
 * not, and belongs to the caller's thread.
 */
public final class PacketCodec {

    static final int MAGIC_0 = 0x47; // 'G'
    static final int MAGIC_1 = 0x44; // 'D' for datagram

    /** Per-message framing: the u16 length in front of each message. */
    static final int FRAME_OVERHEAD = 2;
    /** The smallest message (an ack or nack) with its framing. */
    private static final int MIN_FRAMED = FRAME_OVERHEAD + 1 + 8;
    /** Largest datagram this codec builds: the u16 frame lengths cannot describe more. */
    public static final int MAX_PACKET_SIZE = 65_535;

    private final String label;
    private final byte[] labelBytes;
    private final int packetSize;
    /** Header and message count. */
    private final int headerSize;
    /** Bytes kept free for sealing: {@link Envelope#OVERHEAD} if datagrams may be sealed, else 0. */
    private final int sealReserve;
    /** Whether datagrams of {@link Compression#THRESHOLD} bytes or more are sent compressed when that shrinks them. */
    private final boolean compress;

    /**
     * A codec for plaintext datagrams: {@link #capacity()} keeps nothing free for sealing.
     *
     * @param label      this node's label; every datagram carries it and datagrams carrying another
     *                   are dropped. At most {@value WireLimits#MAX_LABEL_BYTES} bytes of UTF-8; may be empty.
     * @param packetSize the largest datagram to build, in bytes; at most {@value #MAX_PACKET_SIZE}
     *                   and large enough for the header and one ack
     * @throws IllegalArgumentException if the label is too long or not valid Unicode, or the
     *                                  packet size is out of range
     */
    public PacketCodec(String label, int packetSize) {
        this(label, packetSize, false);
    }

    /**
     * @param sealable whether datagrams may be sealed: then {@link #capacity()} keeps the
     *                 {@value Envelope#OVERHEAD} bytes that sealing adds free, so that a datagram
     *                 filled to capacity and sealed is still at most {@code packetSize}
     * @see #PacketCodec(String, int)
     */
    public PacketCodec(String label, int packetSize, boolean sealable) {
        this(label, packetSize, sealable, false);
    }

    private PacketCodec(String label, int packetSize, boolean sealable, boolean compress) {
        this.compress = compress;
        this.label = Objects.requireNonNull(label, "label");
        this.labelBytes = Header.labelBytes(label);
        this.headerSize = Header.size(labelBytes.length) + 1;
        this.sealReserve = sealable ? Envelope.OVERHEAD : 0;
        if (packetSize > MAX_PACKET_SIZE || packetSize < headerSize + sealReserve + MIN_FRAMED) {
            throw new IllegalArgumentException("packetSize must be in [" + (headerSize + sealReserve + MIN_FRAMED)
                    + ", " + MAX_PACKET_SIZE + "] with this label" + (sealable ? " and sealing" : "") + ": "
                    + packetSize);
        }
        this.packetSize = packetSize;
    }

    /**
     * This codec, sending a datagram of {@link Compression#THRESHOLD} bytes or more compressed when
     * that makes it smaller (every codec reads compressed datagrams). Sizes and capacity are those of
     * the uncompressed datagram: compression saves bytes on the wire, it does not make room.
     */
    public PacketCodec compressing() {
        return new PacketCodec(label, packetSize, sealReserve > 0, true);
    }

    /** The label this codec writes and expects. */
    public String label() {
        return label;
    }

    /** The largest datagram this codec builds. */
    public int packetSize() {
        return packetSize;
    }

    /**
     * Bytes available for framed messages in one datagram: {@code packetSize} minus the header
     * (magic, version, label, count) and, if the codec is sealable, minus the
     * {@value Envelope#OVERHEAD} bytes of nonce and tag. Messages {@code m1..mk} fit in one datagram
     * if and only if {@code k <= 255} and {@code framedSize(m1) + ... + framedSize(mk) <= capacity()}.
     */
    public int capacity() {
        return packetSize - headerSize - sealReserve;
    }

    /**
     * Bytes of the plaintext datagram {@link #encode(List)} would build for {@code messages}: the
     * header and every framed message. A sealed datagram is {@value Envelope#OVERHEAD} bytes more,
     * whatever it holds, so two sizes compare the same sealed or not.
     */
    public int datagramSize(List<Message> messages) {
        int total = headerSize;
        for (Message m : messages) {
            total += framedSize(m);
        }
        return total;
    }

    /**
     * Exact number of bytes {@code m} occupies in a datagram, its two-byte length prefix included.
     * Computed without encoding: it walks the strings once and allocates nothing.
     *
     * @throws IllegalArgumentException if {@code m} is a push-pull (stream-only) or a field is
     *                                  outside {@link WireLimits}; such a message cannot be sent at all
     */
    public int framedSize(Message m) {
        Objects.requireNonNull(m, "message");
        if (m instanceof Message.PushPull) {
            throw new IllegalArgumentException("push-pull is stream-only");
        }
        // Non-push-pull messages are bounded by their field limits (under 2 KiB), so no overflow.
        return FRAME_OVERHEAD + (int) MessageCodec.size(m);
    }

    /**
     * Encodes one datagram holding {@code messages}, in order.
     *
     * @throws IllegalArgumentException if the list is empty or holds more than 255 messages, if a
     *                                  message is a push-pull or has a field outside
     *                                  {@link WireLimits}, or if the datagram would exceed
     *                                  {@code packetSize}: all programming errors of the caller,
     *                                  which is expected to size its packets with
     *                                  {@link #framedSize(Message)} and {@link #capacity()}
     */
    public byte[] encode(List<Message> messages) {
        return encode(messages, Envelope.plaintext());
    }

    /**
     * Encodes one datagram holding {@code messages}, sealed with the envelope's primary key if it
     * seals outgoing datagrams, in plaintext otherwise.
     *
     * @throws IllegalArgumentException as {@link #encode(List)}; a sealed datagram counts its
     *                                  {@value Envelope#OVERHEAD} bytes of nonce and tag against
     *                                  {@code packetSize}
     */
    public byte[] encode(List<Message> messages, Envelope envelope) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(envelope, "envelope");
        boolean seal = envelope.sealsOutgoing();
        int overhead = seal ? Envelope.OVERHEAD : 0;
        requireMessageCount(messages);
        int[] sizes = new int[messages.size()];
        int total = headerSize + overhead;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = framedSize(messages.get(i));
            total += sizes[i];
            if (total > packetSize) {
                throw new IllegalArgumentException("messages need more than " + packetSize + " bytes ("
                        + total + " after " + (i + 1) + " of " + sizes.length + (seal ? ", sealed" : "") + ")");
            }
        }
        WireWriter w = new WireWriter(total - overhead);
        Header.write(w, (byte) MAGIC_0, (byte) MAGIC_1, labelBytes, seal);
        w.u8(messages.size());
        for (int i = 0; i < sizes.length; i++) {
            w.u16(sizes[i] - FRAME_OVERHEAD);
            MessageCodec.write(w, messages.get(i));
        }
        byte[] plain = compressed(w.finish(), Header.size(labelBytes.length), compress);
        return seal ? sealAfter(plain, Header.size(labelBytes.length), envelope) : plain;
    }

    /**
     * {@code plain} with what follows its header of {@code headerLength} bytes deflated and the
     * compressed flag set, if {@code compress} and that is large enough and comes out smaller;
     * otherwise {@code plain} itself.
     */
    static byte[] compressed(byte[] plain, int headerLength, boolean compress) {
        if (!compress || plain.length - headerLength < Compression.THRESHOLD) {
            return plain;
        }
        byte[] deflated = Compression.deflate(plain, headerLength, plain.length - headerLength);
        if (deflated == null) {
            return plain;
        }
        byte[] out = new byte[headerLength + deflated.length];
        System.arraycopy(plain, 0, out, 0, headerLength);
        System.arraycopy(deflated, 0, out, headerLength, deflated.length);
        out[2] |= Header.COMPRESSED;
        return out;
    }

    private static void requireMessageCount(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a datagram needs at least one message");
        }
        if (messages.size() > WireLimits.MAX_MESSAGES_PER_PACKET) {
            throw new IllegalArgumentException(messages.size() + " messages, at most "
                    + WireLimits.MAX_MESSAGES_PER_PACKET + " per datagram");
        }
    }

    /**
     * {@link #encode(List, Envelope)}, taking the encoded body of each gossip message from
     * {@code cache} when it was encoded before, and keeping the bodies of those it encodes now. The
     * bytes are the same as without the cache; a message that cannot be encoded still throws, the
     * first time (a body is only kept once it was written).
     */
    public byte[] encode(List<Message> messages, Envelope envelope, FrameCache cache) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(cache, "cache");
        boolean seal = envelope.sealsOutgoing();
        int overhead = seal ? Envelope.OVERHEAD : 0;
        requireMessageCount(messages);
        int count = messages.size();
        byte[][] bodies = new byte[count][];
        int[] sizes = new int[count];
        int total = headerSize + overhead;
        for (int i = 0; i < count; i++) {
            Message m = messages.get(i);
            if (FrameCache.keeps(m)) {
                byte[] body = cache.get(m);
                if (body == null) {
                    WireWriter bw = new WireWriter(framedSize(m) - FRAME_OVERHEAD);
                    MessageCodec.write(bw, m);
                    body = bw.finish();
                    cache.put(m, body);
                }
                bodies[i] = body;
                sizes[i] = FRAME_OVERHEAD + body.length;
            } else {
                sizes[i] = framedSize(m);
            }
            total += sizes[i];
            if (total > packetSize) {
                throw new IllegalArgumentException("messages need more than " + packetSize + " bytes ("
                        + total + " after " + (i + 1) + " of " + count + (seal ? ", sealed" : "") + ")");
            }
        }
        WireWriter w = new WireWriter(total - overhead);
        Header.write(w, (byte) MAGIC_0, (byte) MAGIC_1, labelBytes, seal);
        w.u8(count);
        for (int i = 0; i < count; i++) {
            w.u16(sizes[i] - FRAME_OVERHEAD);
            if (bodies[i] != null) {
                w.bytes(bodies[i]);
            } else {
                MessageCodec.write(w, messages.get(i));
            }
        }
        byte[] plain = w.finish();
        return seal ? sealAfter(plain, Header.size(labelBytes.length), envelope) : plain;
    }

    /**
     * {@code plain} with everything after its first {@code headerLength} bytes sealed, those bytes
     * being the associated data: {@code [header][nonce][ciphertext][tag]}.
     */
    static byte[] sealAfter(byte[] plain, int headerLength, Envelope envelope) {
        byte[] out = new byte[plain.length + Envelope.OVERHEAD];
        System.arraycopy(plain, 0, out, 0, headerLength);
        envelope.seal(plain, headerLength, plain.length - headerLength, out, headerLength, out, headerLength);
        return out;
    }

    /**
     * Decodes the datagram in {@code data[offset, offset + length)}, accepting only our own label.
     * Same as {@link #decode(byte[], int, int, Predicate)} with a predicate that accepts nothing.
     */
    public Decoded decode(byte[] data, int offset, int length) {
        return decode(data, offset, length, NO_OTHER_LABEL);
    }

    /**
     * Decodes the datagram in {@code data[offset, offset + length)}. Never throws for any content:
     * a datagram that is malformed or of another version is returned as {@link Decoded.Dropped};
     * one whose label is neither ours nor accepted by {@code alsoAccept} as a {@link ForeignLabel}
     * (its body is not read). Messages of a type this build does not know are skipped, so that a
     * newer peer can piggyback new message types without losing the rest of the datagram; a
     * datagram holding nothing else is dropped as {@link DropReason#UNKNOWN_TYPE}.
     *
     * @param alsoAccept asked, for a label that is not ours and is well-formed UTF-8, whether to
     *                   decode the datagram anyway (the guard, switched off, lets other datacenters
     *                   of the same cluster in); must not throw
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a
     *                                   range of {@code data} (a caller bug, not bad input)
     */
    public Decoded decode(byte[] data, int offset, int length, Predicate<String> alsoAccept) {
        return decode(data, offset, length, alsoAccept, Envelope.plaintext());
    }

    /**
     * {@link #decode(byte[], int, int, Predicate)} at a node whose keys and verify-incoming are
     * {@code envelope}'s. After the label (so that a foreign label is still recognised and
     * answered), a sealed datagram is opened with any installed key, the header as associated
     * data; one that none opens is dropped as {@link DropReason#DECRYPT_FAILED}, its content
     * unread. A plaintext datagram where the envelope accepts only sealed ones is dropped as
     * {@link DropReason#UNENCRYPTED}.
     */
    public Decoded decode(byte[] data, int offset, int length, Predicate<String> alsoAccept, Envelope envelope) {
        Objects.checkFromIndexSize(offset, length, data.length);
        Objects.requireNonNull(alsoAccept, "alsoAccept");
        Objects.requireNonNull(envelope, "envelope");
        try {
            return decodeChecked(new WireReader(data, offset, offset + length, DropReason.TRUNCATED), offset,
                    alsoAccept, envelope);
        } catch (WireFormatException e) {
            return new Decoded.Dropped(e.reason(), e.detail());
        } catch (RuntimeException e) {
            // Safety net only: every input is validated above, so reaching this is a codec bug.
            // It is counted as a drop so that one datagram cannot kill the receive loop.
            return new Decoded.Dropped(DropReason.INTERNAL_ERROR, e.toString());
        }
    }

    /** Accepts no label but our own. */
    static final Predicate<String> NO_OTHER_LABEL = label -> false;

    /**
     * Encodes a refusal addressed to the sender of a foreign datagram: with the sender's label, so
     * that its decoder accepts it.
     *
     * @throws IllegalArgumentException if the refusal's detail is over its limit
     */
    public static byte[] encodeReply(ForeignLabel to, Message.Refuse refusal) {
        return encodeReply(to, refusal, Envelope.plaintext());
    }

    /**
     * {@link #encodeReply(ForeignLabel, Message.Refuse)}, sealed with the envelope's primary key
     * if it seals outgoing datagrams (the sender's label is then the associated data): a node that
     * seals everything also seals its refusals, which a sender that holds one of its keys can open.
     */
    public static byte[] encodeReply(ForeignLabel to, Message.Refuse refusal, Envelope envelope) {
        byte[] label = to.label();
        boolean seal = envelope.sealsOutgoing();
        int size = Header.size(label.length) + 1 + FRAME_OVERHEAD + (int) MessageCodec.size(refusal);
        WireWriter w = new WireWriter(size);
        Header.write(w, (byte) MAGIC_0, (byte) MAGIC_1, label, seal);
        w.u8(1);
        w.u16(size - Header.size(label.length) - 1 - FRAME_OVERHEAD);
        MessageCodec.write(w, refusal);
        byte[] plain = w.finish();
        return seal ? sealAfter(plain, Header.size(label.length), envelope) : plain;
    }

    /**
     * {@code refusal} with its detail shortened (on a character boundary) so that
     * {@link #encodeReply} makes a plaintext datagram of at most {@code maxBytes}; empty if even an
     * empty detail does not fit. A reply is never larger than the datagram it answers: a forged
     * sender address must not turn us into an amplifier.
     */
    public static Optional<Message.Refuse> fitReply(ForeignLabel to, Message.Refuse refusal, int maxBytes) {
        return fitReply(to, refusal, maxBytes, false);
    }

    /**
     * {@link #fitReply(ForeignLabel, Message.Refuse, int)} for a reply that will be sealed (if
     * {@code sealed}), counting the {@value Envelope#OVERHEAD} bytes sealing adds.
     */
    public static Optional<Message.Refuse> fitReply(ForeignLabel to, Message.Refuse refusal, int maxBytes,
                                                    boolean sealed) {
        // header, count, frame length, type, reason, detail length (and nonce and tag)
        int fixed = Header.size(to.length()) + 1 + FRAME_OVERHEAD + 1 + 1 + 1 + (sealed ? Envelope.OVERHEAD : 0);
        int room = Math.min(maxBytes - fixed, WireLimits.MAX_REFUSAL_DETAIL_BYTES);
        if (room < 0) {
            return Optional.empty();
        }
        String detail = WireLimits.clipUtf8(refusal.detail(), room);
        return Optional.of(detail.equals(refusal.detail()) ? refusal : new Message.Refuse(refusal.reason(), detail));
    }

    private Decoded decodeChecked(WireReader r, int start, Predicate<String> alsoAccept, Envelope envelope)
            throws WireFormatException {
        int m0 = r.u8("magic");
        int m1 = r.u8("magic");
        if (m0 != MAGIC_0 || m1 != MAGIC_1) {
            throw new WireFormatException(DropReason.BAD_MAGIC, Header.magicDetail(m0, m1));
        }
        int version = r.u8("version");
        if ((version & Header.VERSION_MASK) != Header.VERSION) {
            throw new WireFormatException(DropReason.UNSUPPORTED_VERSION, Header.versionDetail(version));
        }
        boolean sealed = (version & Header.SEALED) != 0;
        boolean compressed = (version & Header.COMPRESSED) != 0;
        int labelLen = r.u8("label length");
        if (labelLen > r.remaining()) {
            throw new WireFormatException(DropReason.TRUNCATED, "label length " + labelLen + ", "
                    + r.remaining() + " bytes left");
        }
        if ((labelLen != labelBytes.length || !r.startsWith(labelBytes))
                && !accepted(r.array(), r.position(), labelLen, alsoAccept)) {
            return new ForeignLabel(java.util.Arrays.copyOfRange(r.array(), r.position(), r.position() + labelLen),
                    Header.sanitizeLabel(r.array(), r.position(), labelLen));
        }
        r.skip(labelLen);
        r = open(r, start, sealed, envelope, "datagram");
        if (compressed) {
            byte[] inflated = Compression.inflate(r.array(), r.position(), r.remaining(), MAX_PACKET_SIZE,
                    byte[]::new);
            r = new WireReader(inflated, 0, inflated.length, DropReason.TRUNCATED);
        }
        int count = r.u8("message count");
        if (count == 0) {
            throw new WireFormatException(DropReason.BAD_LENGTH, "message count 0");
        }
        if ((long) count * (FRAME_OVERHEAD + 1) > r.remaining()) {
            throw new WireFormatException(DropReason.TRUNCATED, count + " messages announced, "
                    + r.remaining() + " bytes left");
        }
        List<Message> messages = new ArrayList<>(count);
        int unknownType = -1;
        for (int i = 0; i < count; i++) {
            int len = r.u16("message length");
            if (len == 0) {
                throw new WireFormatException(DropReason.BAD_LENGTH, "message " + i + " has length 0");
            }
            if (len > r.remaining()) {
                throw new WireFormatException(DropReason.TRUNCATED, "message " + i + " has length " + len
                        + ", " + r.remaining() + " bytes left");
            }
            WireReader frame = r.slice(len, DropReason.TRUNCATED);
            int typeId = frame.u8("type");
            MessageType type = MessageCodec.typeOf(typeId);
            if (type == null) {
                unknownType = typeId;
                continue;
            }
            if (type == MessageType.PUSH_PULL || type == MessageType.KEY_REQUEST || type == MessageType.KEY_REPLY) {
                throw new WireFormatException(DropReason.UNKNOWN_TYPE, type + " is stream-only");
            }
            messages.add(MessageCodec.readBody(type, frame));
        }
        if (r.remaining() != 0) {
            throw new WireFormatException(DropReason.TRAILING_BYTES, r.remaining()
                    + " bytes after the last message");
        }
        if (messages.isEmpty()) {
            throw new WireFormatException(DropReason.UNKNOWN_TYPE, "type " + unknownType);
        }
        return new Decoded.Messages(messages);
    }

    /**
     * The payload behind a header that ends where {@code r} stands (the header started at
     * {@code start}): {@code r} itself for an accepted plaintext payload, a reader over the opened
     * payload for a sealed one. Shared with the stream codec.
     */
    static WireReader open(WireReader r, int start, boolean sealed, Envelope envelope, String what)
            throws WireFormatException {
        if (!sealed) {
            if (!envelope.acceptsPlaintext()) {
                throw new WireFormatException(DropReason.UNENCRYPTED, "a plaintext " + what
                        + ", and this node accepts only sealed ones (verify-incoming)");
            }
            return r;
        }
        if (!envelope.hasKeys()) {
            throw new WireFormatException(DropReason.DECRYPT_FAILED, "a sealed " + what + ", and this node holds no keys");
        }
        int at = r.position();
        int length = r.remaining();
        if (length < Envelope.OVERHEAD) {
            throw new WireFormatException(DropReason.TRUNCATED, "a sealed " + what + " with " + length
                    + " bytes after the header, fewer than nonce and tag");
        }
        byte[] plain = envelope.open(r.array(), at, length, r.array(), start, at - start);
        if (plain == null) {
            throw new WireFormatException(DropReason.DECRYPT_FAILED, "no installed key opens this sealed " + what);
        }
        return new WireReader(plain, 0, plain.length, DropReason.TRUNCATED);
    }

    /** Whether a label that is not ours is let in; only well-formed UTF-8 labels are asked about. */
    static boolean accepted(byte[] b, int off, int len, Predicate<String> alsoAccept) {
        if (alsoAccept == NO_OTHER_LABEL) {
            return false;
        }
        String text = Utf8.decode(b, off, len);
        return text != null && alsoAccept.test(text);
    }

    /**
     * The outcome of {@link #decode(byte[], int, int, Predicate)}: the messages, a drop, or a
     * {@link ForeignLabel} (also a drop, counted as {@link DropReason#LABEL_MISMATCH}).
     */
    public sealed interface Decoded permits Decoded.Messages, Decoded.Dropped, ForeignLabel {

        /** The datagram was well-formed and carried our label; {@code messages} in datagram order. */
        record Messages(List<Message> messages) implements Decoded {
            public Messages {
                messages = List.copyOf(messages);
            }
        }

        /** The datagram was dropped. {@code detail} is for logs: short and printable. */
        record Dropped(DropReason reason, String detail) implements Decoded {
            public Dropped {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }
}
