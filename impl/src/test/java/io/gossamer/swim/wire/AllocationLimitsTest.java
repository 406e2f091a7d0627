package io.gossamer.swim.wire;

import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.StreamCodec.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.function.Supplier;

import static io.gossamer.swim.wire.WireFixtures.LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A length or count field never makes a decoder allocate beyond what actually arrived: measured
 * as the bytes the decoding thread allocates (HotSpot's per-thread allocation counter), for every
 * field a stranger could inflate, in plaintext and sealed frames. Each bound is far below what the
 * field announces (16 MiB, a million members, 255 frames of 64 KiB).
 */
class AllocationLimitsTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final StreamCodec STREAMS = new StreamCodec(LABEL, StreamCodec.DEFAULT_MAX_FRAME_BYTES);
    private static final PacketCodec PACKETS = new PacketCodec(LABEL, 1400);

    @BeforeAll
    static void counterAvailable() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        // Warm up class loading and the JIT's first allocations, which are not the decoder's.
        for (int i = 0; i < 3; i++) {
            STREAMS.newDecoder().feed(RawBytes.streamHeader(LABEL).u32(10).bytes(new byte[10]).toByteArray());
            PACKETS.decode(new byte[40], 0, 40);
        }
    }

    /**
     * Bytes the current thread allocates to decode, the least of ten runs: the first runs also
     * pay for class loading and other one-time work that is not the decoder's.
     */
    private static long allocatedBy(Supplier<Object> decode) {
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            Object outcome = decode.get();
            long after = THREADS.getThreadAllocatedBytes(id);
            assertThat(outcome).isNotNull();
            least = Math.min(least, after - before);
        }
        return least;
    }

    @Test
    void aFrameAnnouncingSixteenMebibytesCostsWhatArrived() {
        byte[] header = RawBytes.streamHeader(LABEL).u32(StreamCodec.DEFAULT_MAX_FRAME_BYTES).u8(8)
                .bytes(new byte[1_000]).toByteArray();
        long bytes = allocatedBy(() -> STREAMS.newDecoder().feed(header));
        assertThat(bytes).as("announced 16 MiB, sent 1 kB").isLessThan(256 * 1024);
    }

    @Test
    void aSealedFrameAnnouncingSixteenMebibytesCostsWhatArrivedToo() {
        Envelope envelope = Envelope.sealed(new Aead(Keyring.of(new byte[16]), new SecureRandom()), true, true);
        byte[] header = RawBytes.streamHeader(LABEL).u32(StreamCodec.DEFAULT_MAX_FRAME_BYTES + 28L)
                .bytes(new byte[1_000]).toByteArray();
        header[2] = (byte) 0x83;
        long bytes = allocatedBy(() -> {
            StreamCodec.FrameDecoder d = STREAMS.newDecoder(l -> false, envelope);
            Result r = d.feed(header);
            assertThat(r).isInstanceOf(Result.NeedMore.class);
            return d.endOfStream();
        });
        assertThat(bytes).isLessThan(256 * 1024);
    }

    @Test
    void aPushPullAnnouncingAMillionMembersIsRefusedBeforeItsListExists() {
        byte[] frame = RawBytes.streamHeader(LABEL).u32(6 + 20).u8(MessageType.PUSH_PULL.id()).u8(0)
                .u32(WireLimits.MAX_PUSH_PULL_MEMBERS).bytes(new byte[20]).toByteArray();
        long bytes = allocatedBy(() -> STREAMS.newDecoder().feed(frame));
        assertThat(bytes).as("a list of a million would take 4 MiB at least").isLessThan(64 * 1024);
    }

    @Test
    void aDatagramAnnouncingTwoHundredFiftyFiveLongFramesCostsWhatArrived() {
        RawBytes raw = RawBytes.packetHeader(LABEL).u8(255);
        for (int i = 0; i < 30; i++) {
            raw.u16(0xFFFF).u8(1);
        }
        byte[] datagram = raw.toByteArray();
        long bytes = allocatedBy(() -> PACKETS.decode(datagram, 0, datagram.length));
        assertThat(bytes).isLessThan(16 * 1024);
    }

    @Test
    void aTagBlockOrAKeyReplyAnnouncingMoreThanArrivedCostsLittle() {
        // Type, name, generation (6 bytes), incarnation, host, port, datacenter, role, then the block length.
        byte[] tags = RawBytes.streamHeader(LABEL).u32(1 + 2 + 6 + 1 + 2 + 2 + 1 + 1 + 2).u8(MessageType.ALIVE.id())
                .str("n").varint(WireFixtures.GENERATION).u8(0).str("h").u16(1).str("").str("").u16(0xFFFF).toByteArray();
        assertThat(allocatedBy(() -> STREAMS.newDecoder().feed(tags))).isLessThan(16 * 1024);
        Envelope envelope = Envelope.sealed(new Aead(Keyring.of(new byte[16]), new SecureRandom()), true, true);
        byte[] reply = STREAMS.encode(new Message.KeyReply(true, "", java.util.List.of()), envelope);
        // 255 fingerprints announced, none sent (the count is the last byte of the body).
        Message.KeyReply decoded = (Message.KeyReply) ((Result.Frame) decode(reply, envelope)).message();
        assertThat(decoded.keys()).isEmpty();
        byte[] lying = RawBytes.streamHeader(LABEL).u32(1 + 1 + 1 + 1).u8(MessageType.KEY_REPLY.id()).u8(1).u8(0)
                .u8(255).toByteArray();
        // In plaintext it is refused before the body is read; sealed, it would be refused as short.
        assertThat(allocatedBy(() -> decode(lying, Envelope.plaintext()))).isLessThan(16 * 1024);
    }

    /**
     * However the body of a frame announcing 16 MiB arrives (a byte at a time, in one piece of
     * 1 kB, in socket-sized chunks up to 9 MiB), the decoder allocates at most twice what arrived
     * plus a few kilobytes: nothing for what was only announced, and no copy into a larger buffer
     * while the frame arrives.
     */
    @Test
    void aFrameCostsAtMostTwiceWhatArrived() {
        byte[] header = RawBytes.streamHeader(LABEL).u32(StreamCodec.DEFAULT_MAX_FRAME_BYTES).toByteArray();
        byte[] chunk = new byte[64 * 1024];
        int[][] patterns = {{1, 1_000}, {1_000, 1}, {chunk.length, 16}, {chunk.length, 144}};
        for (int[] p : patterns) {
            int size = p[0];
            int count = p[1];
            long arrived = (long) size * count;
            long least = Long.MAX_VALUE;
            for (int run = 0; run < 5; run++) {
                StreamCodec.FrameDecoder d = STREAMS.newDecoder();
                d.feed(header);
                long id = Thread.currentThread().getId();
                long before = THREADS.getThreadAllocatedBytes(id);
                Result last = null;
                for (int i = 0; i < count; i++) {
                    last = d.feed(chunk, 0, size);
                }
                least = Math.min(least, THREADS.getThreadAllocatedBytes(id) - before);
                assertThat(last).isInstanceOf(Result.NeedMore.class);
            }
            assertThat(least).as("%d bytes in chunks of %d", arrived, size).isLessThanOrEqualTo(2 * arrived + 4096);
        }
    }

    /**
     * A decoder takes every buffer from its budget before allocating it, counting its capacity:
     * it never holds more than the budget, never more than twice what arrived, refuses a frame
     * longer than the budget's largest at its length, and gives everything back once done.
     */
    @Test
    void aDecoderHoldsNoMoreThanItsBudgetAndGivesItBack() {
        CountingBudget budget = new CountingBudget(1024 * 1024, 4 * 1024 * 1024);
        byte[] tooLong = RawBytes.streamHeader(LABEL).u32(4 * 1024 * 1024 + 1).u8(8).toByteArray();
        Result refused = STREAMS.newDecoder(l -> false, Envelope.plaintext(), budget).feed(tooLong);
        assertThat(refused).isInstanceOfSatisfying(Result.Dropped.class,
                r -> assertThat(r.reason()).isEqualTo(DropReason.TOO_LARGE));
        assertThat(budget.peak).as("refused at its length").isZero();

        StreamCodec.FrameDecoder d = STREAMS.newDecoder(l -> false, Envelope.plaintext(), budget);
        d.feed(RawBytes.streamHeader(LABEL).u32(4 * 1024 * 1024).toByteArray());
        byte[] chunk = new byte[10_000];
        long arrived = 0;
        Result r = Result.NeedMore.INSTANCE;
        while (r instanceof Result.NeedMore) {
            r = d.feed(chunk);
            arrived += chunk.length;
            assertThat(budget.held).isLessThanOrEqualTo(Math.min(1024 * 1024, 2 * arrived + 256));
            assertThat(budget.held).isEqualTo(d.reservedBytes());
        }
        assertThat(r).isInstanceOfSatisfying(Result.Dropped.class,
                x -> assertThat(x.reason()).isEqualTo(DropReason.TOO_LARGE));
        assertThat(arrived).as("cut once the budget is spent").isBetween(512 * 1024L, 1024 * 1024L);
        assertThat(budget.held).as("given back").isZero();

        // A frame that fits: received in pieces, joined once (both counted meanwhile), given back.
        CountingBudget roomy = new CountingBudget(1024 * 1024, 512 * 1024);
        Message.PushPull state = WireFixtures.pushPull(3_000);
        byte[] frame = STREAMS.encode(state);
        assertThat(frame.length).isBetween(100_000, 400_000);
        StreamCodec.FrameDecoder whole = STREAMS.newDecoder(l -> false, Envelope.plaintext(), roomy);
        Result done = Result.NeedMore.INSTANCE;
        for (int at = 0; at < frame.length; at += 1_500) {
            done = whole.feed(frame, at, Math.min(1_500, frame.length - at));
        }
        assertThat(done).isEqualTo(new Result.Frame(state));
        assertThat(roomy.peak).isLessThanOrEqualTo(2L * frame.length + 256);
        assertThat(roomy.held).isZero();
    }

    /**
     * A sealed frame costs its buffers and then its plaintext, and the plaintext is reserved like
     * the rest: a stranger's 7 MiB sealed frame (random bytes, opened by none of the node's two
     * keys) and a member's genuine one, arriving in socket-sized chunks or in one, make the decoder
     * allocate nothing of the frame's size that it did not reserve first; only one plaintext is
     * allocated however many keys are tried, and all is given back.
     */
    @Test
    void openingASealedFrameIsPaidFromTheBudget() {
        SecureRandom random = new SecureRandom();
        byte[] ours = new byte[16];
        byte[] other = new byte[16];
        other[0] = 1;
        Envelope envelope = Envelope.sealed(new Aead(Keyring.of(ours, other), random), true, true);
        int length = 7 * 1024 * 1024;
        byte[] body = new byte[length];
        new java.util.Random(15).nextBytes(body);
        byte[] forged = RawBytes.streamHeader(LABEL).u32(length).bytes(body).toByteArray();
        forged[2] = (byte) 0x83;
        byte[] genuine = STREAMS.encode(WireFixtures.pushPull(3_000), envelope);
        int genuineLength = genuine.length - HEADER;
        long id = Thread.currentThread().getId();
        for (int chunk : new int[] {64 * 1024, forged.length}) {
            CountingBudget budget = new CountingBudget(16L * 1024 * 1024, 8L * 1024 * 1024);
            long before = THREADS.getThreadAllocatedBytes(id);
            Result r = feedIn(STREAMS.newDecoder(l -> false, envelope, budget), forged, chunk);
            long allocated = THREADS.getThreadAllocatedBytes(id) - before;
            assertThat(r).isInstanceOfSatisfying(Result.Dropped.class,
                    d -> assertThat(d.reason()).isEqualTo(DropReason.DECRYPT_FAILED));
            assertThat(allocated).as("allocated for a sealed %d-byte frame in chunks of %d, %d reserved",
                    length, chunk, budget.total).isLessThanOrEqualTo(budget.total + 64 * 1024);
            assertThat(budget.total).as("its plaintext once, whatever the keys").isLessThan(3L * length + 4096);
            assertThat(budget.peak).isLessThanOrEqualTo(2L * length + 256);
            assertThat(budget.held).as("given back").isZero();

            CountingBudget small = new CountingBudget(1024 * 1024, 512 * 1024);
            assertThat(feedIn(STREAMS.newDecoder(l -> false, envelope, small), genuine, chunk))
                    .isInstanceOf(Result.Frame.class);
            assertThat(small.total).as("its buffer and its plaintext")
                    .isGreaterThanOrEqualTo(2L * genuineLength - 28);
            assertThat(small.held).isZero();
        }
    }

    /**
     * A sealed frame whose buffer fits in the budget but whose plaintext does not is refused as
     * {@link DropReason#TOO_LARGE}, saying so, before the plaintext is allocated.
     */
    @Test
    void aSealedFrameWhosePlaintextFindsNoRoomIsRefused() {
        Envelope envelope = Envelope.sealed(new Aead(Keyring.of(new byte[16]), new SecureRandom()), true, true);
        byte[] frame = STREAMS.encode(WireFixtures.pushPull(300), envelope);
        int length = frame.length - HEADER;
        CountingBudget budget = new CountingBudget(length + 1_000, length + 1_000);
        Result r = STREAMS.newDecoder(l -> false, envelope, budget).feed(frame);
        // The outcome as a line: a decoded frame of 300 members would print as a page.
        String outcome = r instanceof Result.Dropped d ? d.reason() + ": " + d.detail() : r.getClass().getSimpleName();
        assertThat(outcome).startsWith("TOO_LARGE").contains("open").contains(length + "-byte sealed frame");
        assertThat(budget.peak).isLessThanOrEqualTo(length + 1_000L);
        assertThat(budget.held).isZero();
    }

    /** Bytes of a frame's header, length field included, with our label. */
    private static final int HEADER = RawBytes.streamHeader(LABEL).u32(0).toByteArray().length;

    private static Result feedIn(StreamCodec.FrameDecoder d, byte[] frame, int chunk) {
        Result r = Result.NeedMore.INSTANCE;
        for (int at = 0; at < frame.length; at += chunk) {
            r = d.feed(frame, at, Math.min(chunk, frame.length - at));
        }
        return r;
    }

    /** A budget that counts what its decoder holds. */
    private static final class CountingBudget implements FrameBudget {
        final long limit;
        final long largest;
        long held;
        long peak;
        /** All ever reserved. */
        long total;

        CountingBudget(long limit, long largest) {
            this.limit = limit;
            this.largest = largest;
        }

        @Override
        public long largestFrame() {
            return largest;
        }

        @Override
        public boolean reserve(int bytes) {
            if (held + bytes > limit) {
                return false;
            }
            held += bytes;
            total += bytes;
            peak = Math.max(peak, held);
            return true;
        }

        @Override
        public void release(long bytes) {
            held -= bytes;
        }
    }

    private static Result decode(byte[] frame, Envelope envelope) {
        StreamCodec.FrameDecoder d = STREAMS.newDecoder(l -> false, envelope);
        d.feed(frame);
        return d.endOfStream();
    }
}
