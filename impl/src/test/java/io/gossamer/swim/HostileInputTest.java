package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Garbage, foreign and cut datagrams and frames are counted by reason and dropped; the node keeps
 * answering probes and its peer never suspects it; the drop log is rate-limited and names the sender.
 */
class HostileInputTest {

    private static final Logger TRANSPORT_LOG = Logger.getLogger("io.gossamer.swim.transport");

    private Vertx vertx;
    private SwimNode target;
    private SwimNode peer;
    private DatagramSocket attacker;
    private final Queue<Buffer> replies = new ConcurrentLinkedQueue<>();
    private final Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
    private final Queue<LogRecord> logged = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        TRANSPORT_LOG.addHandler(capture);
        vertx = TestSupport.newVertx();
        target = await(SwimNode.start(local("target").build(), loopback(vertx).build()));
        peer = await(SwimNode.start(local("peer").build(), loopback(vertx).listener(peerEvents::add).build()));
        await(peer.join(List.of(seedOf(target))));
        attacker = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(65_536));
        attacker.handler(p -> replies.add(p.data()));
        await(attacker.listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        TRANSPORT_LOG.removeHandler(capture);
        try {
            await(attacker.close());
        } finally {
            TestSupport.closeAll(List.of(target, peer), vertx);
        }
    }

    private void sendToTarget(byte[] data) {
        await(attacker.send(Buffer.buffer(data), target.localMember().port(), "127.0.0.1"));
    }

    /** Each kind of bad datagram lands in its own counter and a valid ping still gets its ack. */
    @Test
    void badDatagramsAreCountedByReasonAndPingsStillAnswered() {
        PacketCodec ours = new PacketCodec(target.config().label(), 1400);
        PacketCodec foreign = new PacketCodec("other-cluster/lan/dc1", 1400);
        byte[] ping = ours.encode(List.of(new Message.Ping(42, "target")));
        Random random = new Random(1);

        // In batches that fit any socket buffer, waiting for each to be counted: the test is
        // about counting, not about how many datagrams a kernel queue holds.
        int garbage = 2_000;
        int batch = 50;
        for (int sent = 0; sent < garbage; ) {
            for (int i = 0; i < batch; i++, sent++) {
                byte[] junk = new byte[1 + random.nextInt(1_400)];
                random.nextBytes(junk);
                junk[0] = 'X';
                sendToTarget(junk);
            }
            long expected = sent;
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> target.metrics().drops().getOrDefault("BAD_MAGIC", 0L) == expected);
        }
        sendToTarget(foreign.encode(List.of(new Message.Ping(1, "target"))));
        sendToTarget(Arrays.copyOf(ping, ping.length - 3));
        byte[] futureVersion = ping.clone();
        futureVersion[2] = 99;
        sendToTarget(futureVersion);
        sendToTarget(ping);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(target.metrics().drops())
                    .containsEntry("BAD_MAGIC", (long) garbage)
                    .containsEntry("LABEL_MISMATCH", 1L)
                    .containsEntry("TRUNCATED", 1L)
                    .containsEntry("UNSUPPORTED_VERSION", 1L);
            assertThat(replies).anySatisfy(r -> {
                PacketCodec.Decoded d = ours.decode(r.getBytes(), 0, r.length());
                assertThat(d).isEqualTo(new PacketCodec.Decoded.Messages(List.of(new Message.Ack(42))));
            });
        });
        assertThat(target.metrics().internalErrors()).isZero();

        // Rate-limited: 2,000 drops of one reason within seconds give one line, naming the sender.
        String sender = "127.0.0.1:" + attacker.localAddress().port();
        List<LogRecord> badMagicLines = logged.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("BAD_MAGIC")).toList();
        assertThat(badMagicLines).hasSize(1);
        assertThat(badMagicLines.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(badMagicLines.get(0).getMessage()).contains(sender);

        // The peer kept probing the target through all this and never doubted it.
        await().during(target.config().probeInterval().multipliedBy(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE));
        assertThat(peerEvents).noneSatisfy(e -> assertThat(e).isInstanceOf(MemberSuspected.class));
    }

    /** Garbage and cut frames on the stream port are counted, the connection is closed, and join still works. */
    /**
     * Members announced at a host name, or at something that only looks like an address, are
     * dropped as INVALID_FIELD: a name from the wire would be looked up in DNS (a name a stranger
     * chose, and a query to wherever it points) and {@code localhost} would be probed on the
     * receiver itself. Nothing of them enters the view, and nothing is sent to them.
     */
    @Test
    void membersAtHostNamesAreDroppedNotLookedUp() {
        PacketCodec ours = new PacketCodec(target.config().label(), 1400);
        // Encoded with literals of the same lengths, then the host bytes replaced: our encoder
        // refuses names, as an attacker's would not.
        String[][] forgeries = {
            {"fe80::1%abcdefghijklmnopqrstuv", "gossamer-hostile-probe.invalid"},
            {"10.0.0.12", "localhost"},
            {"10.0.0.13", "127.0.0&1"},
        };
        for (String[] forgery : forgeries) {
            byte[] datagram = ours.encode(List.of(new Message.Alive("evil-" + forgery[1].length(), 1_800_000_000_000L, 0,
                    new io.gossamer.swim.wire.NodeAddress(forgery[0], 9), "dc1", "server", java.util.Map.of())));
            byte[] literal = forgery[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] name = forgery[1].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int at = indexOf(datagram, literal);
            assertThat(at).as("the literal in the encoded datagram").isNotNegative();
            System.arraycopy(name, 0, datagram, at, name.length);
            sendToTarget(datagram);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(target.metrics().drops()).containsEntry("INVALID_FIELD", (long) forgeries.length));
        // A valid datagram sent after them is handled: the forgeries were dropped, not queued.
        sendToTarget(ours.encode(List.of(new Message.Ping(7, "target"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !replies.isEmpty());
        assertThat(target.members()).noneMatch(m -> m.name().startsWith("evil-"));
        assertThat(logged).noneMatch(r -> r.getMessage() != null
                && (r.getMessage().contains("resolve") || r.getMessage().contains("SEND_FAILED")));
        assertThat(target.metrics().internalErrors()).isZero();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void badStreamsAreCountedAndClosed() {
        long before = target.metrics().totalDrops();
        NetSocket garbage = await(vertx.createNetClient().connect(target.localMember().port(), "127.0.0.1"));
        boolean[] closed = new boolean[1];
        garbage.closeHandler(v -> closed[0] = true);
        await(garbage.write(Buffer.buffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        await().atMost(Duration.ofSeconds(10)).until(() -> closed[0]);
        assertThat(target.metrics().drops()).containsEntry("BAD_MAGIC", 1L);

        // A frame header announcing more than is sent, then a hang-up: a truncated request.
        NetSocket cut = await(vertx.createNetClient().connect(target.localMember().port(), "127.0.0.1"));
        byte[] label = target.config().label().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Magic "GS", version byte 0x02 (format version 2, plaintext), label, then the length.
        Buffer header = Buffer.buffer().appendByte((byte) 'G').appendByte((byte) 'S').appendByte((byte) 0x03)
                .appendByte((byte) label.length).appendBytes(label).appendInt(1_000).appendBytes(new byte[10]);
        await(cut.write(header));
        await(cut.close());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(target.metrics().totalDrops()).isEqualTo(before + 2));
        assertThat(target.metrics().drops()).containsEntry("TRUNCATED", 1L);

        SwimNode late = await(SwimNode.start(local("late").build(), loopback(vertx).build()));
        try {
            assertThat(await(late.join(List.of(seedOf(target))))).isEqualTo(1);
        } finally {
            await(late.closeAsync());
        }
    }
}
