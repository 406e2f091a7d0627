package io.gossamer.cdi;

import io.gossamer.MemberLeft;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The operator's {@link NodeAdmin} bean: what the agent's {@code join}, {@code guard} and {@code stats} call. */
class NodeAdminTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    /** join() reaches a peer no seed named, off the event loop; the traffic counters show it. */
    @Test
    void joinsThroughMoreSeedsAndCountsTheTraffic() throws Exception {
        String cluster = "admin-" + Long.toHexString(System.nanoTime());
        TestNodes.Node a = TestNodes.start(fastNode(cluster, "a"));
        toClose.add(a);
        SwimNode p = TestNodes.startPeer(fastPeer(cluster, "p").build(), e -> { });
        toClose.add(p);
        NodeAdmin admin = a.get(NodeAdmin.class);

        String[] completedOn = new String[1];
        int answered = admin.join(Pool.LAN, List.of(seedOf(p.localMember())))
                .whenComplete((n, e) -> completedOn[0] = Thread.currentThread().getName())
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(answered).isEqualTo(1);
        assertThat(completedOn[0]).doesNotContain("eventloop");
        Membership m = a.get(Membership.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> m.member("p").isPresent());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PoolTraffic t = admin.traffic(Pool.LAN);
            assertThat(t.packetsSent()).isPositive();
            assertThat(t.bytesSent()).isGreaterThanOrEqualTo(t.packetsSent());
            assertThat(t.packetsReceived()).isPositive();
            assertThat(t.streamsOpened()).isPositive();
            assertThat(t.streamBytesSent()).isPositive();
        });
    }

    /**
     * With the guard off a peer of another datacenter gets in; switching it on at run time sheds
     * the peer at once, as a LEFT for FOREIGN_DATACENTER.
     */
    @Test
    void switchingTheGuardOnShedsAnotherDatacenter() throws Exception {
        String cluster = "admin-guard-" + Long.toHexString(System.nanoTime());
        Map<String, String> settings = new HashMap<>(fastNode(cluster, "a"));
        settings.put("gossamer.guard.enabled", "false");
        TestNodes.Node a = TestNodes.start(settings, Observers.Recorder.class);
        toClose.add(a);
        SwimNode foreign = TestNodes.startPeer(fastPeer(cluster, "x").datacenter("dc2").guard(false).build(), e -> { });
        toClose.add(foreign);
        Membership m = a.get(Membership.class);
        TestNodes.await(foreign.join(List.of(seedOf(m.localMember()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> m.member("x").isPresent());

        a.get(NodeAdmin.class).setGuardEnabled(true).toCompletableFuture().get(20, TimeUnit.SECONDS);

        Observers.Recorder seen = a.get(Observers.Recorder.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(seen.last("x")).hasValueSatisfying(e ->
                assertThat(e).isInstanceOfSatisfying(MemberLeft.class, left ->
                        assertThat(left.reason()).isEqualTo(MemberLeft.Reason.FOREIGN_DATACENTER))));
    }

    /** A client has no WAN pool, a disabled node no pool at all: each call says so. */
    @Test
    void refusesWhatTheNodeDoesNotRun() {
        TestNodes.Node client = TestNodes.start(fastNode("admin-client", "c"));
        toClose.add(client);
        NodeAdmin admin = client.get(NodeAdmin.class);
        assertThatThrownBy(() -> admin.traffic(Pool.WAN)).isInstanceOf(IllegalStateException.class)
                .hasMessage(GossamerNode.NOT_A_SERVER);
        assertThatThrownBy(() -> admin.join(Pool.WAN, List.of("127.0.0.1:1"))).isInstanceOf(IllegalStateException.class)
                .hasMessage(GossamerNode.NOT_A_SERVER);

        TestNodes.Node disabled = TestNodes.start(Map.of("gossamer.enabled", "false"));
        toClose.add(disabled);
        NodeAdmin off = disabled.get(NodeAdmin.class);
        assertThatThrownBy(() -> off.traffic(Pool.LAN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gossamer.enabled=false");
        assertThatThrownBy(() -> off.setGuardEnabled(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gossamer.enabled=false");
    }
}
