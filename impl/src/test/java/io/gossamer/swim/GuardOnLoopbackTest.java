package io.gossamer.swim;

import io.gossamer.JoinRefusedException;
import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.PacketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.awaitFailure;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster-mixing guard over real UDP and TCP on 127.0.0.1: the four refused joins fail at once
 * with their reason and change neither view; foreign datagrams are counted by reason and answered
 * sparingly; switching the guard on sheds another datacenter's members with an event that says why.
 *
 * <p>Cluster {@code test}: {@code a} (server, dc1) and {@code c} (client, dc1) in dc1's LAN pool,
 * {@code b} (server) alone in dc2's, the WAN engines {@code a.dc1} and {@code b.dc2} in the WAN
 * pool; {@code s} of cluster {@code other}, datacenter dc1, alone.
 */
class GuardOnLoopbackTest {

    /** Short enough that the watch after a refusal spans several state exchanges... */
    private static final Duration EXCHANGE = Duration.ofMillis(300);
    /** ...and reconnects, as often as allowed. */
    private static final Duration RECONNECT = Settings.RECONNECT_INTERVAL.min();
    private static final Duration WATCH = RECONNECT.multipliedBy(3);

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
    }

    @AfterEach
    void stop() {
        TestSupport.closeAll(nodes, vertx);
    }

    private SwimNode node(SwimConfig.Builder config, Queue<MembershipEvent> events) {
        SwimNodeOptions.Builder options = loopback(vertx).joinAttempts(5).joinBackoff(Duration.ofSeconds(2));
        if (events != null) {
            options.listener(events::add);
        }
        SwimNode n = await(SwimNode.start(config.pushPullInterval(EXCHANGE).reconnectInterval(RECONNECT).build(),
                options.build()));
        nodes.add(n);
        return n;
    }

    private SwimNode lan(String name, String cluster, String dc, String role) {
        return node(SwimConfig.builder(Profile.LOCAL).name(name).cluster(cluster).datacenter(dc).role(role), null);
    }

    private SwimNode wan(String name, String dc) {
        return node(SwimConfig.builder(Profile.LOCAL).name(name + "." + dc).cluster("test").datacenter(dc)
                .role("server").pool(Pool.WAN), null);
    }

    private static Set<String> names(SwimNode n) {
        return n.members().stream().map(Member::name).collect(Collectors.toSet());
    }

    @Test
    void theFourRefusedJoinsFailAtOnceWithTheirReasonAndChangeNeitherView() {
        SwimNode a = lan("a", "test", "dc1", "server");
        SwimNode c = lan("c", "test", "dc1", "client");
        SwimNode b = lan("b", "test", "dc2", "server");
        SwimNode aWan = wan("a", "dc1");
        SwimNode bWan = wan("b", "dc2");
        SwimNode s = lan("s", "other", "dc1", "server");
        await(c.join(List.of(seedOf(a))));
        await(bWan.join(List.of(seedOf(aWan))));
        await().atMost(TestSupport.CONVERGED).untilAsserted(() -> {
            assertThat(names(a)).containsExactlyInAnyOrder("a", "c");
            assertThat(names(c)).containsExactlyInAnyOrder("a", "c");
            assertThat(names(aWan)).containsExactlyInAnyOrder("a.dc1", "b.dc2");
            assertThat(names(bWan)).containsExactlyInAnyOrder("a.dc1", "b.dc2");
        });
        Map<SwimNode, Set<String>> before = Map.of(a, names(a), b, names(b), c, names(c), aWan, names(aWan),
                bWan, names(bWan), s, names(s));

        // 1. a LAN member joining the LAN pool of another datacenter
        refused(c, b, RefusalReason.FOREIGN_DATACENTER);
        // 2. a LAN member (a client) joining the WAN pool
        refused(c, aWan, RefusalReason.NOT_A_WAN_MEMBER);
        // 3. a WAN member joining a node that is not a server; a server's LAN port says where to go
        refused(bWan, c, RefusalReason.NOT_A_SERVER);
        refused(bWan, a, RefusalReason.SERVER_LAN_PORT);
        // 4. a member of another cluster, even with the same datacenter name
        refused(s, a, RefusalReason.FOREIGN_CLUSTER);
        // A seed list with one seed of another pool: the join goes through the right one only.
        assertThat(await(c.join(List.of(seedOf(b), seedOf(a))))).isEqualTo(1);

        // memberlist #132: nobody believes a refused join happened, then or later.
        await().during(WATCH).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                before.forEach((n, view) -> assertThat(names(n)).as("%s's members", n).isEqualTo(view)));
        // Each refusal was counted by the side that refused, by reason.
        assertThat(b.metrics().guard().foreignLabels()).containsEntry("FOREIGN_DATACENTER", 2L);
        assertThat(aWan.metrics().guard().foreignLabels()).containsEntry("NOT_A_WAN_MEMBER", 1L);
        assertThat(c.metrics().guard().foreignLabels()).containsEntry("NOT_A_SERVER", 1L);
        assertThat(a.metrics().guard().foreignLabels()).containsEntry("SERVER_LAN_PORT", 1L)
                .containsEntry("FOREIGN_CLUSTER", 1L);
        assertThat(a.metrics().drops()).containsEntry("LABEL_MISMATCH", 2L);
        assertThat(a.metrics().guard().refusalsSent()).isEqualTo(2);
        for (SwimNode n : nodes) {
            assertThat(n.metrics().internalErrors()).as("%s internal errors", n).isZero();
        }
    }

    /** The join fails with the refusal, at the first attempt (no retry after the 2 s backoff). */
    private void refused(SwimNode joiner, SwimNode seed, RefusalReason reason) {
        long start = System.nanoTime();
        Throwable failure = awaitFailure(joiner.join(List.of(seedOf(seed))), Duration.ofSeconds(10));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failure).isInstanceOfSatisfying(JoinRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.seed()).isEqualTo(seedOf(seed));
            assertThat(e.detail()).contains(seed.localMember().name());
            assertThat(e.getMessage()).contains(reason.name()).contains(seedOf(seed));
        });
        assertThat(tookMillis).as("%s joining %s failed after (ms)", joiner, seed).isLessThan(2_000);
        System.out.println("[guard] " + joiner.localMember().name() + " joining " + seed.localMember().name() + ": "
                + reason + " after " + tookMillis + " ms");
    }

    /**
     * Foreign datagrams: counted by the codec (LABEL_MISMATCH) and by how the label differs, and
     * answered with a refusal in the sender's own label, never larger than what was sent, at most a
     * few times per sender host per interval.
     */
    @Test
    void foreignDatagramsAreCountedByReasonAndAnsweredSparingly() {
        SwimNode a = lan("a", "test", "dc1", "server");
        DatagramSocket stranger = vertx.createDatagramSocket(new DatagramSocketOptions());
        Queue<Buffer> replies = new ConcurrentLinkedQueue<>();
        stranger.handler(p -> replies.add(p.data()));
        await(stranger.listen(0, "127.0.0.1"));
        try {
            PacketCodec dc2 = new PacketCodec("test/lan/dc2", 1400);
            byte[] ping = dc2.encode(List.of(new Message.Ping(1, "a")));
            for (int i = 0; i < 10; i++) {
                await(stranger.send(Buffer.buffer(ping), a.localMember().port(), "127.0.0.1"));
            }
            byte[] otherCluster = new PacketCodec("other/lan/dc1", 1400).encode(List.of(new Message.Ack(1)));
            await(stranger.send(Buffer.buffer(otherCluster), a.localMember().port(), "127.0.0.1"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.metrics().drops()).containsEntry("LABEL_MISMATCH", 11L);
                assertThat(a.metrics().guard().foreignLabels()).containsEntry("FOREIGN_DATACENTER", 10L)
                        .containsEntry("FOREIGN_CLUSTER", 1L);
                assertThat(a.metrics().guard().refusalsSent() + a.metrics().guard().refusalsSuppressed())
                        .isEqualTo(11);
                assertThat(replies).hasSize(3);
            });
            assertThat(a.metrics().guard().refusalsSent()).isEqualTo(3);
            for (Buffer r : replies) {
                assertThat(r.length()).isLessThanOrEqualTo(ping.length);
                assertThat(dc2.decode(r.getBytes(), 0, r.length())).isInstanceOfSatisfying(
                        PacketCodec.Decoded.Messages.class, m -> assertThat(m.messages()).singleElement()
                                .isInstanceOfSatisfying(Message.Refuse.class, refuse ->
                                        assertThat(refuse.reason()).isEqualTo(RefusalReason.FOREIGN_DATACENTER)));
            }
            assertThat(names(a)).containsExactly("a");
        } finally {
            await(stranger.close());
        }
    }

    /**
     * With the guard off two datacenters mix; switched on at run time, each node sheds the other
     * datacenter at once, with a MemberLeft saying FOREIGN_DATACENTER, and it never comes back.
     */
    @Test
    void switchingTheGuardOnShedsTheOtherDatacenterOnline() {
        Queue<MembershipEvent> seenByA = new ConcurrentLinkedQueue<>();
        Queue<MembershipEvent> seenByB = new ConcurrentLinkedQueue<>();
        SwimNode a = node(SwimConfig.builder(Profile.LOCAL).name("a").cluster("test").datacenter("dc1").guard(false),
                seenByA);
        SwimNode a2 = node(SwimConfig.builder(Profile.LOCAL).name("a2").cluster("test").datacenter("dc1").guard(false),
                null);
        SwimNode b = node(SwimConfig.builder(Profile.LOCAL).name("b").cluster("test").datacenter("dc2").guard(false),
                seenByB);
        assertThat(a.guardEnabled()).isFalse();
        await(a2.join(List.of(seedOf(a))));
        await(b.join(List.of(seedOf(a))));
        await().atMost(TestSupport.CONVERGED).untilAsserted(() ->
                List.of(a, a2, b).forEach(n -> assertThat(names(n)).containsExactlyInAnyOrder("a", "a2", "b")));

        await(a.setGuardEnabled(true));
        await(a2.setGuardEnabled(true));
        await(b.setGuardEnabled(true));

        assertThat(a.guardEnabled()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(seenByA).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(MemberLeft.class, left -> {
                assertThat(left.member().name()).isEqualTo("b");
                assertThat(left.reason()).isEqualTo(MemberLeft.Reason.FOREIGN_DATACENTER);
            }));
            assertThat(seenByB).filteredOn(MemberLeft.class::isInstance).extracting(e -> e.member().name())
                    .containsExactlyInAnyOrder("a", "a2");
        });
        await().during(WATCH).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.members()).filteredOn(m -> m.name().equals("b")).singleElement()
                    .satisfies(m -> assertThat(m.state()).isEqualTo(io.gossamer.MemberState.LEFT));
            assertThat(b.members()).filteredOn(m -> m.state() == io.gossamer.MemberState.ALIVE)
                    .extracting(Member::name).containsExactly("b");
            assertThat(a2.members()).filteredOn(m -> m.state() == io.gossamer.MemberState.ALIVE)
                    .extracting(Member::name).containsExactlyInAnyOrder("a", "a2");
        });
        assertThat(seenByA).filteredOn(MemberLeft.class::isInstance).hasSize(1);
        assertThat(a.metrics().guard().membersShed()).isEqualTo(1);
    }
}
