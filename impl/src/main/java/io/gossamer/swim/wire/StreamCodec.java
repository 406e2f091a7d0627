package io.gossamer.swim.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Encodes and decodes stream frames. A stream (push-pull, join, the TCP fallback probe, a key
 * operation) carries exactly one frame in each direction: the request, then the reply.
 *
 * <pre>
 * frame = magic 'G' 'S' | version 0x02 | label length u8 | label (UTF-8)
 *       | length u32 (1..maxFrameBytes) | type u8 | body
 * sealed frame = magic 'G' 'S' | version 0x82 | label length u8 | label (UTF-8)
 *       | length u32 (29..maxFrameBytes + 28) | nonce 12 | sealed(type u8 | body) | tag 16
 * </pre>
 *
 * <p>{@code length} counts what follows it: the type byte and the body, and in a sealed frame the
 * nonce and the tag too. A sealed frame's associated data is everything in front of the nonce
 * (header and length), see {@link Envelope}. Any message type may travel in a frame; key
 * operations (types 11 and 12) only in a sealed one. Instances are immutable and thread-safe; each
 * {@link FrameDecoder} belongs to one stream, as does the {@link Envelope} it is given.
 */
public final class StreamCodec {

    static final int MAGIC_0 = 0x47; // 'G'
    static final int MAGIC_1 = 0x53; // 'S' for stream

    /** Default largest frame: 16 MiB, room for a push-pull of well over 100,000 typical members. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /**
     * A frame's body is buffered in pieces, each as large as what had arrived before it (at least
     * this, at most {@link #LARGEST_PIECE}, never beyond the announced length), so what a decoder
     * holds is at most twice what arrived plus this, and no piece is ever copied into a larger one
     * while the frame arrives.
     */
    private static final int SMALLEST_PIECE = 256;
    private static final int LARGEST_PIECE = 1024 * 1024;

    private final String label;
    private final byte[] labelBytes;
    private final int maxFrameBytes;
    /** Whether frames of {@link Compression#THRESHOLD} bytes or more are sent compressed when that shrinks them. */
    private final boolean compress;

    /**
     * @param label         this node's label, as for {@link PacketCodec}
     * @param maxFrameBytes the largest frame, type byte and body, this codec writes or accepts
     * @throws IllegalArgumentException if the label is too long or not valid Unicode, or
     *                                  {@code maxFrameBytes} is below 9 (an ack) or so large that
     *                                  a frame would not fit in a Java array
     */
    public StreamCodec(String label, int maxFrameBytes) {
        this(label, maxFrameBytes, false);
    }

