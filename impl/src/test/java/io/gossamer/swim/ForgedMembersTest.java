package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without encryption anyone can announce members that do not exist. Over real UDP: a host where
 * no member is introduces only a few per interval, strangers together only a few more whatever
 * source addresses they write, and a forger who writes a member's host, which the limit cannot
 * tell from the member, fills the view only up to {@code maxMembers}. (Loopback addresses other
 * than 127.0.0.1 stand for other hosts.)
 */
class ForgedMembersTest {

    /** As {@code NewMembers}: per stranger host, at once and per 10 s. */
    private static final int PER_HOST = 64;
    private static final int PER_HOST_PER_INTERVAL = 8;
    /** As {@code NewMembers}: all strangers over UDP, at once and per 10 s. */
    private static final int STRANGERS_IN_ALL = 512;
    private static final int STRANGERS_IN_ALL_PER_INTERVAL = 32;

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        try {
            sockets.forEach(s -> await(s.close()));
        } finally {
            TestSupport.closeAll(nodes, vertx);
        }
    }

    private SwimNode start(SwimConfig.Builder config) {
        if (vertx == null) {
            vertx = TestSupport.newVertx();
        }
        SwimNode node = await(SwimNode.start(config.build(), loopback(vertx).build()));
        nodes.add(node);
        return node;
    }

    private DatagramSocket socketOn(String host) {
        DatagramSocket s = vertx.createDatagramSocket();
        await(s.listen(0, host));
        sockets.add(s);
        return s;
    }

    /**
     * Sends {@code count} alives of made-up members (at unused loopback ports), 20 per datagram,
     * waiting every 25 datagrams until the target has read them, so that none overflows its socket.
     */
    private void forge(SwimNode target, DatagramSocket from, String prefix, int count) {
        PacketCodec codec = new PacketCodec(target.config().label(), 65_535);
        List<Message> batch = new ArrayList<>();
        long received = target.metrics().packetsReceived();
        for (int i = 0; i < count; i++) {
            batch.add(new Message.Alive(prefix + i, 1, 1, new NodeAddress("127.0.1." + (i % 250 + 1), 9 + i / 250),
                    "dc1", "server", Map.of()));
            if (batch.size() == 20 || i == count - 1) {
                await(from.send(Buffer.buffer(codec.encode(batch)), target.localMember().port(), "127.0.0.1"));
                batch.clear();
                long sent = (i + 20) / 20;
                if (sent % 25 == 0 || i == count - 1) {
                    long expected = received + sent;
                    await().atMost(Duration.ofSeconds(10)).until(() -> target.metrics().packetsReceived() >= expected);
                }
            }
        }
    }

    private static long limited(SwimNode node) {
        return node.metrics().guard().newMembersLimited();
    }

    /** Most a bucket of {@code burst} and {@code perInterval} per 10 s can have given since {@code startNanos}. */
    private static long allowance(int burst, int perInterval, long startNanos) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        return burst + (long) Math.ceil(elapsedMs * perInterval / 10_000.0);
    }

    @Test
    void oneHostWithoutMembersIntroducesAFew() {
        SwimNode node = start(local("n0"));
        long start = System.nanoTime();
        forge(node, socketOn("127.0.0.2"), "fake-", 5_000);

        await().atMost(Duration.ofSeconds(20)).until(() -> limited(node) + node.members().size() - 1 == 5_000);
        assertThat(node.members().size() - 1).isBetween(PER_HOST, (int) allowance(PER_HOST, PER_HOST_PER_INTERVAL, start));
    }

    @Test
    void strangersIntroduceAFewInAllWhateverAddressesTheyWrite() {
        SwimNode node = start(local("n0"));
        PacketCodec codec = new PacketCodec(node.config().label(), 65_535);
        int hosts = STRANGERS_IN_ALL + 100;
        long start = System.nanoTime();
        for (int h = 0; h < hosts; h++) {
            String host = "127.0." + (10 + h / 250) + "." + (h % 250 + 1);
            DatagramSocket s = socketOn(host);
            await(s.send(Buffer.buffer(codec.encode(List.of(new Message.Alive("host-" + h, 1, 1,
                    new NodeAddress(host, s.localAddress().port()), "dc1", "server", Map.of())))),
                    node.localMember().port(), "127.0.0.1"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> limited(node) + node.members().size() - 1 == hosts);
        assertThat(node.members().size() - 1).isBetween(STRANGERS_IN_ALL,
                (int) allowance(STRANGERS_IN_ALL, STRANGERS_IN_ALL_PER_INTERVAL, start));
    }

    /**
     * The rate limit cannot tell a forger from a member on the member's host; the view's bound
     * holds anyway, and the member stays in it, alive.
     */
    @Test
    void forgedFromAMembersHostTheViewStopsAtItsBound() {
        int max = 100;
        SwimNode node = start(local("n0").maxMembers(max));
        SwimNode peer = start(local("n1").maxMembers(max));
        await(peer.join(List.of(TestSupport.seedOf(node))));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.members().size() == 2);

        forge(node, socketOn("127.0.0.1"), "fake-", 1_000);

        await().atMost(Duration.ofSeconds(20)).until(() -> node.metrics().guard().newMembersRefused() == 1_000 - (max - 2));
        assertThat(node.members()).hasSize(max);
        assertThat(limited(node)).isZero();
        assertThat(TestSupport.stateOf(node, "n1")).contains(MemberState.ALIVE);
    }
}
