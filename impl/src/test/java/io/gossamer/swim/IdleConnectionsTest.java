package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * 200 connections that never send a byte: the node serves at most its cap of streams, closes the
 * rest at once, cuts the idle ones at the TCP timeout, and never stops probing or answering.
 */
class IdleConnectionsTest {

    private static final int IDLE = 200;
    private static final int CAP = 128;
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(3);

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
            assertThat(m.streamsAccepted() + m.streamsRejected()).isGreaterThanOrEqualTo(IDLE + 1);
        });
        SwimMetrics during = target.metrics();
        assertThat(during.streamsRejected()).as("closed at once, over the cap").isGreaterThanOrEqualTo(IDLE - CAP);

        // While the idle connections hold their slots, the target goes on probing and being probed.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(target.metrics().packetsSent()).isGreaterThan(sentBefore + 5);
            assertThat(target.metrics().packetsReceived()).isGreaterThan(receivedBefore + 5);
        });
        assertThat(stateOf(peer, "target")).contains(MemberState.ALIVE);

        // At the TCP timeout every idle stream is cut, and the port serves joins again.
        // Every slot held by an idle connection (one may have gone to a periodic push-pull).
        await().atMost(TCP_TIMEOUT.multipliedBy(3)).untilAsserted(() ->
                assertThat(target.metrics().streamsTimedOut()).isGreaterThanOrEqualTo(CAP - 1));
        SwimNode late = await(SwimNode.start(local("late").build(), loopback(vertx).build()));
        nodes.add(late);
        assertThat(await(late.join(List.of(seedOf(target))))).isEqualTo(1);

        assertThat(peerEvents).noneSatisfy(e -> {
            assertThat(e).isInstanceOf(MemberSuspected.class);
            assertThat(e.member().name()).isEqualTo("target");
        });
        assertThat(target.metrics().internalErrors()).isZero();
    }
}
