package io.gossamer.swim;

import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A datagram's source address can be forged, so whatever a node sends in answer to one is aimed
 * wherever the forger likes. Over real UDP: a datagram of 255 pings, or of 255 indirect pings
 * naming a victim, must make the node send no more bytes than the datagram held, and what it
 * withheld is counted. Here the sockets that receive the replies are the forged sources.
 */
class AmplificationTest {

    private static final System.Logger LOG = System.getLogger(AmplificationTest.class.getName());

    private Vertx vertx;
    private SwimNode node;
    private final List<Socket> sockets = new ArrayList<>();

    /** A socket on 127.0.0.1 that counts what it receives. */
    private record Socket(DatagramSocket socket, AtomicLong datagrams, AtomicLong bytes) {
        NodeAddress address() {
            return new NodeAddress("127.0.0.1", socket.localAddress().port());
        }
    }

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
        node = await(SwimNode.start(local("n0").build(), loopback(vertx).build()));
    }

    @AfterEach
    void stop() {
        try {
            sockets.forEach(s -> await(s.socket().close()));
        } finally {
            TestSupport.closeAll(List.of(node), vertx);
        }
    }

    private Socket socket() {
        DatagramSocket s = vertx.createDatagramSocket();
        Socket counted = new Socket(s, new AtomicLong(), new AtomicLong());
        s.handler(p -> {
            counted.datagrams().incrementAndGet();
            counted.bytes().addAndGet(p.data().length());
        });
        await(s.listen(0, "127.0.0.1"));
        sockets.add(counted);
        return counted;
    }

    private byte[] send(Socket from, List<Message> messages) {
        byte[] datagram = new PacketCodec(node.config().label(), 65_535).encode(messages);
        await(from.socket().send(Buffer.buffer(datagram), node.localMember().port(), "127.0.0.1"));
        return datagram;
    }

    private long withheld() {
        return node.metrics().guard().repliesWithheld();
    }

    /** Long enough for the node to have sent whatever it would (its probe timeout is 200 ms). */
    private Duration settle() {
        return node.config().probeInterval().multipliedBy(2);
    }

    @Test
    void pingsInOneDatagramGetOneReplyNoLargerThanTheDatagram() {
        Socket victim = socket();
        List<Message> pings = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            pings.add(new Message.Ping(i, "n0"));
        }
        long sentBefore = node.metrics().bytesSent();
        int in = send(victim, pings).length;

        await().atMost(Duration.ofSeconds(10)).until(() -> victim.datagrams().get() > 0 && withheld() > 0);
        await().during(settle()).atMost(settle().plusSeconds(10)).untilAsserted(() -> {
            assertThat(victim.datagrams()).hasValue(1);
            assertThat(victim.bytes().get()).isLessThanOrEqualTo(in);
        });
        long out = node.metrics().bytesSent() - sentBefore;
        LOG.log(System.Logger.Level.INFO, "255 pings: {0} B in, {1} datagram(s) and {2} B out, {3} acks withheld",
                in, victim.datagrams().get(), out, withheld());
        assertThat(out).isEqualTo(victim.bytes().get());
    }

    @Test
    void indirectPingsInOneDatagramAreNotRelayedForAStranger() {
        Socket requester = socket();
        Socket victim = socket();
        List<Message> requests = indirectPings(victim.address());
        long sentBefore = node.metrics().bytesSent();
        int in = send(requester, requests).length;

        await().atMost(Duration.ofSeconds(10)).until(() -> withheld() == 255);
        await().during(settle()).atMost(settle().plusSeconds(10)).untilAsserted(() -> {
            assertThat(victim.datagrams()).hasValue(0);
            assertThat(requester.datagrams()).hasValue(0);
        });
        LOG.log(System.Logger.Level.INFO, "255 indirect pings from a stranger: {0} B in, {1} B out", in,
                node.metrics().bytesSent() - sentBefore);
        assertThat(node.metrics().bytesSent()).isEqualTo(sentBefore);
    }

    /**
     * Without encryption anyone can make itself a member (a forged alive); its indirect pings are
     * then relayed, but only the first of a datagram, and the victim gets one bare ping.
     */
    @Test
    void indirectPingsInOneDatagramAreRelayedOnceForAMember() {
        Socket requester = socket();
        Socket victim = socket();
        send(requester, List.of(new Message.Alive("mallory", 1, 1, requester.address(), "dc1", "server",
                Map.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestSupport.stateOf(node, "mallory").isPresent());
        List<Message> requests = indirectPings(victim.address());
        int in = send(requester, requests).length;

        await().atMost(Duration.ofSeconds(10)).until(() -> withheld() == 254 && victim.datagrams().get() > 0);
        await().during(settle()).atMost(settle().plusSeconds(10)).untilAsserted(() -> {
            assertThat(victim.datagrams()).hasValue(1);
            assertThat(victim.bytes().get()).isLessThan(in / 100);
        });
        LOG.log(System.Logger.Level.INFO, "255 indirect pings from a member: {0} B in, {1} datagram(s) and {2} B "
                + "at the victim", in, victim.datagrams().get(), victim.bytes().get());
    }

    private static List<Message> indirectPings(NodeAddress target) {
        List<Message> requests = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            requests.add(new Message.IndirectPing(i, "v", target, true));
        }
        return requests;
    }
}
