package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.metrics.SwimMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 300 connections that never send a byte, or that trickle one byte of a plausible frame every
 * 100 ms (a slow-loris): the node serves at most its cap of streams, lets as many wait unread,
 * closes the rest at once, cuts the ones it serves or holds waiting at the TCP timeout (one
 * deadline for the whole request from the connection, however the bytes trickle in), and never
 * stops probing or answering probes.
 */
class IdleConnectionsTest {

    private static final int IDLE = 300;
    private static final int CAP = 128;
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(3);
    /** The wire format's version byte (plaintext): a frame of another version is dropped unread. */
    private static final int WIRE_VERSION = 3;

    private Vertx vertx;
    private Vertx attackerVertx;
    private final List<SwimNode> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
        attackerVertx = TestSupport.newVertx();
    }

    @AfterEach
    void stop() {
        try {
            TestSupport.closeAll(nodes, vertx);
        } finally {
            await(attackerVertx.close());
        }
    }

    @Test
    void idleConnectionsNeitherStopProbingNorOutliveTheTimeout() {
        SwimNode target = await(SwimNode.start(local("target").tcpTimeout(TCP_TIMEOUT).build(),
                loopback(vertx).maxInboundStreams(CAP).build()));
        nodes.add(target);
        Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
        SwimNode peer = await(SwimNode.start(local("peer").build(), loopback(vertx).listener(peerEvents::add).build()));
        nodes.add(peer);
        await(peer.join(List.of(seedOf(target))));

        long sentBefore = target.metrics().packetsSent();
        long receivedBefore = target.metrics().packetsReceived();
        NetClient client = attackerVertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
        List<Future<NetSocket>> connecting = new ArrayList<>();
        for (int i = 0; i < IDLE; i++) {
            connecting.add(client.connect(target.localMember().port(), "127.0.0.1"));
        }
        await(Future.join(connecting).otherwiseEmpty());

        await().atMost(TCP_TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            SwimMetrics m = target.metrics();
            // + 1: the peer's join; a periodic push-pull may add one more.
            assertThat(m.streamsAccepted() + m.streamsWaited() + m.streamsRejected())
                    .isGreaterThanOrEqualTo(IDLE + 1);
        });
        SwimMetrics during = target.metrics();
        assertThat(during.streamsWaited()).as("waiting, over the cap").isGreaterThanOrEqualTo(CAP - 1);
        assertThat(during.streamsRejected()).as("closed at once, over the cap and the line")
                .isGreaterThanOrEqualTo(IDLE - 2 * CAP);

        // While the idle connections hold their slots, the target goes on probing and being probed.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(target.metrics().packetsSent()).isGreaterThan(sentBefore + 5);
            assertThat(target.metrics().packetsReceived()).isGreaterThan(receivedBefore + 5);
        });
        assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE);

        // At the TCP timeout every idle stream is cut, served or waiting, and the port serves
        // joins again. Every slot and place in line held by an idle connection (one may have gone
        // to a periodic push-pull).
        await().atMost(TCP_TIMEOUT.multipliedBy(3)).untilAsserted(() ->
                assertThat(target.metrics().streamsTimedOut()).isGreaterThanOrEqualTo(2 * CAP - 1));
        SwimNode late = await(SwimNode.start(local("late").build(), loopback(vertx).build()));
        nodes.add(late);
        assertThat(await(late.join(List.of(seedOf(target))))).isEqualTo(1);

        assertThat(peerEvents).noneSatisfy(e -> {
            assertThat(e).isInstanceOf(MemberSuspected.class);
            assertThat(e.member().name()).isEqualTo("target");
        });
        assertThat(target.metrics().internalErrors()).isZero();
    }

    @Test
    void slowConnectionsAreCutAtTheTimeoutHoweverTheyTrickle() {
        SwimNode target = await(SwimNode.start(local("target").tcpTimeout(TCP_TIMEOUT).build(),
                loopback(vertx).maxInboundStreams(CAP).build()));
        nodes.add(target);
        Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
        SwimNode peer = await(SwimNode.start(local("peer").build(), loopback(vertx).listener(peerEvents::add).build()));
        nodes.add(peer);
        await(peer.join(List.of(seedOf(target))));

        // A frame header announcing the largest frame the budget takes, then its body one byte at a time.
        byte[] label = target.config().label().getBytes(StandardCharsets.UTF_8);
        io.vertx.core.buffer.Buffer head = header(label, SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES / 2);
        NetClient client = attackerVertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
        List<Future<NetSocket>> connecting = new ArrayList<>();
        for (int i = 0; i < IDLE; i++) {
            connecting.add(client.connect(target.localMember().port(), "127.0.0.1"));
        }
        await(Future.join(connecting).otherwiseEmpty());
        List<NetSocket> open = new ArrayList<>();
        connecting.stream().filter(Future::succeeded).map(Future::result).forEach(open::add);
        open.forEach(s -> s.write(head));
        long trickle = attackerVertx.setPeriodic(100, id -> open.forEach(s -> s.write(
                io.vertx.core.buffer.Buffer.buffer(new byte[] {7}))));
        try {
            long sentBefore = target.metrics().packetsSent();
            long receivedBefore = target.metrics().packetsReceived();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(target.metrics().packetsSent()).isGreaterThan(sentBefore + 5);
                assertThat(target.metrics().packetsReceived()).isGreaterThan(receivedBefore + 5);
            });
            assertThat(target.metrics().streamsRejected()).isGreaterThanOrEqualTo(IDLE - 2 * CAP);
            await().atMost(TCP_TIMEOUT.multipliedBy(3)).untilAsserted(() ->
                    assertThat(target.metrics().streamsTimedOut()).isGreaterThanOrEqualTo(2 * CAP - 1));
            SwimNode late = await(SwimNode.start(local("late").build(), loopback(vertx).build()));
            nodes.add(late);
            assertThat(await(late.join(List.of(seedOf(target))))).isEqualTo(1);
        } finally {
            attackerVertx.cancelTimer(trickle);
        }
        assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE);
        assertThat(peerEvents).noneSatisfy(e -> {
            assertThat(e).isInstanceOf(MemberSuspected.class);
            assertThat(e.member().name()).isEqualTo("target");
        });
        assertThat(target.metrics().internalErrors()).isZero();
    }

    /**
     * Streams announcing a frame the budget takes (under half of it) and sending most of it:
     * together they may hold no more than the node's budget for incoming streams; the one that
     * would pass it is closed at once, and a join still gets in while the others hang on.
     */
    @Test
    void incomingStreamsTogetherHoldNoMoreThanTheBudget() {
        long budget = 256 * 1024;
        SwimNode target = await(SwimNode.start(local("target").tcpTimeout(Duration.ofSeconds(10)).build(),
                loopback(vertx).maxInboundStreamBytes(budget).build()));
        nodes.add(target);
        byte[] label = target.config().label().getBytes(StandardCharsets.UTF_8);
        io.vertx.core.buffer.Buffer hog = header(label, 120_000).appendBytes(new byte[100_000]);
        NetClient client = attackerVertx.createNetClient();
        List<NetSocket> hogs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NetSocket s = await(client.connect(target.localMember().port(), "127.0.0.1"));
            hogs.add(s);
            await(s.write(hog));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(target.metrics().drops()).containsEntry("TOO_LARGE", 1L));

        SwimNode late = await(SwimNode.start(local("late").build(), loopback(vertx).build()));
        nodes.add(late);
        assertThat(await(late.join(List.of(seedOf(target))))).isEqualTo(1);
        assertThat(target.metrics().streamsTimedOut()).as("the two hogs within the budget still hang on").isZero();
        assertThat(target.metrics().inboundStreamBytesPeak()).isBetween(200_000L, budget);
        hogs.forEach(NetSocket::close);
    }

    /**
     * The heap attack of issue 15: four connections each send a valid header, then as much as
     * the node reads of 15 MiB of random bytes, two announcing the largest frame (refused as soon
     * as its length is read: more than half the budget), two the largest the budget takes. The
     * buffers of all incoming streams never take more than the default budget, every attacker is
     * cut and counted (three for the budget), nothing is an internal error, and the
     * target's peer never suspects it. {@code SmallHeapAttackTest} runs the same attack against a
     * node in a 64 MiB heap.
     */
    @Test
    void fourStreamsOfFifteenMebibytesStayWithinTheDefaultBudget() throws InterruptedException {
        SwimNode target = await(SwimNode.start(local("target").build(), loopback(vertx).build()));
        nodes.add(target);
        Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
        SwimNode peer = await(SwimNode.start(local("peer").build(), loopback(vertx).listener(peerEvents::add).build()));
        nodes.add(peer);
        await(peer.join(List.of(seedOf(target))));
        byte[] label = target.config().label().getBytes(StandardCharsets.UTF_8);
        long budget = SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES;
        long[] announced = {16 * 1024 * 1024, budget / 2, 16 * 1024 * 1024, budget / 2};
        int toSend = 15 * 1024 * 1024;
        long[] sent = new long[announced.length];
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < announced.length; i++) {
            int c = i;
            Thread t = new Thread(() -> {
                java.util.Random random = new java.util.Random(c);
                byte[] chunk = new byte[64 * 1024];
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", target.localMember().port())) {
                    s.setSoTimeout(30_000);
                    java.io.OutputStream o = s.getOutputStream();
                    o.write(header(label, announced[c]).getBytes());
                    while (sent[c] < toSend) {
                        random.nextBytes(chunk);
                        int n = (int) Math.min(chunk.length, toSend - sent[c]);
                        o.write(chunk, 0, n);
                        sent[c] += n;
                    }
                    s.shutdownOutput();
                    s.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    // The node closed the stream, as it should.
                }
            }, "attacker-" + c);
            attackers.add(t);
            t.start();
        }
        for (Thread t : attackers) {
            t.join(60_000);
            assertThat(t.isAlive()).as(t.getName() + " still sending").isFalse();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(target.metrics().totalDrops()).isGreaterThanOrEqualTo(announced.length));
        SwimMetrics m = target.metrics();
        assertThat(m.drops().getOrDefault("TOO_LARGE", 0L)).as("%s", m.drops()).isGreaterThanOrEqualTo(3);
        assertThat(m.inboundStreamBytesPeak()).isLessThanOrEqualTo(budget);
        assertThat(m.internalErrors()).isZero();
        assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE);
        assertThat(peerEvents).noneSatisfy(e -> {
            assertThat(e).isInstanceOf(MemberSuspected.class);
            assertThat(e.member().name()).isEqualTo("target");
        });
    }

    /**
     * The same attack against an encrypted node, with sealed frames of 7 MiB (random bytes: no
     * key opens them) sent whole, first by one stream alone, then by four at once. Opening a
     * frame takes a plaintext as large again, reserved from the budget like the frame's buffers:
     * the lone frame is opened (and dropped as {@code DECRYPT_FAILED}) within the budget, the four
     * together are all dropped, and the buffers never hold more than the budget.
     */
    @Test
    void sealedFramesOfSevenMebibytesStayWithinTheDefaultBudget() throws InterruptedException {
        java.util.function.UnaryOperator<io.gossamer.swim.config.SwimConfig.Builder> sealed = b -> b
                .keyring(io.gossamer.swim.security.Keyring.of(new byte[16])).verifyIncoming(true).verifyOutgoing(true);
        SwimNode target = await(SwimNode.start(sealed.apply(local("target")).build(), loopback(vertx).build()));
        nodes.add(target);
        Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
        SwimNode peer = await(SwimNode.start(sealed.apply(local("peer")).build(),
                loopback(vertx).listener(peerEvents::add).build()));
        nodes.add(peer);
        await(peer.join(List.of(seedOf(target))));
        byte[] label = target.config().label().getBytes(StandardCharsets.UTF_8);
        long budget = SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES;
        int length = 7 * 1024 * 1024;
        byte[] head = header(label, length).getBytes();
        head[2] = (byte) (WIRE_VERSION | 0x80);

        sendWhole(target, head, length, 1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(target.metrics().drops()).containsEntry("DECRYPT_FAILED", 1L));
        assertThat(target.metrics().inboundStreamBytesPeak()).as("the frame twice: pieces and joined copy, "
                + "then joined copy and plaintext").isBetween(2L * length - 64, budget);

        sendWhole(target, head, length, 4);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(target.metrics().totalDrops()).isGreaterThanOrEqualTo(5));
        SwimMetrics m = target.metrics();
        assertThat(m.inboundStreamBytesPeak()).isLessThanOrEqualTo(budget);
        assertThat(m.internalErrors()).isZero();
        assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE);
        assertThat(peerEvents).noneSatisfy(e -> {
            assertThat(e).isInstanceOf(MemberSuspected.class);
            assertThat(e.member().name()).isEqualTo("target");
        });
    }

    /** {@code streams} connections at once, each sending {@code head} and then {@code length} random bytes. */
    private static void sendWhole(SwimNode target, byte[] head, int length, int streams) throws InterruptedException {
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int c = i;
            Thread t = new Thread(() -> {
                byte[] body = new byte[length];
                new java.util.Random(c).nextBytes(body);
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", target.localMember().port())) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(head);
                    s.getOutputStream().write(body);
                    s.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    // The node closed the stream, as it should.
                }
            }, "sealed-attacker-" + c);
            attackers.add(t);
            t.start();
        }
        for (Thread t : attackers) {
            t.join(60_000);
            assertThat(t.isAlive()).as(t.getName() + " still sending").isFalse();
        }
    }

    /** A plaintext frame header with our label, announcing {@code length} bytes. */
    private static io.vertx.core.buffer.Buffer header(byte[] label, long length) {
        return io.vertx.core.buffer.Buffer.buffer().appendByte((byte) 'G').appendByte((byte) 'S')
                .appendByte((byte) WIRE_VERSION).appendByte((byte) label.length).appendBytes(label)
                .appendInt((int) length);
    }
}
