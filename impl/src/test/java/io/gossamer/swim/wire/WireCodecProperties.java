package io.gossamer.swim.wire;

import io.gossamer.swim.wire.PacketCodec.Decoded;
import io.gossamer.swim.wire.StreamCodec.FrameDecoder;
import io.gossamer.swim.wire.StreamCodec.Result;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips of random valid messages, and decoders fed hostile bytes: random, truncated,
 * bit-flipped, overwritten, with huge or zero lengths, unknown versions and types, and for streams
 * in random chunkings. The decoders must never throw, must never hit their safety net, and must
 * return either messages that are themselves valid (they re-encode to the same thing) or a drop.
 *
 * <p>Default tries add up to 53,000; {@code -Dgossamer.fuzz.tries=N} runs every property N times.
 */
@AddLifecycleHook(FuzzTries.class)
class WireCodecProperties {

    private static final PacketCodec PACKETS = new PacketCodec(LABEL, 1400);
    private static final PacketCodec HUGE_PACKETS = new PacketCodec(LABEL, PacketCodec.MAX_PACKET_SIZE);
    private static final StreamCodec STREAMS = new StreamCodec(LABEL, 64 * 1024);

    // ------------------------------------------------------------------------------ round trips

    @Property(tries = 4_000)
    void datagramsRoundTripWithAnyLabelAndPacketSize(
            @ForAll("labels") String label,
            @ForAll("packetSizes") int packetSize,
            @ForAll("datagramMessageLists") List<Message> candidates) {
        PacketCodec codec = new PacketCodec(label, packetSize);
        List<Message> messages = WireArbitraries.fitting(codec, candidates);
        byte[] b = codec.encode(messages);
        assertThat(b.length).isLessThanOrEqualTo(packetSize);
        assertThat(codec.decode(b, 0, b.length)).isEqualTo(new Decoded.Messages(messages));
    }

    @Property(tries = 4_000)
    void framedSizeIsExactForEveryMessage(@ForAll("datagramMessages") Message m) {
        byte[] b = HUGE_PACKETS.encode(List.of(m));
        assertThat(b.length).isEqualTo(PacketCodec.MAX_PACKET_SIZE - HUGE_PACKETS.capacity() + HUGE_PACKETS.framedSize(m));
    }