    private StreamCodec(String label, int maxFrameBytes, boolean compress) {
        this.compress = compress;
        this.label = Objects.requireNonNull(label, "label");
        this.labelBytes = Header.labelBytes(label);
        if (maxFrameBytes < 9 || maxFrameBytes > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * This codec, sending a frame of {@link Compression#THRESHOLD} bytes or more compressed when that
     * makes it smaller (a push-pull of many members, mostly); every codec reads compressed frames.
     * The frame limit applies to the frame as written and, inflated, to what it holds.
     */
    public StreamCodec compressing() {
        return new StreamCodec(label, maxFrameBytes, true);
    }

    /** The label this codec writes and expects. */
    public String label() {
        return label;
    }

    /** The largest frame (type byte and body) this codec writes or accepts. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Encodes {@code m} as one complete frame, header included.
     *
     * @throws IllegalArgumentException if a field is outside {@link WireLimits} or the frame would
     *                                  exceed {@code maxFrameBytes}
     */
    public byte[] encode(Message m) {
        return encode(m, Envelope.plaintext());
    }

    /**
     * Encodes {@code m} as one complete frame, sealed with the envelope's primary key if it seals
     * outgoing frames, or if {@code m} is a key operation (those are always sealed).
     *
     * @throws IllegalArgumentException as {@link #encode(Message)}, or for a key operation when the
     *                                  envelope holds no keys (a key never travels in plaintext)
     */
    public byte[] encode(Message m, Envelope envelope) {
        return encodeWith(labelBytes, m, envelope);
    }

    /** Whether frames carrying {@code m} must be sealed, whatever verify-outgoing and verify-incoming say. */
    static boolean sealedOnly(Message m) {
        return m instanceof Message.KeyRequest || m instanceof Message.KeyReply;
    }

    private byte[] encodeWith(byte[] label, Message m, Envelope envelope) {
        Objects.requireNonNull(m, "message");
        Objects.requireNonNull(envelope, "envelope");
        boolean seal = envelope.sealsOutgoing() || sealedOnly(m);
        if (seal && !envelope.hasKeys()) {
            throw new IllegalArgumentException("a key operation travels sealed only, and this node holds no keys");
        }
        long size = MessageCodec.size(m);
        if (size > maxFrameBytes) {
            throw new IllegalArgumentException("message needs " + size + " bytes, the frame limit is "
                    + maxFrameBytes);
        }
        int head = Header.size(label.length) + 4;
        WireWriter w = new WireWriter(head + (int) size);
        Header.write(w, (byte) MAGIC_0, (byte) MAGIC_1, label, seal);
        w.u32(size + (seal ? Envelope.OVERHEAD : 0));
        MessageCodec.write(w, m);
        byte[] plain = w.finish();
        if (compress) {
            // The length field belongs to the header: it is rewritten for what follows compressed.
            byte[] packed = PacketCodec.compressed(plain, head, true);
            if (packed != plain) {
                long length = packed.length - head + (seal ? Envelope.OVERHEAD : 0);
                packed[head - 4] = (byte) (length >>> 24);
                packed[head - 3] = (byte) (length >>> 16);
                packed[head - 2] = (byte) (length >>> 8);
                packed[head - 1] = (byte) length;
                plain = packed;
            }
        }
        return seal ? PacketCodec.sealAfter(plain, head, envelope) : plain;
    }

    /**
     * Exact number of bytes {@link #encode} writes for {@code m}, header included, computed without
     * encoding.
     *
     * @throws IllegalArgumentException if a field is outside {@link WireLimits}
     */
    public long encodedSize(Message m) {
        Objects.requireNonNull(m, "message");
        return Header.size(labelBytes.length) + 4 + MessageCodec.size(m);
    }

    /**
     * Encodes {@code m} as one frame written with {@code to}'s label instead of ours: the refusal
     * answering a stream whose label is not ours, which the sender's decoder then accepts.
     *
     * @throws IllegalArgumentException as for {@link #encode(Message)}
     */
    public byte[] encodeReply(ForeignLabel to, Message m) {
        return encodeReply(to, m, Envelope.plaintext());
    }

    /**
     * {@link #encodeReply(ForeignLabel, Message)}, sealed as {@link #encode(Message, Envelope)}
     * would seal it (with {@code to}'s label as part of the associated data).
     */
    public byte[] encodeReply(ForeignLabel to, Message m, Envelope envelope) {
        return encodeWith(to.label(), m, envelope);
    }

    /** A decoder for the one frame a stream carries in one direction; it accepts only our label. */
    public FrameDecoder newDecoder() {
        return newDecoder(PacketCodec.NO_OTHER_LABEL, Envelope.plaintext());
    }

    /**
     * A decoder that also accepts the labels {@code alsoAccept} says yes to (asked only about
     * well-formed UTF-8 labels that are not ours; must not throw). Any other label ends the frame
     * as a {@link ForeignLabel}.
     */
    public FrameDecoder newDecoder(Predicate<String> alsoAccept) {
        return newDecoder(alsoAccept, Envelope.plaintext());
    }

    /**
     * {@link #newDecoder(Predicate)} at a node whose keys and verify-incoming are
     * {@code envelope}'s. As soon as the label is read: a plaintext frame where only sealed ones are
     * accepted is dropped ({@link DropReason#UNENCRYPTED}), and so is a sealed frame at a node
     * without keys ({@link DropReason#DECRYPT_FAILED}). A sealed frame is opened once complete; no
     * installed key opening it is {@link DropReason#DECRYPT_FAILED}. A key operation (types 11, 12)
     * in a plaintext frame is {@link DropReason#UNENCRYPTED} whatever the envelope says.
     */
    public FrameDecoder newDecoder(Predicate<String> alsoAccept, Envelope envelope) {
        return newDecoder(alsoAccept, envelope, FrameBudget.unlimited());
    }

    /**
     * {@link #newDecoder(Predicate, Envelope)} that takes the memory for the frame from
     * {@code budget}: a frame longer than {@link FrameBudget#largestFrame()} is refused as soon as
     * its length is read, and one whose next buffer the budget refuses is dropped, both as
     * {@link DropReason#TOO_LARGE}. The buffers are the pieces the body arrives in, their joined
     * copy, and for a sealed frame the plaintext it opens to (about the frame's length again,
     * reserved before it is allocated and before any key is tried; the cipher decrypts into it
     * and allocates nothing of that size itself). The decoder gives back all it reserved once it
     * is done: when it returns the decoded message, a drop, or sees the end of the stream.
     */
    public FrameDecoder newDecoder(Predicate<String> alsoAccept, Envelope envelope, FrameBudget budget) {
        return new FrameDecoder(Objects.requireNonNull(alsoAccept, "alsoAccept"),
                Objects.requireNonNull(envelope, "envelope"), Objects.requireNonNull(budget, "budget"));
    }

    /**
     * Incremental decoder of one frame, fed with the chunks a stream delivers. It checks the
     * header as soon as the bytes arrive (so a foreign or mislabelled peer is refused after a few
     * bytes), checks the announced length against {@code maxFrameBytes} and its budget before
     * buffering anything, and takes memory only as bytes actually arrive: at most twice what
     * arrived (plus 256 bytes), never beyond the announced length, and no buffer copied into a
     * larger one until the frame is complete, when its pieces are joined once.
     *
     * <p>Once it has returned a {@link Result.Frame}, a {@link Result.Dropped} or a
     * {@link ForeignLabel}, it is done:
     * further bytes turn a frame into {@code Dropped(TRAILING_BYTES)} (a stream carries one frame
     * per direction), and a drop stays the same drop. Not thread-safe; one per stream.
     */
    public final class FrameDecoder {

        // Header bytes are collected here; 263 = magic + version + label length + 255 + u32 length.
        private final byte[] head = new byte[2 + 1 + 1 + WireLimits.MAX_LABEL_BYTES + 4];
        private int headFill;
        /** How many header bytes the next check needs; grows as the header is understood. */
        private int headNeed = 2;
        private int frameLength = -1;
        /** The body received so far, in the order it arrived; the last piece may have room left. */
        private final List<byte[]> pieces = new ArrayList<>();
        private int lastFill;
        private int bodyFill;
        /** Bytes of buffers taken from the budget and not given back yet. */
        private long reserved;
        private Result done;
        private final Predicate<String> alsoAccept;
        private final Envelope envelope;
        private final FrameBudget budget;
        private boolean sealed;
        private boolean compressed;

        private FrameDecoder(Predicate<String> alsoAccept, Envelope envelope, FrameBudget budget) {
            this.alsoAccept = alsoAccept;
            this.envelope = envelope;
            this.budget = budget;
        }

        /** Feeds all of {@code chunk}. */
        public Result feed(byte[] chunk) {
            return feed(chunk, 0, chunk.length);
        }

        /**
         * Feeds {@code chunk[offset, offset + length)}.
         *
         * @return {@link Result.NeedMore} until the frame is complete, then the frame or the drop
         * @throws IndexOutOfBoundsException if the range is not within {@code chunk} (a caller bug)
         */
        public Result feed(byte[] chunk, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, chunk.length);
            if (done != null) {
                if (length > 0 && done instanceof Result.Frame) {
                    done = new Result.Dropped(DropReason.TRAILING_BYTES, length + " bytes after the frame");
                }
                return done;
            }
            try {
                done = consume(chunk, offset, length);
            } catch (WireFormatException e) {
                done = new Result.Dropped(e.reason(), e.detail());
            } catch (RuntimeException e) {
                // Safety net only, as in PacketCodec.decode: reaching it is a codec bug.
                done = new Result.Dropped(DropReason.INTERNAL_ERROR, e.toString());
            }
            if (done == null) {
                return Result.NeedMore.INSTANCE;
            }
            discard(); // the frame is decoded or refused
            return done;
        }

        /** Feeds the remaining bytes of {@code chunk}, advancing its position to its limit. */
        public Result feed(ByteBuffer chunk) {
            if (chunk.hasArray()) {
                int n = chunk.remaining();
                Result r = feed(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
                chunk.position(chunk.limit());
                return r;
            }
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            return feed(copy);
        }

        /**
         * Tells the decoder the peer closed its side. Returns the completed result, or a
         * {@code Dropped(TRUNCATED)} if the frame was not complete.
         */
        public Result endOfStream() {
            if (done == null) {
                long got = headFill + (long) bodyFill;
                done = new Result.Dropped(DropReason.TRUNCATED, "stream ended after " + got + " bytes"
                        + (frameLength >= 0 ? " of a " + frameLength + "-byte frame" : " of the header"));
                discard();
            }
            return done;
        }

        /** Bytes this decoder holds for the frame: the capacity of its buffers, not only what arrived. */
        public long reservedBytes() {
            return reserved;
        }

        /** Drops the buffers and gives their memory back to the budget. */
        private void discard() {
            pieces.clear();
            if (reserved > 0) {
                budget.release(reserved);
                reserved = 0;
            }
        }

        /** A buffer of {@code size} bytes taken from the budget. */
        private byte[] allocate(int size) throws WireFormatException {
            return allocate(size, "no room for " + size + " more bytes of a " + frameLength + "-byte frame");
        }

        /** A buffer of {@code size} bytes taken from the budget; {@code refusal} says what it was for. */
        private byte[] allocate(int size, String refusal) throws WireFormatException {
            if (!budget.reserve(size)) {
                throw new WireFormatException(DropReason.TOO_LARGE, refusal + " (" + reserved + " held), the budget "
                        + "for " + budget.purpose() + " is spent");
            }
            reserved += size;
            return new byte[size];
        }

        /** The size of the next piece, for {@code n} bytes to store: see {@link #SMALLEST_PIECE}. */
        private int nextPiece(int n) {
            int size = Math.max(n, Math.max(SMALLEST_PIECE, Math.min(bodyFill, LARGEST_PIECE)));
            return Math.min(size, frameLength - bodyFill);
        }

        /** The complete body in one array: the only piece, or the pieces joined (then given back). */
        private byte[] joined() throws WireFormatException {
            if (pieces.size() == 1) {
                return pieces.get(0);
            }
            byte[] body = allocate(frameLength);
            int at = 0;
            long piecesBytes = 0;
            for (byte[] piece : pieces) {
                int k = Math.min(piece.length, frameLength - at);
                System.arraycopy(piece, 0, body, at, k);
                at += k;
                piecesBytes += piece.length;
            }
            pieces.clear();
            pieces.add(body);
            budget.release(piecesBytes);
            reserved -= piecesBytes;
            return body;
        }

        /** True once a frame or a drop has been returned. */
        public boolean isDone() {
            return done != null;
        }

        /** Returns the result if this chunk finished the frame, or null if more bytes are needed. */
        private Result consume(byte[] chunk, int off, int len) throws WireFormatException {
            int end = off + len;
            while (frameLength < 0) {
                int n = Math.min(headNeed - headFill, end - off);
                System.arraycopy(chunk, off, head, headFill, n);
                headFill += n;
                off += n;
                if (headFill < headNeed) {
                    return null;
                }
                Result refused = checkHeader();
                if (refused != null) {
                    return refused;
                }
            }
            int n = Math.min(frameLength - bodyFill, end - off);
            while (n > 0) {
                // Memory follows the bytes received: a peer announcing 16 MiB and sending 1 kB
                // costs 1 kB, one sending 8 MiB of it at most 9 MiB, and nothing is held twice.
                byte[] last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last == null || lastFill == last.length) {
                    last = allocate(nextPiece(n));
                    pieces.add(last);
                    lastFill = 0;
                }
                int k = Math.min(n, last.length - lastFill);
                System.arraycopy(chunk, off, last, lastFill, k);
                lastFill += k;
                bodyFill += k;
                off += k;
                n -= k;
            }
            if (bodyFill < frameLength) {
                return null;
            }
            byte[] body = joined();
            WireReader r = new WireReader(body, 0, frameLength, DropReason.TRUNCATED);
            if (sealed) {
                // The plaintext is a buffer like the others, reserved before it exists: with the
                // frame it opens it takes no more than the pieces and their joined copy did.
                int plainLength = frameLength - Envelope.OVERHEAD;
                byte[] plain = allocate(plainLength, "no room for the " + plainLength + " bytes that open a "
                        + frameLength + "-byte sealed frame");
                int aadLength = 4 + (head[3] & 0xFF) + 4;
                if (!envelope.open(body, 0, frameLength, head, 0, aadLength, plain)) {
                    throw new WireFormatException(DropReason.DECRYPT_FAILED, "no installed key opens this sealed frame");
                }
                r = new WireReader(plain, 0, plainLength, DropReason.TRUNCATED);
            }
            if (compressed) {
                // Inflated into buffers of the budget, no larger than an uncompressed frame may be.
                byte[] inflated = Compression.inflate(r.array(), r.position(), r.remaining(), maxFrameBytes,
                        size -> allocate(size, "no room for " + size + " bytes to inflate a " + frameLength
                                + "-byte compressed frame"));
                r = new WireReader(inflated, 0, inflated.length, DropReason.TRUNCATED);
            }
            int typeId = r.u8("type");
            MessageType type = MessageCodec.typeOf(typeId);
            if (type == null) {
                throw new WireFormatException(DropReason.UNKNOWN_TYPE, "type " + typeId);
            }
            if (!sealed && (type == MessageType.KEY_REQUEST || type == MessageType.KEY_REPLY)) {
                throw new WireFormatException(DropReason.UNENCRYPTED, type + " in a plaintext frame: key "
                        + "operations travel sealed only");
            }
            Message message = MessageCodec.readBody(type, r);
            // Checked after the body, as it would be had the extra bytes come in a later chunk:
            // the outcome must not depend on how the stream was split.
            if (off < end) {
                throw new WireFormatException(DropReason.TRAILING_BYTES, (end - off) + " bytes after the frame");
            }
            return new Result.Frame(message);
        }

        /**
         * Checks the header bytes gathered so far ({@code headFill == headNeed}) and says how many
         * are needed next. Returns a
         * {@link ForeignLabel} for a label mismatch, throws for every other refusal.
         */
        private Result checkHeader() throws WireFormatException {
            switch (headFill) {
                case 2 -> {
                    int m0 = head[0] & 0xFF;
                    int m1 = head[1] & 0xFF;
                    if (m0 != MAGIC_0 || m1 != MAGIC_1) {
                        throw new WireFormatException(DropReason.BAD_MAGIC, Header.magicDetail(m0, m1));
                    }
                    headNeed = 4;
                }
                case 4 -> {
                    int version = head[2] & 0xFF;
                    if ((version & Header.VERSION_MASK) != Header.VERSION) {
                        throw new WireFormatException(DropReason.UNSUPPORTED_VERSION, Header.versionDetail(version));
                    }
                    sealed = (version & Header.SEALED) != 0;
                    compressed = (version & Header.COMPRESSED) != 0;
                    headNeed = 4 + (head[3] & 0xFF) + 4;
                }
                default -> {
                    int labelLen = head[3] & 0xFF;
                    if ((labelLen != labelBytes.length
                            || !Arrays.equals(head, 4, 4 + labelLen, labelBytes, 0, labelLen))
                            && !PacketCodec.accepted(head, 4, labelLen, alsoAccept)) {
                        return new ForeignLabel(Arrays.copyOfRange(head, 4, 4 + labelLen),
                                Header.sanitizeLabel(head, 4, labelLen));
                    }
                    if (!sealed && !envelope.acceptsPlaintext()) {
                        throw new WireFormatException(DropReason.UNENCRYPTED, "a plaintext frame, and this node "
                                + "accepts only sealed ones (verify-incoming)");
                    }
                    if (sealed && !envelope.hasKeys()) {
                        throw new WireFormatException(DropReason.DECRYPT_FAILED, "a sealed frame, and this node "
                                + "holds no keys");
                    }
                    int p = 4 + labelLen;
                    long length = ((long) (head[p] & 0xFF) << 24) | ((head[p + 1] & 0xFF) << 16)
                            | ((head[p + 2] & 0xFF) << 8) | (head[p + 3] & 0xFF);
                    if (length == 0) {
                        throw new WireFormatException(DropReason.BAD_LENGTH, "frame length 0");
                    }
                    // A sealed frame's length counts the nonce and the tag too.
                    long max = maxFrameBytes + (sealed ? (long) Envelope.OVERHEAD : 0);
                    if (length > max) {
                        throw new WireFormatException(DropReason.TOO_LARGE, "frame length " + length
                                + ", at most " + max + " accepted");
                    }
                    if (sealed && length <= Envelope.OVERHEAD) {
                        throw new WireFormatException(DropReason.BAD_LENGTH, "sealed frame length " + length
                                + ", not more than nonce and tag");
                    }
                    if (length > budget.largestFrame()) {
                        throw new WireFormatException(DropReason.TOO_LARGE, "frame length " + length
                                + ", the budget for " + budget.purpose() + " takes at most " + budget.largestFrame());
                    }
                    frameLength = (int) length;
                }
            }
            return null;
        }
    }

    /**
     * What {@link FrameDecoder#feed(byte[])} reports: more bytes needed, the frame, a drop, or a
     * {@link ForeignLabel} (also a drop, counted as {@link DropReason#LABEL_MISMATCH}).
     */
    public sealed interface Result permits Result.NeedMore, Result.Frame, Result.Dropped, ForeignLabel {

        /** The frame is not complete yet. */
        record NeedMore() implements Result {
            static final NeedMore INSTANCE = new NeedMore();
        }

        /** The frame is complete and well-formed. */
        record Frame(Message message) implements Result {
            public Frame {
                Objects.requireNonNull(message, "message");
            }
        }

        /** The frame was refused; the stream should be closed. {@code detail} is for logs. */
        record Dropped(DropReason reason, String detail) implements Result {
            public Dropped {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }
}
