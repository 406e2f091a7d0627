package io.gossamer.swim;

import io.gossamer.swim.metrics.SwimMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.awaitFailure;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts answering the streams a node opens (here, four seeds of a join, which the node contacts
 * at once) with frames as large as the frame limit allows, or as the reply budget takes, each
 * sending most of it and then holding the stream: the replies' buffers together take no more
 * than their budget, a reply announcing more than half of it is refused at its length, the one
 * that would pass it is cut, and once the hostile streams are gone the node joins a real peer.
 */
class HostileRepliesTest {

    private static final long BUDGET = 256 * 1024;
    /** The wire format's version byte (plaintext). */
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
    void repliesToOurStreamsTogetherHoldNoMoreThanTheirBudget() {
        SwimNode target = await(SwimNode.start(local("target").tcpTimeout(Duration.ofSeconds(3)).build(),
                loopback(vertx).maxInboundStreamBytes(BUDGET).joinAttempts(1).build()));
        nodes.add(target);
        byte[] label = target.config().label().getBytes(StandardCharsets.UTF_8);
        // The frame limit (refused at its length: more than half the budget), then three the
        // budget takes one by one (120,000 bytes) but not all three together.
        long[] announced = {16 * 1024 * 1024, 120_000, 120_000, 120_000};
        Queue<NetSocket> held = new ConcurrentLinkedQueue<>();
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < announced.length; i++) {
            byte[] body = new byte[100_000];
            new Random(i).nextBytes(body);
            Buffer reply = header(label, announced[i]).appendBytes(body);
            NetServer server = attackerVertx.createNetServer().connectHandler(s -> {
                held.add(s);
                // Answer the request as soon as it starts arriving, then hold the stream open.
                boolean[] answered = new boolean[1];
                s.handler(request -> {
                    if (!answered[0]) {
                        answered[0] = true;
                        s.write(reply);
                    }
                });
            });
            await(server.listen(0, "127.0.0.1"));
            seeds.add("127.0.0.1:" + server.actualPort());
        }

        Throwable failed = awaitFailure(target.join(seeds), Duration.ofSeconds(10));
        assertThat(failed).hasMessageContaining("TOO_LARGE");
        SwimMetrics m = target.metrics();
        assertThat(m.drops().getOrDefault("TOO_LARGE", 0L)).as("%s", m.drops()).isGreaterThanOrEqualTo(2);
        assertThat(m.outboundStreamBytesPeak()).isBetween(200_000L, BUDGET);
        assertThat(m.internalErrors()).isZero();

        // The hostile streams are cut at the deadline and give their buffers back.
        SwimNode peer = await(SwimNode.start(local("peer").build(), loopback(vertx).build()));
        nodes.add(peer);
        assertThat(await(target.join(List.of(seedOf(peer))))).isEqualTo(1);
        held.forEach(NetSocket::close);
    }

    /** A plaintext frame header with our label, announcing {@code length} bytes. */
    private static Buffer header(byte[] label, long length) {
        return Buffer.buffer().appendByte((byte) 'G').appendByte((byte) 'S').appendByte((byte) WIRE_VERSION)
                .appendByte((byte) label.length).appendBytes(label).appendInt((int) length);
    }
}