    @Property(tries = 3_000)
    void streamFramesRoundTripInAnyChunking(
            @ForAll("anyMessages") Message m,
            @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] b = STREAMS.encode(m);
        assertThat(feedInChunks(STREAMS, b, chunks)).isEqualTo(new Result.Frame(m));
    }

    // ------------------------------------------------------------------------------ hostile datagrams

    @Property(tries = 10_000)
    void arbitraryBytesNeverBreakThePacketDecoder(@ForAll("hostileDatagrams") byte[] data) {
        Decoded d = PACKETS.decode(data, 0, data.length);
        checkPacketOutcome(d);
    }

    @Property(tries = 12_000)
    void mutatedDatagramsNeverBreakThePacketDecoder(
            @ForAll("validDatagrams") Tuple.Tuple2<byte[], Integer> sample,
            @ForAll("mutationLists") List<Mutation> mutations) {
        byte[] data = sample.get1();
        for (Mutation m : mutations) {
            data = m.apply(data, sample.get2());
        }
        // Decode at an offset inside a larger array: bounds must be relative to the range.
        byte[] padded = new byte[data.length + 8];
        Arrays.fill(padded, (byte) 0x5A);
        System.arraycopy(data, 0, padded, 3, data.length);
        Decoded d = PACKETS.decode(padded, 3, data.length);
        checkPacketOutcome(d);
        Statistics.collect(d instanceof Decoded.Dropped dropped ? dropped.reason()
                : d instanceof ForeignLabel ? DropReason.LABEL_MISMATCH : "decoded");
    }

    // ------------------------------------------------------------------------------ hostile streams

    @Property(tries = 5_000)
    void arbitraryBytesNeverBreakTheStreamDecoder(
            @ForAll("hostileFrames") byte[] data,
            @ForAll("chunkSizes") List<Integer> chunks) {
        checkStreamOutcome(data, chunks);
    }

    @Property(tries = 10_000)
    void mutatedFramesNeverBreakTheStreamDecoderWhateverTheChunking(
            @ForAll("validFrames") Tuple.Tuple2<byte[], Integer> sample,
            @ForAll("mutationLists") List<Mutation> mutations,
            @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] data = sample.get1();
        for (Mutation m : mutations) {
            data = m.apply(data, sample.get2());
        }
        Result r = checkStreamOutcome(data, chunks);
        Statistics.collect(r instanceof Result.Dropped dropped ? dropped.reason()
                : r instanceof ForeignLabel ? DropReason.LABEL_MISMATCH : "decoded");
    }

    // ------------------------------------------------------------------------------ UTF-8

    @Property(tries = 5_000)
    void utf8DecodingAgreesWithTheJdksStrictDecoder(@ForAll("utf8ish") byte[] bytes) {
        String ours = Utf8.decode(bytes, 0, bytes.length);
        String jdk;
        try {
            jdk = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            jdk = null;
        }
        assertThat(ours).isEqualTo(jdk);
        if (ours != null) {
            assertThat(Utf8.encodedLength(ours)).isEqualTo(bytes.length);
            byte[] back = new byte[bytes.length];
            assertThat(Utf8.write(ours, back, 0)).isEqualTo(bytes.length);
            assertThat(back).isEqualTo(bytes);
        }
    }

    // ------------------------------------------------------------------------------ checks

    private static void checkPacketOutcome(Decoded d) {
        if (d instanceof Decoded.Messages ms) {
            List<Message> messages = ms.messages();
            assertThat(messages).isNotEmpty().hasSizeLessThanOrEqualTo(WireLimits.MAX_MESSAGES_PER_PACKET);
            // Whatever a decoder accepts is within the limits: it re-encodes, to the same messages.
            byte[] again = HUGE_PACKETS.encode(messages);
            assertThat(HUGE_PACKETS.decode(again, 0, again.length)).isEqualTo(d);
        } else if (d instanceof ForeignLabel foreign) {
            assertThat(foreign.length()).isLessThanOrEqualTo(WireLimits.MAX_LABEL_BYTES);
            assertPrintable(foreign.detail());
        } else {
            Decoded.Dropped dropped = (Decoded.Dropped) d;
            assertThat(dropped.reason()).as(dropped.detail()).isNotEqualTo(DropReason.INTERNAL_ERROR);
            assertPrintable(dropped.detail());
        }
    }

    /** Feeds whole and in chunks: the outcome must not depend on how the bytes were split. */
    private static Result checkStreamOutcome(byte[] data, List<Integer> chunks) {
        FrameDecoder whole = STREAMS.newDecoder();
        whole.feed(data);
        Result once = whole.endOfStream();
        Result chunked = feedInChunks(STREAMS, data, chunks);
        if (once instanceof Result.Frame frame) {
            assertThat(chunked).isEqualTo(once);
            byte[] again = STREAMS.encode(frame.message());
            assertThat(STREAMS.newDecoder().feed(again)).isEqualTo(once);
        } else if (once instanceof ForeignLabel foreign) {
            assertThat(chunked).isEqualTo(once);
            assertPrintable(foreign.detail());
        } else {
            Result.Dropped dropped = (Result.Dropped) once;
            assertThat(dropped.reason()).as(dropped.detail()).isNotEqualTo(DropReason.INTERNAL_ERROR);
            assertThat(chunked).isInstanceOf(Result.Dropped.class);
            assertThat(((Result.Dropped) chunked).reason()).isEqualTo(dropped.reason());
            assertPrintable(dropped.detail());
        }
        return once;
    }

    private static void assertPrintable(String detail) {
        assertThat(detail.codePoints().noneMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT)).as(detail).isTrue();
    }

    private static Result feedInChunks(StreamCodec codec, byte[] data, List<Integer> chunks) {
        FrameDecoder d = codec.newDecoder();
        int off = 0;
        int i = 0;
        while (off < data.length) {
            int n = Math.min(chunks.isEmpty() ? data.length : chunks.get(i++ % chunks.size()), data.length - off);
            d.feed(Arrays.copyOfRange(data, off, off + n));
            off += n;
        }
        return d.endOfStream();
    }

    // ------------------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> labels() {
        return WireArbitraries.text(WireLimits.MAX_LABEL_BYTES);
    }

    @Provide
    Arbitrary<Integer> packetSizes() {
        return Arbitraries.oneOf(Arbitraries.of(576, 1400, 1500, 9000, 65_507), Arbitraries.integers().between(600, 4000));
    }

    @Provide
    Arbitrary<Message> datagramMessages() {
        return WireArbitraries.datagramMessages();
    }

    @Provide
    Arbitrary<List<Message>> datagramMessageLists() {
        return WireArbitraries.datagramMessages().list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<Message> anyMessages() {
        return WireArbitraries.anyMessages();
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 700))
                .list().ofMaxSize(6);
    }

    /** Valid datagrams from the 1400-byte codec, with the offset of their first type byte. */
    @Provide
    Arbitrary<Tuple.Tuple2<byte[], Integer>> validDatagrams() {
        int firstType = PACKETS.packetSize() - PACKETS.capacity() + 2;
        return datagramMessageLists().map(ms -> Tuple.of(PACKETS.encode(WireArbitraries.fitting(PACKETS, ms)), firstType));
    }

    /** Valid stream frames, with the offset of their type byte. */
    @Provide
    Arbitrary<Tuple.Tuple2<byte[], Integer>> validFrames() {
        int type = 2 + 1 + 1 + LABEL.length() + 4;
        return WireArbitraries.anyMessages().map(m -> Tuple.of(STREAMS.encode(m), type));
    }

    @Provide
    Arbitrary<List<Mutation>> mutationLists() {
        Arbitrary<Mutation> one = Combinators.combine(
                // A changed version stops decoding at byte 2, so it is tried less often.
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(3, 3),
                        Tuple.of(3, 4), Tuple.of(1, 5), Tuple.of(3, 6), Tuple.of(3, 7)),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers()).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    /** Pure noise, and noise behind a correct header so that it reaches the message parsers. */
    @Provide
    Arbitrary<byte[]> hostileDatagrams() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        byte[] header = RawBytes.packetHeader(LABEL).toByteArray();
        Arbitrary<byte[]> afterHeader = noise.map(tail -> concat(header, tail));
        // Header, count 1, a plausible frame length, a known type, then noise as the body.
        Arbitrary<byte[]> afterType = Combinators.combine(Arbitraries.integers().between(1, 8), noise)
                .as((type, tail) -> concat(RawBytes.packetHeader(LABEL).u8(1).u16(tail.length + 1).u8(type)
                        .toByteArray(), tail));
        return Arbitraries.oneOf(noise, afterHeader, afterType);
    }

    @Provide
    Arbitrary<byte[]> hostileFrames() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        byte[] header = RawBytes.streamHeader(LABEL).toByteArray();
        Arbitrary<byte[]> afterHeader = noise.map(tail -> concat(header, tail));
        Arbitrary<byte[]> afterType = Combinators.combine(Arbitraries.integers().between(1, 8), noise)
                .as((type, tail) -> concat(RawBytes.streamHeader(LABEL).u32(tail.length + 1L).u8(type)
                        .toByteArray(), tail));
        return Arbitraries.oneOf(noise, afterHeader, afterType);
    }

    /** Byte strings built mostly from bytes that matter to UTF-8 validation. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                        0xE0, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF).map(Integer::byteValue));
        Arbitrary<byte[]> valid = WireArbitraries.text(255).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mixed = interesting.list().ofMaxSize(16).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = l.get(i);
            }
            return b;
        });
        return Arbitraries.oneOf(valid, mixed);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * One corruption of a valid encoding. {@code position} and {@code value} are raw random ints,
     * reduced to the data at hand so that the same mutation applies to any input.
     */
    record Mutation(int kind, int position, int value) {

        private static final int[] U16_VALUES = {0, 1, 0x7FFF, 0x8000, 0xFFFF};
        private static final long[] U32_VALUES = {0, 1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};

        byte[] apply(byte[] data, int typeOffset) {
            int len = data.length;
            byte[] b = data.clone();
            int p = len == 0 ? 0 : position % len;
            switch (kind) {
                case 0 -> b = Arrays.copyOf(b, position % (len + 1)); // truncate
                case 1 -> {
                    if (len > 0) {
                        b[p] ^= (byte) (1 << (value & 7)); // flip one bit
                    }
                }
                case 2 -> {
                    if (len > 0) {
                        b[p] = (byte) value; // overwrite one byte
                    }
                }
                case 3 -> {
                    if (len > 1) {
                        int v = (value & 0x10) == 0 ? U16_VALUES[Math.floorMod(value, U16_VALUES.length)] : value;
                        p = Math.min(p, len - 2);
                        b[p] = (byte) (v >>> 8);
                        b[p + 1] = (byte) v;
                    }
                }
                case 4 -> {
                    if (len > 3) {
                        long v = (value & 0x10) == 0 ? U32_VALUES[Math.floorMod(value, U32_VALUES.length)] : value;
                        p = Math.min(p, len - 4);
                        for (int i = 0; i < 4; i++) {
                            b[p + i] = (byte) (v >>> (24 - 8 * i));
                        }
                    }
                }
                case 5 -> {
                    if (len > 2) {
                        b[2] = (byte) value; // another format version
                    }
                }
                case 6 -> {
                    if (len > typeOffset) {
                        b[typeOffset] = (byte) value; // another (often unknown) message type
                    }
                }
                default -> {
                    // Insert one to four bytes.
                    int n = 1 + (value & 3);
                    p = len == 0 ? 0 : position % (len + 1);
                    byte[] r = new byte[len + n];
                    System.arraycopy(b, 0, r, 0, p);
                    for (int i = 0; i < n; i++) {
                        r[p + i] = (byte) (value >>> (8 * i));
                    }
                    System.arraycopy(b, p, r, p + n, len - p);
                    b = r;
                }
            }
            return b;
        }
    }
}
