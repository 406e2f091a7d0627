package io.gossamer.swim.wire;

import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.PacketCodec.Decoded;
import io.gossamer.swim.wire.StreamCodec.FrameDecoder;
import io.gossamer.swim.wire.StreamCodec.Result;
import io.gossamer.swim.wire.WireCodecProperties.Mutation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealed datagrams and frames under attack: bit flips, truncations, overwritten and inserted
 * bytes, another format version or type, another key. At a node that accepts only sealed input,
 * whatever differs from a datagram or frame sealed with one of its keys is dropped (or, if its
 * label changed, refused as foreign): nobody without the key can make it decode anything. The
 * decoders never throw and never reach their safety net.
 *
 * <p>Default tries add up to 5,000 (with {@link WireCodecProperties}' 53,000: 58,000 in the default
 * build); {@code -Dgossamer.fuzz.tries=N} sets them, the {@code fuzz} profile multiplies them by 18
 * (see {@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
class SealedWireProperties {

    private static final byte[] KEY = SealedWireTest.key(32, 7);
    private static final byte[] STRANGER = SealedWireTest.key(32, 99);
    private static final PacketCodec PACKETS = new PacketCodec(LABEL, 1400, true);
    private static final StreamCodec STREAMS = new StreamCodec(LABEL, 64 * 1024);

    /** One node's envelope per thread of the run: an envelope is not thread-safe. */
    private static final ThreadLocal<Envelope> NODE = ThreadLocal.withInitial(() -> envelope(KEY));
    private static final ThreadLocal<Envelope> ATTACKER = ThreadLocal.withInitial(() -> envelope(STRANGER));

    private static Envelope envelope(byte[] key) {
        return Envelope.sealed(new Aead(Keyring.of(key), new SecureRandom()), true, true);
    }

    @Property(tries = 1_000)
    void sealedDatagramsRoundTripAndFillAtMostThePacketSize(@ForAll("datagramMessageLists") List<Message> candidates) {
        List<Message> messages = WireArbitraries.fitting(PACKETS, candidates);
        byte[] sealed = PACKETS.encode(messages, NODE.get());
        assertThat(sealed.length).isLessThanOrEqualTo(PACKETS.packetSize());
        assertThat(PACKETS.decode(sealed, 0, sealed.length, l -> false, NODE.get()))
                .isEqualTo(new Decoded.Messages(messages));
    }

    @Property(tries = 2_000)
    void mutatedSealedDatagramsAreDroppedUnlessUnchanged(
            @ForAll("sealedDatagrams") byte[] sealed,
            @ForAll("mutationLists") List<Mutation> mutations) {
        byte[] data = sealed;
        for (Mutation m : mutations) {
            data = m.apply(data, 4 + LABEL.length() + Envelope.OVERHEAD);
        }
        Decoded d = PACKETS.decode(data, 0, data.length, l -> false, NODE.get());
        if (Arrays.equals(data, sealed)) {
            assertThat(d).isInstanceOf(Decoded.Messages.class);
        } else if (d instanceof Decoded.Dropped dropped) {
            assertThat(dropped.reason()).as(dropped.detail()).isNotEqualTo(DropReason.INTERNAL_ERROR);
        } else {
            assertThat(d).as("a changed sealed datagram must not decode").isInstanceOf(ForeignLabel.class);
        }
        Statistics.collect(d instanceof Decoded.Dropped dropped ? dropped.reason()
                : d instanceof ForeignLabel ? DropReason.LABEL_MISMATCH : "unchanged");
    }

    @Property(tries = 1_000)
    void whatAStrangerSealsIsNeverOpened(@ForAll("datagramMessageLists") List<Message> candidates,
                                         @ForAll("chunkSizes") List<Integer> chunks) {
        List<Message> messages = WireArbitraries.fitting(PACKETS, candidates);
        byte[] forged = PACKETS.encode(messages, ATTACKER.get());
        SealedWireTest.assertDropped(PACKETS.decode(forged, 0, forged.length, l -> false, NODE.get()),
                DropReason.DECRYPT_FAILED);
        byte[] forgedFrame = STREAMS.encode(messages.get(0), ATTACKER.get());
        Result r = feedInChunks(forgedFrame, chunks);
        SealedWireTest.assertFrameDropped(r, DropReason.DECRYPT_FAILED);
        // And what a stranger sends in plaintext is refused as such.
        byte[] plain = PACKETS.encode(messages);
        SealedWireTest.assertDropped(PACKETS.decode(plain, 0, plain.length, l -> false, NODE.get()),
                DropReason.UNENCRYPTED);
    }

    @Property(tries = 1_000)
    void mutatedSealedFramesAreDroppedUnlessUnchangedWhateverTheChunking(
            @ForAll("sealedFrames") byte[] sealed,
            @ForAll("mutationLists") List<Mutation> mutations,
            @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] data = sealed;
        for (Mutation m : mutations) {
            data = m.apply(data, 8 + LABEL.length() + Envelope.OVERHEAD);
        }
        Result whole = feedInChunks(data, List.of());
        Result chunked = feedInChunks(data, chunks);
        if (Arrays.equals(data, sealed)) {
            assertThat(whole).isInstanceOf(Result.Frame.class);
        } else if (whole instanceof Result.Dropped dropped) {
            assertThat(dropped.reason()).as(dropped.detail()).isNotEqualTo(DropReason.INTERNAL_ERROR);
            assertThat(chunked).isInstanceOf(Result.Dropped.class);
            assertThat(((Result.Dropped) chunked).reason()).isEqualTo(dropped.reason());
        } else {
            assertThat(whole).as("a changed sealed frame must not decode").isInstanceOf(ForeignLabel.class);
            assertThat(chunked).isEqualTo(whole);
        }
        Statistics.collect(whole instanceof Result.Dropped dropped ? dropped.reason()
                : whole instanceof ForeignLabel ? DropReason.LABEL_MISMATCH : "unchanged");
    }

    private static Result feedInChunks(byte[] data, List<Integer> chunks) {
        FrameDecoder d = STREAMS.newDecoder(l -> false, NODE.get());
        int off = 0;
        int i = 0;
        while (off < data.length) {
            int n = Math.min(chunks.isEmpty() ? data.length : chunks.get(i++ % chunks.size()), data.length - off);
            d.feed(Arrays.copyOfRange(data, off, off + n));
            off += n;
        }
        return d.endOfStream();
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<Message>> datagramMessageLists() {
        return WireArbitraries.datagramMessages().list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<byte[]> sealedDatagrams() {
        return datagramMessageLists().map(ms -> PACKETS.encode(WireArbitraries.fitting(PACKETS, ms), NODE.get()));
    }

    @Provide
    Arbitrary<byte[]> sealedFrames() {
        return WireArbitraries.anyMessages().map(m -> STREAMS.encode(m, NODE.get()));
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 700))
                .list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Mutation>> mutationLists() {
        Arbitrary<Mutation> one = Combinators.combine(
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(4, 1), Tuple.of(3, 2), Tuple.of(2, 3),
                        Tuple.of(2, 4), Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(2, 7)),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers()).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }
}
