package io.gossamer.swim.wire;

import io.gossamer.swim.wire.PacketCodec.Decoded;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.gossamer.swim.wire.WireFixtures.GENERATION;
import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static io.gossamer.swim.wire.WireFixtures.V4;
import static io.gossamer.swim.wire.WireFixtures.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketCodecTest {

    private final PacketCodec codec = new PacketCodec(LABEL, 1400);

    private Decoded decode(byte[] b) {
        return codec.decode(b, 0, b.length);
    }

    private static void assertDropped(Decoded d, DropReason reason) {
        assertThat(d).isInstanceOf(Decoded.Dropped.class);
        assertThat(((Decoded.Dropped) d).reason()).as(d.toString()).isEqualTo(reason);
    }

    private static List<Message> messages(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Messages.class);
        return ((Decoded.Messages) d).messages();
    }

    // ----------------------------------------------------------------------------- round trips

    @Test
    void everyMessageRoundTripsAlone() {
        for (Message m : WireFixtures.everyDatagramMessage()) {
            byte[] b = codec.encode(List.of(m));
            assertThat(messages(decode(b))).containsExactly(m);
        }
    }

    @Test
    void severalMessagesRoundTripInOrder() {
        List<Message> all = WireFixtures.everyDatagramMessage();
        assertThat(messages(decode(codec.encode(all)))).isEqualTo(all);
    }

    @Test
    void decodesAtAnOffset() {
        byte[] b = codec.encode(List.of(new Message.Ack(9)));
        byte[] padded = new byte[b.length + 10];
        System.arraycopy(b, 0, padded, 7, b.length);
        assertThat(messages(codec.decode(padded, 7, b.length))).containsExactly(new Message.Ack(9));
    }

    @Test
    void ipv6AndUnicodeAndLimitSizedFieldsRoundTrip() {
        String name255 = repeat("é", 127) + "x"; // 255 bytes of UTF-8
        String host255 = "fe80::1%" + repeat("z", 247); // the longest host: a link-local literal, a long zone id
        Message alive = new Message.Alive(name255, 0, 5, new NodeAddress(host255, 1), repeat("d", 255),
                repeat("r", 255), WireFixtures.maxTags());
        PacketCodec big = new PacketCodec(LABEL, 4000);
        byte[] b = big.encode(List.of(alive));
        assertThat(messages(big.decode(b, 0, b.length))).containsExactly(alive);
        // The largest alive, as impl/README.md gives it: every field at its limit, both varints 9 bytes.
        Message largest = new Message.Alive(name255, Long.MAX_VALUE, Long.MAX_VALUE, new NodeAddress(host255, 1),
                repeat("d", 255), repeat("r", 255), WireFixtures.maxTags());
        assertThat(big.framedSize(largest)).isEqualTo(1_561);
        byte[] l = big.encode(List.of(largest));
        assertThat(messages(big.decode(l, 0, l.length))).containsExactly(largest);

        Message v6 = new Message.IndirectPing(1, "東京", new NodeAddress("2001:db8::ff00:42:8329", 7946), true);
        assertThat(messages(decode(codec.encode(List.of(v6))))).containsExactly(v6);
    }

    @Test
    void emptyAndMaxTagsRoundTrip() {
        for (Map<String, String> tags : List.of(Map.<String, String>of(), WireFixtures.maxTags(),
                Map.of("", ""), Map.of("κλειδί", "τιμή", "emoji", "🚀🚀"))) {
            Message m = new Message.Alive("n1", 0, 1, V4, "dc", "client", tags);
            assertThat(messages(decode(codec.encode(List.of(m))))).containsExactly(m);
        }
        assertThat(WireLimits.encodedTagsSize(WireFixtures.maxTags())).isEqualTo(WireLimits.MAX_TAGS_BYTES);
    }

    @Test
    void equalTagMapsEncodeToEqualBytes() {
        Map<String, String> a = new HashMap<>();
        Map<String, String> b = new java.util.TreeMap<>(Collections.reverseOrder());
        for (int i = 0; i < 20; i++) {
            a.put("k" + i, "v");
            b.put("k" + i, "v");
        }
        assertThat(codec.encode(List.of(new Message.Alive("n", 0, 1, V4, "", "", a))))
                .isEqualTo(codec.encode(List.of(new Message.Alive("n", 0, 1, V4, "", "", b))));
    }

    // ----------------------------------------------------------------------------- sizes

    @Test
    void framedSizeIsExact() {
        int header = 1400 - codec.capacity();
        assertThat(header).isEqualTo(2 + 1 + 1 + LABEL.length() + 1);
        int sum = 0;
        for (Message m : WireFixtures.everyDatagramMessage()) {
            assertThat(codec.encode(List.of(m))).hasSize(header + codec.framedSize(m));
            sum += codec.framedSize(m);
        }
        assertThat(codec.encode(WireFixtures.everyDatagramMessage())).hasSize(header + sum);
    }

    @Test
    void varintBoundariesAreSizedExactly() {
        long[] values = {0, 127, 128, 16_383, 16_384, (1L << 56) - 1, 1L << 56, (1L << 62), Long.MAX_VALUE};
        int[] sizes = {1, 1, 2, 2, 3, 8, 9, 9, 9};
        int base = codec.framedSize(new Message.Suspect("a", 0, 0, "b")) - 1;
        for (int i = 0; i < values.length; i++) {
            Message m = new Message.Suspect("a", 0, values[i], "b");
            assertThat(codec.framedSize(m)).as("incarnation %d", values[i]).isEqualTo(base + sizes[i]);
            assertThat(messages(decode(codec.encode(List.of(m))))).containsExactly(m);
            Message g = new Message.Suspect("a", values[i], 0, "b");
            assertThat(codec.framedSize(g)).as("generation %d", values[i]).isEqualTo(base + sizes[i]);
            assertThat(messages(decode(codec.encode(List.of(g))))).containsExactly(g);
        }
        // A start time in epoch milliseconds, as nodes choose generations: six bytes.
        assertThat(codec.framedSize(new Message.Suspect("a", GENERATION, 0, "b"))).isEqualTo(base + 6);
    }

    /**
     * Each message about an instance keeps its generation apart from its incarnation, whatever
     * their sizes; a value no other field shares shows which field is which.
     */
    @Test
    void theGenerationOfEveryDatagramMessageAboutAnInstanceRoundTrips() {
        for (long generation : new long[] {0, 1, GENERATION, GENERATION + 1, Long.MAX_VALUE}) {
            List<Message> all = List.of(
                    new Message.Alive("n1", generation, 7, V4, "dc", "server", Map.of("k", "v")),
                    new Message.Suspect("n1", generation, 7, "n2"),
                    new Message.Dead("n1", generation, 7, "n2"),
                    new Message.Dead("n1", generation, 7, "n1"),
                    new Message.Forget("n1", generation, 7));
            List<Message> decoded = messages(decode(codec.encode(all)));
            assertThat(decoded).as("generation %d", generation).isEqualTo(all);
        }
        assertThatThrownBy(() -> codec.framedSize(new Message.Forget("n1", -1, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
        assertThatThrownBy(() -> codec.encode(List.of(new Message.Alive("n1", Long.MIN_VALUE, 7, V4, "", "",
                Map.of())))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
    }

    @Test
    void messagesFillingCapacityExactlyFitAndOneMoreByteDoesNot() {
        // Acks are 11 bytes framed; pad with one ping whose target absorbs the remainder.
        int ackSize = codec.framedSize(new Message.Ack(0));
        List<Message> list = new ArrayList<>();
        int used = 0;
        while (codec.capacity() - used > ackSize + 40) {
            list.add(new Message.Ack(list.size()));
            used += ackSize;
        }
        int pingOverhead = codec.framedSize(new Message.Ping(0, ""));
        Message filler = new Message.Ping(1, repeat("p", codec.capacity() - used - pingOverhead));
        list.add(filler);
        assertThat(list.stream().mapToInt(codec::framedSize).sum()).isEqualTo(codec.capacity());
        byte[] b = codec.encode(list);
        assertThat(b).hasSize(1400);
        assertThat(messages(decode(b))).isEqualTo(list);

        list.set(list.size() - 1, new Message.Ping(1, repeat("p", codec.capacity() - used - pingOverhead + 1)));
        assertThatThrownBy(() -> codec.encode(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atMost255MessagesPerDatagram() {
        PacketCodec big = new PacketCodec(LABEL, 9000);
        List<Message> acks = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            acks.add(new Message.Ack(i));
        }
        byte[] b = big.encode(acks);
        assertThat(((Decoded.Messages) big.decode(b, 0, b.length)).messages()).hasSize(255);
        acks.add(new Message.Ack(255));
        assertThatThrownBy(() -> big.encode(acks)).isInstanceOf(IllegalArgumentException.class);
    }

    // ----------------------------------------------------------------------------- encoder refusals

    @Test
    void encodeRejectsProgrammingErrors() {
        assertThatThrownBy(() -> codec.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.encode(List.of(WireFixtures.pushPull(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream-only");
        assertThatThrownBy(() -> codec.framedSize(WireFixtures.pushPull(0)))
                .isInstanceOf(IllegalArgumentException.class);
        List<Message> invalid = List.of(
                new Message.Ping(1, repeat("x", 256)),
                new Message.Ping(1, "\uD800"),
                new Message.Suspect("a", 0, -1, "b"),
                new Message.Alive("a", 0, 1, new NodeAddress("has space", 1), "", "", Map.of()),
                new Message.Alive("a", 0, 1, new NodeAddress("hôst", 1), "", "", Map.of()),
                new Message.Alive("a", 0, 1, V4, repeat("d", 256), "", Map.of()),
                new Message.Alive("a", 0, 1, V4, "", repeat("r", 256), Map.of()),
                new Message.Alive("a", 0, 1, V4, "", "", Map.of(repeat("k", 256), "")),
                new Message.Alive("a", 0, 1, V4, "", "", Map.of("k", repeat("v", 256))),
                new Message.Alive("a", 0, 1, V4, "", "", Map.of("a", repeat("x", 253), "b", repeat("y", 254))));
        for (Message m : invalid) {
            assertThatThrownBy(() -> codec.framedSize(m)).as(m.toString()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> codec.encode(List.of(m))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void constructorValidatesLabelAndPacketSize() {
        assertThat(new PacketCodec(repeat("l", 255), 1400).capacity()).isEqualTo(1400 - 260);
        assertThat(new PacketCodec("", 576).capacity()).isEqualTo(576 - 5);
        assertThatThrownBy(() -> new PacketCodec(repeat("l", 256), 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketCodec(repeat("é", 128), 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketCodec("x", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketCodec("x", 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The refusal (type 9) byte for byte, as impl/README.md documents it: reason code, then the
     * detail as a length-prefixed string. An unknown reason code still reads as a refusal
     * (FOREIGN_LABEL); control characters in the detail are replaced on the way in.
     */
    @Test
    void refusalLayout() {
        PacketCodec c = new PacketCodec("prod/lan/dc1", 1400);
        byte[] b = c.encode(List.of(new Message.Refuse(io.gossamer.RefusalReason.FOREIGN_DATACENTER, "n2")));
        assertThat(b).containsExactly(0x47, 0x44, 0x03, 0x0c, 'p', 'r', 'o', 'd', '/', 'l', 'a', 'n', '/', 'd', 'c', '1',
                0x01, 0x00, 0x05, 0x09, 0x02, 0x02, 'n', '2');

        byte[] unknownReason = RawBytes.packetHeader(LABEL).u8(1)
                .frame(new RawBytes().u8(MessageType.REFUSE.id()).u8(200).str("a\nb\u202E")).toByteArray();
        assertThat(messages(decode(unknownReason))).containsExactly(
                new Message.Refuse(io.gossamer.RefusalReason.FOREIGN_LABEL, "a?b?"));
        assertThatThrownBy(() -> codec.encode(List.of(new Message.Refuse(io.gossamer.RefusalReason.FOREIGN_LABEL,
                repeat("x", 256))))).isInstanceOf(IllegalArgumentException.class);
    }

    // ----------------------------------------------------------------------------- labels

    @Test
    void foreignLabelIsDroppedWithTheLabelBytesAndDetail() {
        byte[] b = new PacketCodec("staging/lan/eu-west-1", 1400).encode(List.of(new Message.Ack(1)));
        Decoded d = decode(b);
        assertThat(d).isEqualTo(new ForeignLabel("staging/lan/eu-west-1".getBytes(StandardCharsets.UTF_8),
                "staging/lan/eu-west-1"));
        assertThat(((ForeignLabel) d).reason()).isEqualTo(DropReason.LABEL_MISMATCH);
        assertThat(((ForeignLabel) d).text()).contains("staging/lan/eu-west-1");

        byte[] unlabelled = new PacketCodec("", 1400).encode(List.of(new Message.Ack(1)));
        assertThat(decode(unlabelled)).isEqualTo(new ForeignLabel(new byte[0], ""));
        // Same prefix, longer label: compared by length too.
        byte[] longer = new PacketCodec(LABEL + "x", 1400).encode(List.of(new Message.Ack(1)));
        assertThat(decode(longer)).isInstanceOf(ForeignLabel.class);
    }

    @Test
    void foreignLabelDetailIsSanitizedAndTruncated() {
        byte[] evil = RawBytes.packetHeader("x\n2099-01-01 INFO forged\u202Eline\u0000\u001b[31m")
                .u8(1).frame(new RawBytes().u8(3).i64(1)).toByteArray();
        String detail = ((ForeignLabel) decode(evil)).detail();
        assertThat(detail).doesNotContain("\n", "\u202E", "\u0000", "\u001b").startsWith("x?2099");

        byte[] invalidUtf8 = new RawBytes().u8('G').u8('D').u8(RawBytes.VERSION).u8(3).u8(0xFF).u8(0xC0).u8('a')
                .u8(1).frame(new RawBytes().u8(3).i64(1)).toByteArray();
        ForeignLabel notUtf8 = (ForeignLabel) decode(invalidUtf8);
        assertThat(notUtf8.detail()).isEqualTo("??a");
        assertThat(notUtf8.text()).isEmpty();
        assertThat(notUtf8.label()).containsExactly(0xFF, 0xC0, 'a');

        byte[] longLabel = new PacketCodec(repeat("ü", 100), 1400).encode(List.of(new Message.Ack(1)));
        assertThat(((ForeignLabel) decode(longLabel)).detail()).isEqualTo(repeat("ü", 64) + "...");
    }

    /** With the guard off, a label the predicate accepts is decoded like ours; the predicate sees only foreign, UTF-8 labels. */
    @Test
    void aLabelLetInIsDecodedAndOthersAreNot() {
        byte[] b = new PacketCodec("prod/lan/dc2", 1400).encode(List.of(new Message.Ack(9)));
        List<String> asked = new java.util.ArrayList<>();
        Decoded d = codec.decode(b, 0, b.length, label -> asked.add(label) && label.startsWith("prod/lan/"));
        assertThat(d).isEqualTo(new Decoded.Messages(List.of(new Message.Ack(9))));
        assertThat(asked).containsExactly("prod/lan/dc2");

        byte[] other = new PacketCodec("test/wan", 1400).encode(List.of(new Message.Ack(9)));
        assertThat(codec.decode(other, 0, other.length, label -> label.startsWith("prod/lan/")))
                .isInstanceOf(ForeignLabel.class);
        byte[] ours = codec.encode(List.of(new Message.Ack(9)));
        assertThat(codec.decode(ours, 0, ours.length, label -> {
            throw new AssertionError("asked about our own label");
        })).isInstanceOf(Decoded.Messages.class);
    }

    /**
     * A refusal is written with the refused sender's label, so that the sender's own codec reads
     * it; fitted to a maximum size it loses detail, never the reason, and never exceeds the size.
     */
    @Test
    void refusalRepliesCarryTheSendersLabelAndFitTheRequest() {
        PacketCodec sender = new PacketCodec("prod/lan/dc2", 1400);
        byte[] request = sender.encode(List.of(new Message.Ping(1, "x")));
        ForeignLabel foreign = (ForeignLabel) decode(request);
        Message.Refuse refuse = new Message.Refuse(io.gossamer.RefusalReason.FOREIGN_DATACENTER,
                "node-1 (cluster prod, pool lan, datacenter dc1, role server) " + repeat("é", 60));

        byte[] reply = PacketCodec.encodeReply(foreign, refuse);
        assertThat(sender.decode(reply, 0, reply.length)).isEqualTo(new Decoded.Messages(List.of(refuse)));

        Message.Refuse fitted = PacketCodec.fitReply(foreign, refuse, request.length).orElseThrow();
        byte[] small = PacketCodec.encodeReply(foreign, fitted);
        assertThat(small.length).isLessThanOrEqualTo(request.length).isGreaterThanOrEqualTo(request.length - 1);
        assertThat(fitted.reason()).isEqualTo(refuse.reason());
        assertThat(refuse.detail()).startsWith(fitted.detail());
        assertThat(sender.decode(small, 0, small.length)).isEqualTo(new Decoded.Messages(List.of(fitted)));
        // Header (4 + 12), count (1), frame length (2), type, reason, detail length: 22 bytes at least.
        assertThat(PacketCodec.fitReply(foreign, refuse, 21)).isEmpty();
        assertThat(PacketCodec.fitReply(foreign, refuse, 22)).contains(new Message.Refuse(refuse.reason(), ""));
        assertThat(PacketCodec.encodeReply(foreign, new Message.Refuse(refuse.reason(), ""))).hasSize(22);
    }

    // ----------------------------------------------------------------------------- every drop reason

    private static RawBytes ack(long seq) {
        return new RawBytes().u8(MessageType.ACK.id()).i64(seq);
    }

    private static byte[] packet(RawBytes... frames) {
        RawBytes p = RawBytes.packetHeader(LABEL).u8(frames.length);
        for (RawBytes f : frames) {
            p.frame(f);
        }
        return p.toByteArray();
    }

    @Test
    void handMadePacketMatchesTheEncoder() {
        assertThat(packet(ack(77))).isEqualTo(codec.encode(List.of(new Message.Ack(77))));
    }

    @Test
    void theDocumentedExampleIsWhatTheEncoderWrites() {
        byte[] b = new PacketCodec("prod/lan/dc1", 576).encode(List.of(new Message.Ack(5)));
        assertThat(java.util.HexFormat.of().formatHex(b))
                .isEqualTo("4744030c70726f642f6c616e2f646331" + "01" + "0009" + "030000000000000005");
    }

    /**
     * The suspect example of impl/README.md, byte for byte: node n1 suspects the instance of n2
     * started at 1,800,000,000,000 ms, at incarnation 3. The generation comes right after the
     * name, before the incarnation.
     */
    @Test
    void theDocumentedSuspectIsWhatTheEncoderWrites() {
        byte[] b = new PacketCodec("prod/lan/dc1", 576).encode(List.of(new Message.Suspect("n2", GENERATION, 3, "n1")));
        assertThat(java.util.HexFormat.of().formatHex(b)).isEqualTo("4744030c70726f642f6c616e2f646331" + "01" + "000e"
                + "06" + "026e32" + "80a0f1c2b134" + "03" + "026e31");
        assertThat(b).hasSize(33);
    }

    @Test
    void badMagic() {
        assertDropped(decode(new byte[] {'X', 'Y', 1, 0, 1}), DropReason.BAD_MAGIC);
        byte[] stream = new StreamCodec(LABEL, 1000).encode(new Message.Ack(1));
        Decoded d = decode(stream);
        assertDropped(d, DropReason.BAD_MAGIC);
        assertThat(((Decoded.Dropped) d).detail()).contains("stream frame");
    }

    @Test
    void unsupportedVersion() {
        byte[] b = packet(ack(1));
        b[2] = 4;
        assertDropped(decode(b), DropReason.UNSUPPORTED_VERSION);
        // version 2 had no events in push-pull: its state exchanges would be misread
        b[2] = 2;
        assertDropped(decode(b), DropReason.UNSUPPORTED_VERSION);
        b[2] = 0;
        assertDropped(decode(b), DropReason.UNSUPPORTED_VERSION);
    }

    /**
     * A node of format version 1 writes alive, suspect, dead and forget without the generation.
     * Some of its messages also parse as version 2, about another instance at another
     * incarnation: only the version byte keeps them out, sealed or not.
     */
    @Test
    void aVersionOneDatagramIsDroppedThoughItWouldParseAsVersionTwo() {
        // Version 1's suspect: name "n", incarnation 5, from "!" + 33 x "a". Read as version 2,
        // 5 is the generation, the length of "from" (34) the incarnation, and '!' (33) the new length of "from".
        String from = "!" + repeat("a", 33);
        byte[] v1 = packet(new RawBytes().u8(MessageType.SUSPECT.id()).str("n").varint(5).str(from));
        assertThat(messages(decode(v1))).containsExactly(new Message.Suspect("n", 5, 34, repeat("a", 33)));

        v1[2] = 0x01;
        Decoded d = decode(v1);
        assertDropped(d, DropReason.UNSUPPORTED_VERSION);
        assertThat(((Decoded.Dropped) d).detail()).contains("version 1");
        v1[2] = (byte) 0x81;
        assertDropped(decode(v1), DropReason.UNSUPPORTED_VERSION);
    }

    @Test
    void truncated() {
        byte[] b = codec.encode(WireFixtures.everyDatagramMessage());
        for (int len = 0; len < b.length; len++) {
            Decoded d = codec.decode(b, 0, len);
            assertThat(d).as("length %d", len).isInstanceOf(Decoded.Dropped.class);
            assertThat(((Decoded.Dropped) d).reason()).as("length %d", len).isEqualTo(DropReason.TRUNCATED);
        }
        // Fewer frames than announced.
        byte[] twoAnnounced = RawBytes.packetHeader(LABEL).u8(2).frame(ack(1)).toByteArray();
        assertDropped(decode(twoAnnounced), DropReason.TRUNCATED);
        // A fixed-width field running past its frame.
        assertDropped(decode(packet(new RawBytes().u8(MessageType.ACK.id()).u32(1))), DropReason.TRUNCATED);
    }

    @Test
    void unknownType() {
        assertDropped(decode(packet(new RawBytes().u8(200).i64(1))), DropReason.UNKNOWN_TYPE);
        assertDropped(decode(packet(new RawBytes().u8(0))), DropReason.UNKNOWN_TYPE);
        // Push-pull is a known type, but not on this channel.
        assertDropped(decode(packet(new RawBytes().u8(MessageType.PUSH_PULL.id()).u8(0).u32(0))),
                DropReason.UNKNOWN_TYPE);
    }

    @Test
    void unknownTypesNextToKnownOnesAreSkipped() {
        Decoded d = decode(packet(new RawBytes().u8(99).u8(1).u8(2).u8(3), ack(5), new RawBytes().u8(250)));
        assertThat(messages(d)).containsExactly(new Message.Ack(5));
    }

    @Test
    void badLength() {
        assertDropped(decode(RawBytes.packetHeader(LABEL).u8(0).toByteArray()), DropReason.BAD_LENGTH);
        assertDropped(decode(RawBytes.packetHeader(LABEL).u8(1).u16(0).u8(0).u8(0).toByteArray()),
                DropReason.BAD_LENGTH);
        // The target's length byte claims more than the frame holds.
        assertDropped(decode(packet(new RawBytes().u8(MessageType.PING.id()).i64(1).u8(10).u8('a'))),
                DropReason.BAD_LENGTH);
        // Tag block longer than what remains of the frame.
        assertDropped(decode(packet(aliveUpToTags().u16(20).str("k"))), DropReason.BAD_LENGTH);
        // A tag entry overrunning its block.
        assertDropped(decode(packet(aliveUpToTags().u16(3).str("k").str("v"))), DropReason.BAD_LENGTH);
    }

    private static RawBytes aliveUpToTags() {
        return new RawBytes().u8(MessageType.ALIVE.id()).str("n").varint(GENERATION).u8(1).str("10.0.0.1").u16(7946)
                .str("dc").str("server");
    }

    @Test
    void tooLarge() {
        RawBytes body = aliveUpToTags().u16(513);
        for (int i = 0; i < 171; i++) {
            body.str("").u8(1).u8('v'); // 3 bytes each, 513 in all
        }
        assertDropped(decode(packet(body)), DropReason.TOO_LARGE);
        // The same 513 bytes are refused by the encoder.
        assertThatThrownBy(() -> codec.framedSize(new Message.Alive("n", 0, 1, V4, "", "",
                Map.of("a", repeat("x", 254), "b", repeat("y", 253))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidFields() {
        List<RawBytes> bodies = List.of(
                // Malformed UTF-8: stray continuation, overlong '/', encoded surrogate, beyond U+10FFFF.
                new RawBytes().u8(MessageType.PING.id()).i64(1).u8(1).u8(0x80),
                new RawBytes().u8(MessageType.PING.id()).i64(1).u8(2).u8(0xC0).u8(0xAF),
                new RawBytes().u8(MessageType.PING.id()).i64(1).u8(3).u8(0xED).u8(0xA0).u8(0x80),
                new RawBytes().u8(MessageType.PING.id()).i64(1).u8(4).u8(0xF4).u8(0x90).u8(0x80).u8(0x80),
                // want-nack not a boolean.
                new RawBytes().u8(MessageType.INDIRECT_PING.id()).i64(1).str("t").str("::1").u16(1).u8(2),
                // Incarnation reaching bit 63 (negative as a long): needs a tenth byte.
                new RawBytes().u8(MessageType.SUSPECT.id()).str("n").varint(GENERATION)
                        .u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0x01)
                        .str("f"),
                // Incarnation longer than nine bytes.
                new RawBytes().u8(MessageType.DEAD.id()).str("n").varint(GENERATION)
                        .u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0)
                        .str("f"),
                // Incarnation not minimally encoded (1 written as two bytes).
                new RawBytes().u8(MessageType.DEAD.id()).str("n").varint(GENERATION).u8(0x81).u8(0x00).str("f"),
                // The same three faults in the generation, which is read by the same rules.
                new RawBytes().u8(MessageType.SUSPECT.id()).str("n")
                        .u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0xFF).u8(0x01)
                        .u8(1).str("f"),
                new RawBytes().u8(MessageType.FORGET.id()).str("n")
                        .u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0x80).u8(0)
                        .u8(1),
                new RawBytes().u8(MessageType.ALIVE.id()).str("n").u8(0x81).u8(0x00).u8(1).str("10.0.0.1").u16(1)
                        .str("").str("").u16(0),
                // Empty host, host with a space, host with a control byte.
                new RawBytes().u8(MessageType.ALIVE.id()).str("n").varint(GENERATION).u8(1).str("").u16(1).str("").str("").u16(0),
                new RawBytes().u8(MessageType.ALIVE.id()).str("n").varint(GENERATION).u8(1).str("a b").u16(1).str("").str("").u16(0),
                new RawBytes().u8(MessageType.ALIVE.id()).str("n").varint(GENERATION).u8(1).str("a\nb").u16(1).str("").str("").u16(0),
                // Duplicate tag key.
                aliveUpToTags().u16(8).str("k").str("1").str("k").str("2"));
        for (RawBytes body : bodies) {
            assertDropped(decode(packet(body)), DropReason.INVALID_FIELD);
        }
    }

    @Test
    void trailingBytes() {
        assertDropped(decode(packet(ack(1).u8(0))), DropReason.TRAILING_BYTES);
        byte[] b = codec.encode(List.of(new Message.Ack(1)));
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 1);
        assertDropped(decode(longer), DropReason.TRAILING_BYTES);
    }

    @Test
    void portsCoverTheWholeU16Range() {
        for (int port : new int[] {0, 1, 7946, 65_535}) {
            Message m = new Message.IndirectPing(1, "t", new NodeAddress("::1", port), true);
            assertThat(messages(decode(codec.encode(List.of(m))))).containsExactly(m);
        }
    }
}
