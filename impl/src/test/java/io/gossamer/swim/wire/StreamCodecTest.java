package io.gossamer.swim.wire;

import io.gossamer.swim.wire.StreamCodec.FrameDecoder;
import io.gossamer.swim.wire.StreamCodec.Result;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static io.gossamer.swim.wire.WireFixtures.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamCodecTest {

    private final StreamCodec codec = new StreamCodec(LABEL, StreamCodec.DEFAULT_MAX_FRAME_BYTES);

    private Result decodeWhole(byte[] b) {
        FrameDecoder d = codec.newDecoder();
        d.feed(b);
        return d.endOfStream();
    }

    private static void assertDropped(Result r, DropReason reason) {
        assertThat(r).isInstanceOf(Result.Dropped.class);
        assertThat(((Result.Dropped) r).reason()).as(r.toString()).isEqualTo(reason);
    }

    @Test
    void everyMessageRoundTrips() {
        List<Message> all = new ArrayList<>(WireFixtures.everyDatagramMessage());
        all.add(WireFixtures.pushPull(0));
        all.add(WireFixtures.pushPull(1));
        all.add(WireFixtures.pushPull(1000));
        all.add(new Message.PushPull(true, List.of(new Message.MemberRecord("ü", new NodeAddress("::", 1),
                "", "", WireFixtures.maxTags(), 0, Long.MAX_VALUE, io.gossamer.MemberState.LEFT))));
        for (Message m : all) {
            assertThat(codec.newDecoder().feed(codec.encode(m))).isEqualTo(new Result.Frame(m));
        }
    }

    /** encodedSize is the exact length of the encoded frame. */
    @Test
    void encodedSizeIsExact() {
        List<Message> all = new ArrayList<>(WireFixtures.everyDatagramMessage());
        all.add(WireFixtures.pushPull(0));
        all.add(WireFixtures.pushPull(50));
        for (Message m : all) {
            assertThat(codec.encodedSize(m)).as("%s", m).isEqualTo(codec.encode(m).length);
        }
    }

    @Test
    void frameLayoutIsHeaderLengthTypeBody() {
        byte[] b = codec.encode(new Message.Ack(0x0102030405060708L));
        byte[] expected = RawBytes.streamHeader(LABEL).u32(9).u8(MessageType.ACK.id()).i64(0x0102030405060708L)
                .toByteArray();
        assertThat(b).isEqualTo(expected);
    }

    @Test
    void byteByByteFeedingGivesTheSameFrame() {
        Message m = WireFixtures.pushPull(50);
        byte[] b = codec.encode(m);
        FrameDecoder d = codec.newDecoder();
        for (int i = 0; i < b.length - 1; i++) {
            assertThat(d.feed(new byte[] {b[i]})).isInstanceOf(Result.NeedMore.class);
            assertThat(d.isDone()).isFalse();
        }
        assertThat(d.feed(b, b.length - 1, 1)).isEqualTo(new Result.Frame(m));
        assertThat(d.isDone()).isTrue();
        assertThat(d.feed(new byte[0])).isEqualTo(new Result.Frame(m));
        assertThat(d.endOfStream()).isEqualTo(new Result.Frame(m));
    }

    @Test
    void byteBuffersAreConsumed() {
        Message m = new Message.Ping(3, "x");
        byte[] b = codec.encode(m);
        ByteBuffer heap = ByteBuffer.allocate(b.length + 4);
        heap.put(new byte[2]).put(b).flip().position(2);
        assertThat(codec.newDecoder().feed(heap)).isEqualTo(new Result.Frame(m));
        assertThat(heap.hasRemaining()).isFalse();
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();
        assertThat(codec.newDecoder().feed(direct)).isEqualTo(new Result.Frame(m));
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeBuffering() {
        byte[] header = RawBytes.streamHeader(LABEL).u32(0xFFFF_FFFFL).toByteArray();
        assertDropped(codec.newDecoder().feed(header), DropReason.TOO_LARGE);
        StreamCodec small = new StreamCodec(LABEL, 100);
        assertDropped(small.newDecoder().feed(RawBytes.streamHeader(LABEL).u32(101).toByteArray()),
                DropReason.TOO_LARGE);
        assertThat(small.newDecoder().feed(RawBytes.streamHeader(LABEL).u32(100).toByteArray()))
                .isInstanceOf(Result.NeedMore.class);
        assertThatThrownBy(() -> small.encode(new Message.Ping(1, repeat("x", 100))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void announcingALargeFrameAndSendingLittleHoldsLittleMemory() {
        // The decoder must not allocate the announced 16 MiB up front; it would if it did not grow
        // lazily, and 128 such streams would hold 2 GiB. Observable only through behaviour: the
        // frame completes correctly whatever the chunking.
        Message m = WireFixtures.pushPull(5000);
        byte[] b = codec.encode(m);
        assertThat(b.length).isGreaterThan(64 * 1024);
        FrameDecoder d = codec.newDecoder();
        Result r = null;
        for (int off = 0; off < b.length; off += 1000) {
            r = d.feed(b, off, Math.min(1000, b.length - off));
        }
        assertThat(r).isEqualTo(new Result.Frame(m));
    }

    @Test
    void pushPullMemberCountIsCheckedBeforeAllocating() {
        byte[] tooMany = RawBytes.streamHeader(LABEL).u32(6).u8(MessageType.PUSH_PULL.id()).u8(0)
                .u32(WireLimits.MAX_PUSH_PULL_MEMBERS + 1L).toByteArray();
        assertDropped(decodeWhole(tooMany), DropReason.TOO_LARGE);
        byte[] notEnoughBytes = RawBytes.streamHeader(LABEL).u32(6 + 20).u8(MessageType.PUSH_PULL.id()).u8(0)
                .u32(WireLimits.MAX_PUSH_PULL_MEMBERS).bytes(new byte[20]).toByteArray();
        assertDropped(decodeWhole(notEnoughBytes), DropReason.BAD_LENGTH);
    }

    @Test
    void labelMismatchIsReportedWithTheForeignLabel() {
        byte[] b = new StreamCodec("other/wan", 1000).encode(new Message.Ack(1));
        // Refused as soon as the label has arrived, before the length and body.
        Result r = codec.newDecoder().feed(Arrays.copyOf(b, 4 + "other/wan".length() + 4));
        assertThat(r).isEqualTo(new ForeignLabel("other/wan".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "other/wan"));
    }

    /** A label let in is decoded like ours; a refusal written with a foreign label is read by its owner. */
    @Test
    void labelsLetInAndRepliesWithTheSendersLabel() {
        StreamCodec sender = new StreamCodec("prod/lan/dc2", 1000);
        byte[] b = sender.encode(new Message.Ack(1));
        assertThat(codec.newDecoder(label -> label.equals("prod/lan/dc2")).feed(b))
                .isEqualTo(new Result.Frame(new Message.Ack(1)));
        ForeignLabel foreign = (ForeignLabel) codec.newDecoder(label -> false).feed(b);

        Message.Refuse refuse = new Message.Refuse(io.gossamer.RefusalReason.NOT_A_SERVER, "n1 (role client)");
        byte[] reply = codec.encodeReply(foreign, refuse);
        assertThat(sender.newDecoder().feed(reply)).isEqualTo(new Result.Frame(refuse));
        assertThat(codec.newDecoder().feed(reply)).isInstanceOf(ForeignLabel.class);
    }

    @Test
    void everyHeaderDropReason() {
        assertDropped(codec.newDecoder().feed(new byte[] {'H', 'T', 'T', 'P'}), DropReason.BAD_MAGIC);
        byte[] datagram = new PacketCodec(LABEL, 1400).encode(List.of(new Message.Ack(1)));
        Result r = codec.newDecoder().feed(datagram);
        assertDropped(r, DropReason.BAD_MAGIC);
        assertThat(((Result.Dropped) r).detail()).contains("datagram");
        byte[] v9 = codec.encode(new Message.Ack(1));
        v9[2] = 9;
        assertDropped(codec.newDecoder().feed(v9), DropReason.UNSUPPORTED_VERSION);
        assertDropped(codec.newDecoder().feed(RawBytes.streamHeader(LABEL).u32(0).toByteArray()),
                DropReason.BAD_LENGTH);
    }

    @Test
    void truncatedStream() {
        byte[] b = codec.encode(WireFixtures.pushPull(3));
        for (int len = 0; len < b.length; len++) {
            FrameDecoder d = codec.newDecoder();
            assertThat(d.feed(b, 0, len)).isInstanceOf(Result.NeedMore.class);
            assertDropped(d.endOfStream(), DropReason.TRUNCATED);
        }
        // A fixed field running past the declared frame.
        assertDropped(decodeWhole(RawBytes.streamHeader(LABEL).u32(3).u8(MessageType.ACK.id()).u16(1).toByteArray()),
                DropReason.TRUNCATED);
    }

    @Test
    void unknownTypeInAFrame() {
        assertDropped(decodeWhole(RawBytes.streamHeader(LABEL).u32(1).u8(77).toByteArray()), DropReason.UNKNOWN_TYPE);
    }

    @Test
    void invalidMemberState() {
        // One record: name, address, datacenter, role, tags, generation (6 bytes), incarnation, state; no events.
        byte[] b = RawBytes.streamHeader(LABEL).u32(1 + 1 + 4 + 18 + 6 + 2).u8(MessageType.PUSH_PULL.id()).u8(1)
                .u32(1).str("").str("10.0.0.1").u16(1).str("").str("").u16(0).varint(WireFixtures.GENERATION).u8(0)
                .u8(4).u16(0).toByteArray();
        assertDropped(decodeWhole(b), DropReason.INVALID_FIELD);
        b[b.length - 3] = 3;
        assertThat(decodeWhole(b)).isInstanceOf(Result.Frame.class);
    }

    @Test
    void trailingBytes() {
        byte[] b = codec.encode(new Message.Ack(1));
        assertDropped(codec.newDecoder().feed(Arrays.copyOf(b, b.length + 1)), DropReason.TRAILING_BYTES);
        FrameDecoder d = codec.newDecoder();
        assertThat(d.feed(b)).isInstanceOf(Result.Frame.class);
        assertDropped(d.feed(new byte[] {0}), DropReason.TRAILING_BYTES);
        assertDropped(d.endOfStream(), DropReason.TRAILING_BYTES);
        // Trailing bytes inside the frame, after the ack's body.
        assertDropped(decodeWhole(RawBytes.streamHeader(LABEL).u32(10).u8(MessageType.ACK.id()).i64(1).u8(0)
                .toByteArray()), DropReason.TRAILING_BYTES);
    }

    @Test
    void aDropIsFinal() {
        FrameDecoder d = codec.newDecoder();
        Result first = d.feed(new byte[] {'x', 'x'});
        assertDropped(first, DropReason.BAD_MAGIC);
        assertThat(d.feed(codec.encode(new Message.Ack(1)))).isEqualTo(first);
        assertThat(d.endOfStream()).isEqualTo(first);
    }

    @Test
    void constructorValidates() {
        assertThatThrownBy(() -> new StreamCodec(repeat("x", 256), 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamCodec("x", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StreamCodec("x", 9).encode(new Message.Nack(1))).hasSize(4 + 1 + 4 + 9);
    }

    /**
     * The generation of all five kinds of message about an instance survives a stream, from 0 to
     * the largest value, next to an incarnation of another size so that swapping them would show.
     */
    @Test
    void theGenerationOfEveryMessageAboutAnInstanceRoundTrips() {
        for (long generation : new long[] {0, 127, WireFixtures.GENERATION, Long.MAX_VALUE}) {
            List<Message> all = List.of(
                    new Message.Alive("n1", generation, 300, WireFixtures.V4, "dc", "server", Map.of()),
                    new Message.Suspect("n1", generation, 300, "n2"),
                    new Message.Dead("n1", generation, 300, "n2"),
                    new Message.Forget("n1", generation, 300),
                    new Message.PushPull(true, List.of(
                            new Message.MemberRecord("n1", WireFixtures.V4, "dc", "server", Map.of(), generation, 300,
                                    io.gossamer.MemberState.SUSPECT),
                            new Message.MemberRecord("n2", WireFixtures.V6, "dc", "client", Map.of(), 300, generation,
                                    io.gossamer.MemberState.LEFT))));
            for (Message m : all) {
                assertThat(decodeWhole(codec.encode(m))).as("%s", m).isEqualTo(new Result.Frame(m));
            }
        }
    }

    @Test
    void tagsOfEveryShapeRoundTripInMemberRecords() {
        Message m = new Message.PushPull(false, List.of(
                new Message.MemberRecord("a", WireFixtures.V6, "dc", "server", Map.of(), 0, 0, io.gossamer.MemberState.ALIVE),
                new Message.MemberRecord("b", WireFixtures.V4, "dc", "client", Map.of("x", "y"), 0, 9,
                        io.gossamer.MemberState.SUSPECT),
                new Message.MemberRecord("c", WireFixtures.V4, "dc", "client", WireFixtures.maxTags(), 0, 1L << 33,
                        io.gossamer.MemberState.DEAD)));
        assertThat(decodeWhole(codec.encode(m))).isEqualTo(new Result.Frame(m));
    }

    /**
     * The state of a 10,000-member cluster fits in a frame the default stream budgets take (half
     * of 16 MiB, for requests and for replies alike): 2.3 MB with typical fields (a 46-byte
     * name, an IPv6 literal, four tags of 32 bytes), 6.1 MB with the largest tag block for
     * every member. The sizes are printed in the impl README.
     */
    @Test
    void theStateOfTenThousandMembersFitsTheDefaultBudget() {
        long largest = 16L * 1024 * 1024 / 2;
        List<Message.MemberRecord> typical = new ArrayList<>();
        List<Message.MemberRecord> fullTags = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String name = String.format("gossamer-node-%05d.eu-west-1.cluster.internal", i);
            NodeAddress address = new NodeAddress(String.format("2001:db8:0:0:0:0:%x:%x", i / 256, i % 256), 7946);
            Map<String, String> tags = Map.of("version1", "1.4.2-build.20261205.17", "zone0001", "eu-west-1a-rack-000017",
                    "service1", "payments-api-internal-17", "owner001", "team-checkout-platform-1");
            typical.add(new Message.MemberRecord(name, address, "eu-west-1", "server", tags, 1_800_000_000_000L + i,
                    1_000 + i, io.gossamer.MemberState.ALIVE));
            fullTags.add(new Message.MemberRecord(name, address, "eu-west-1", "server", WireFixtures.maxTags(),
                    1_800_000_000_000L + i, 1_000 + i, io.gossamer.MemberState.ALIVE));
        }
        long typicalBytes = codec.encodedSize(new Message.PushPull(false, typical));
        long fullBytes = codec.encodedSize(new Message.PushPull(false, fullTags));
        assertThat(typicalBytes).isBetween(2_000_000L, 3_000_000L);
        assertThat(fullBytes).isBetween(6_000_000L, largest - Envelope.OVERHEAD);
    }
}
