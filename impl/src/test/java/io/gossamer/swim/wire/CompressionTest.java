package io.gossamer.swim.wire;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.PacketCodec.Decoded;
import io.gossamer.swim.wire.StreamCodec.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compressed datagrams and frames: smaller when it helps, read back the same, and bounded when hostile. */
class CompressionTest {

    private static final String LABEL = "prod/lan/dc1";
    private static final byte[] KEY = SealedWireTest.key(16, 1);

    /** A push-pull of {@code n} members as a real cluster's: names, datacenter, role and a tag or two alike. */
    static Message.PushPull pushPull(int n) {
        List<Message.MemberRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new Message.MemberRecord(String.format("web-%04d.prod.example.com", i),
                    new NodeAddress("10.1." + (i / 250) + "." + (i % 250 + 1), 7946), "eu-west-1", "client",
                    Map.of("version", "2.4." + (i % 3), "zone", "eu-west-1" + "abc".charAt(i % 3)),
                    1_800_000_000_000L + i, i % 5, MemberState.ALIVE));
        }
        return new Message.PushPull(false, records);
    }

    /**
     * A push-pull of 1,000 members: compressed to under a third of its size, plaintext and sealed,
     * and read back as it was by a codec that does not compress itself.
     */
    @Test
    void aLargePushPullShrinksAndReadsBack() {
        Message.PushPull state = pushPull(1_000);
        StreamCodec plain = new StreamCodec(LABEL, 16 << 20);
        StreamCodec packing = plain.compressing();
        byte[] before = plain.encode(state);
        byte[] after = packing.encode(state);
        System.out.println("push-pull of 1,000 members: " + before.length + " bytes, compressed " + after.length);
        assertThat(after.length).isLessThan(before.length / 3);
        assertThat(after[2] & 0xFF).isEqualTo(0x43);
        assertThat(plain.newDecoder().feed(after)).isEqualTo(new Result.Frame(state));

        Envelope sealed = SealedWireTest.strict(KEY);
        byte[] sealedAfter = packing.encode(state, sealed);
        assertThat(sealedAfter[2] & 0xFF).isEqualTo(0xC3);
        assertThat(sealedAfter.length).isEqualTo(after.length + Envelope.OVERHEAD);
        assertThat(plain.newDecoder(s -> false, sealed).feed(sealedAfter)).isEqualTo(new Result.Frame(state));
    }

    /** Small frames and datagrams go as they are: compressing an ack gains nothing. */
    @Test
    void smallMessagesAreNotCompressed() {
        Message ack = new Message.Ack(5);
        assertThat(new StreamCodec(LABEL, 1 << 20).compressing().encode(ack))
                .isEqualTo(new StreamCodec(LABEL, 1 << 20).encode(ack));
        assertThat(new PacketCodec(LABEL, 1400).compressing().encode(List.of(ack)))
                .isEqualTo(new PacketCodec(LABEL, 1400).encode(List.of(ack)));
    }

    /** A full datagram of news about similar members shrinks, and reads back the same, sealed or not. */
    @Test
    void aFullDatagramOfNewsShrinks() {
        PacketCodec plain = new PacketCodec(LABEL, 1400, true);
        PacketCodec packing = plain.compressing();
        List<Message> news = new ArrayList<>();
        int i = 0;
        while (true) {
            Message alive = new Message.Alive(String.format("web-%04d.prod.example.com", i),
                    1_800_000_000_000L + i, 1, new NodeAddress("10.1.0." + (i + 1), 7946), "eu-west-1", "client",
                    Map.of("zone", "eu-west-1a"));
            List<Message> more = new ArrayList<>(news);
            more.add(alive);
            if (plain.datagramSize(more) > plain.capacity() + 5 + LABEL.length()) {
                break;
            }
            news = more;
            i++;
        }
        byte[] before = plain.encode(news);
        byte[] after = packing.encode(news);
        System.out.println("a full datagram of " + news.size() + " alive messages: " + before.length
                + " bytes, compressed " + after.length);
        assertThat(after.length).isLessThan(before.length / 2);
        assertThat(plain.decode(after, 0, after.length)).isEqualTo(new Decoded.Messages(news));
        Envelope sealed = SealedWireTest.strict(KEY);
        byte[] sealedAfter = packing.encode(news, sealed);
        assertThat(plain.decode(sealedAfter, 0, sealedAfter.length, s -> false, sealed))
                .isEqualTo(new Decoded.Messages(news));
    }

    /**
     * Hostile compressed input: a small payload inflating beyond the largest datagram is dropped as
     * too large, and so is a frame beyond its limit, before it is held; bytes that are not DEFLATE,
     * and DEFLATE cut short, are dropped too.
     */
    @Test
    void hostileCompressedInputIsDropped() {
        byte[] zeros = new byte[200_000];
        byte[] bomb = Compression.deflate(zeros, 0, zeros.length);
        assertThat(bomb.length).isLessThan(1_000);
        byte[] datagram = RawBytes.packetHeader(LABEL).bytes(bomb).toByteArray();
        datagram[2] |= Header.COMPRESSED;
        assertDropped(new PacketCodec(LABEL, 1400).decode(datagram, 0, datagram.length), DropReason.TOO_LARGE);

        byte[] frame = RawBytes.streamHeader(LABEL).u32(bomb.length).bytes(bomb).toByteArray();
        frame[2] |= Header.COMPRESSED;
        assertThat(new StreamCodec(LABEL, 64 * 1024).newDecoder().feed(frame))
                .isInstanceOfSatisfying(Result.Dropped.class, d -> assertThat(d.reason()).isEqualTo(DropReason.TOO_LARGE));

        byte[] garbage = RawBytes.packetHeader(LABEL).bytes(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5}).toByteArray();
        garbage[2] |= Header.COMPRESSED;
        assertDropped(new PacketCodec(LABEL, 1400).decode(garbage, 0, garbage.length), DropReason.INVALID_FIELD);

        byte[] whole = new PacketCodec(LABEL, 1400).compressing().encode(List.of(new Message.Refuse(
                io.gossamer.RefusalReason.FOREIGN_CLUSTER, "x".repeat(255)), new Message.Refuse(
                io.gossamer.RefusalReason.FOREIGN_CLUSTER, "y".repeat(255)), new Message.Refuse(
                io.gossamer.RefusalReason.FOREIGN_CLUSTER, "z".repeat(255))));
        assertThat(whole[2] & Header.COMPRESSED).isNotZero();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertDropped(new PacketCodec(LABEL, 1400).decode(cut, 0, cut.length), DropReason.INVALID_FIELD);
    }

    private static void assertDropped(Decoded d, DropReason reason) {
        assertThat(d).isInstanceOfSatisfying(Decoded.Dropped.class, x -> assertThat(x.reason()).isEqualTo(reason));
    }
}
