package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.metrics.SwimMetrics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Netty reads datagrams into 2048-byte buffers unless told otherwise, and the kernel silently cuts
 * what does not fit (the jgossip #3 trap). These tests send datagrams of the largest UDP payload to
 * a node and check they arrive whole.
 */
class MaxSizeDatagramTest {

    private static final int MAX_PACKET_SIZE = Settings.PACKET_SIZE.max();

    private Vertx vertx;
    private SwimNode node;
    private final List<SwimNode> nodes = new ArrayList<>();
    private DatagramSocket sender;

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
        node = await(SwimNode.start(local("receiver").packetSize(MAX_PACKET_SIZE).build(),
                loopback(vertx).build()));
        nodes.add(node);
        sender = vertx.createDatagramSocket();
    }

    @AfterEach
    void stop() {
        try {
            await(sender.close());
        } finally {
            TestSupport.closeAll(nodes, vertx);
        }
    }

    /** A 65,507-byte datagram is received with all its bytes (and then refused by the codec). */
    @Test
    void largestDatagramArrivesWhole() {
        byte[] garbage = new byte[MAX_PACKET_SIZE];
        new Random(7).nextBytes(garbage);
        garbage[0] = 'X'; // not the datagram magic, so the drop reason is known
        await(sender.send(Buffer.buffer(garbage), node.localMember().port(), "127.0.0.1"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SwimMetrics m = node.metrics();
            assertThat(m.packetsReceived()).isEqualTo(1);
            assertThat(m.bytesReceived()).isEqualTo(MAX_PACKET_SIZE);
            assertThat(m.drops()).containsEntry("BAD_MAGIC", 1L);
        });
    }

    /**
     * A well-formed compound datagram of about 64 KiB is decoded and every message in it applied.
     * It comes from a member's host: a host without members may introduce only a few members.
     */
    @Test
    void largestWellFormedDatagramIsDecodedWhole() {
        SwimNode member = await(SwimNode.start(local("member").build(), loopback(vertx).build()));
        nodes.add(member);
        await(member.join(List.of(TestSupport.seedOf(node))));
        long received = node.metrics().bytesReceived();
        PacketCodec codec = new PacketCodec(node.config().label(), MAX_PACKET_SIZE);
        Map<String, String> tags = new HashMap<>();
        for (int t = 0; t < 6; t++) {
            tags.put("key" + t, "v".repeat(70));
        }
        List<Message> messages = new ArrayList<>();
        int size = 0;
        for (int i = 0; ; i++) {
            Message alive = new Message.Alive(String.format("ghost-%03d-", i) + "g".repeat(200), 0, 1,
                    new NodeAddress("127.0.0.1", 9), "dc1", "server", tags);
            int framed = codec.framedSize(alive);
            if (size + framed > codec.capacity()) {
                break;
            }
            size += framed;
            messages.add(alive);
        }
        byte[] packet = codec.encode(messages);
        assertThat(packet.length).as("datagram size").isGreaterThan(MAX_PACKET_SIZE - 1_500);

        await(sender.send(Buffer.buffer(packet), node.localMember().port(), "127.0.0.1"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(node.metrics().bytesReceived() - received).isGreaterThanOrEqualTo(packet.length);
            assertThat(node.metrics().totalDrops()).isZero();
            assertThat(node.members()).filteredOn(m -> m.name().startsWith("ghost-"))
                    .hasSize(messages.size())
                    .allSatisfy(m -> assertThat(m.state()).isIn(MemberState.ALIVE, MemberState.SUSPECT,
                            MemberState.DEAD));
        });
    }
}
