package io.gossamer.cdi;

import io.gossamer.InPool;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.fastServer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * LAN and WAN pools through CDI, against real nodes on 127.0.0.1: two datacenters, a server in
 * each and a client in dc1. The servers meet in the WAN pool through {@code gossamer.wan.seeds};
 * observers and {@code Membership} beans tell the pools apart.
 */
class PoolsTest {

    private static final System.Logger LOG = System.getLogger(PoolsTest.class.getName());

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    private TestNodes.Node node(Map<String, String> props, Class<?>... beans) {
        TestNodes.Node n = TestNodes.start(props, beans);
        toClose.add(n);
        return n;
    }

    private static String cluster(String test) {
        return test + "-" + Long.toHexString(System.nanoTime());
    }

    private static Membership membership(TestNodes.Node node, Pool pool) {
        return node.container.select(Membership.class, InPool.Literal.of(pool)).get();
    }

    private static HealthCheck check(TestNodes.Node node, Class<? extends HealthCheck> type, Annotation qualifier) {
        return node.container.select(type, qualifier).get();
    }

    private static Set<String> names(List<? extends MembershipEvent> events) {
        return events.stream().map(e -> e.member().name()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> names(Membership membership) {
        return membership.members().stream().map(Member::name).collect(Collectors.toSet());
    }

    private static boolean alive(Membership membership, String name) {
        return membership.member(name).map(m -> m.state() == MemberState.ALIVE).orElse(false);
    }

    /**
     * [events-qualifiers], [membership-agrees-with-events], [events-member-order] per pool: WAN
     * events reach {@code @InPool(WAN)} observers only, named {@code node.dc} from both
     * datacenters; LAN events reach {@code @InPool(LAN)} observers only; the client has no WAN pool;
     * the WAN {@code Membership} agrees with the WAN events; a server's shutdown leaves the WAN pool.
     */
    @Test
    void serversOfTwoDatacentersMeetInTheWanPoolAndObserversTellThePoolsApart() {
        String cluster = cluster("pools");
        TestNodes.Node s1 = node(fastServer(cluster, "s1", "dc1"), Observers.Recorder.class,
                Observers.WanRecorder.class, Observers.LanRecorder.class, Observers.AsyncRecorder.class,
                Observers.AsyncWanDc2.class);
        Membership s1Lan = s1.get(Membership.class);
        Membership s1Wan = membership(s1, Pool.WAN);

        Map<String, String> c1Props = new LinkedHashMap<>(fastNode(cluster, "c1"));
        c1Props.put("gossamer.seeds", seedOf(s1Lan.localMember()));
        TestNodes.Node c1 = node(c1Props, Observers.Recorder.class, Observers.WanRecorder.class,
                Observers.LanRecorder.class);

        Map<String, String> s2Props = new LinkedHashMap<>(fastServer(cluster, "s2", "dc2"));
        s2Props.put("gossamer.wan.seeds", seedOf(s1Wan.localMember()));
        TestNodes.Node s2 = node(s2Props, Observers.Recorder.class, Observers.WanRecorder.class,
                Observers.LanRecorder.class);
        long s2Up = System.nanoTime();
        Membership s2Wan = membership(s2, Pool.WAN);
        // Polled every 10 ms from the start, so that the time measured is the join's, not the poll's.
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> alive(s1Wan, "s2.dc2") && alive(s2Wan, "s1.dc1"));
        long wanJoinMs = Duration.ofNanos(System.nanoTime() - s2Up).toMillis();
        LOG.log(System.Logger.Level.INFO, "WAN join: both servers list each other ALIVE " + wanJoinMs
                + " ms after s2's container started");
        await().atMost(Duration.ofSeconds(15)).until(() -> alive(s1Lan, "c1"));

        Observers.WanRecorder s1WanEvents = s1.get(Observers.WanRecorder.class);
        Observers.LanRecorder s1LanEvents = s1.get(Observers.LanRecorder.class);
        Observers.Recorder s1All = s1.get(Observers.Recorder.class);
        Observers.WanRecorder s2WanEvents = s2.get(Observers.WanRecorder.class);
        Observers.LanRecorder s2LanEvents = s2.get(Observers.LanRecorder.class);
        Observers.LanRecorder c1LanEvents = c1.get(Observers.LanRecorder.class);
        // Views are published before their events are delivered: wait for the events too.
        await().atMost(Duration.ofSeconds(10)).until(() -> names(s1WanEvents.events()).size() == 2
                && names(s1LanEvents.events()).size() == 2 && names(s2WanEvents.events()).size() == 2
                && names(s2LanEvents.events()).size() == 1 && names(c1LanEvents.events()).size() == 2);

        // The WAN pool: servers of both datacenters, named node.dc, qualified and stamped WAN.
        assertThat(names(s1WanEvents.events())).containsExactlyInAnyOrder("s1.dc1", "s2.dc2");
        assertThat(s1WanEvents.events()).allMatch(e -> e.pool() == Pool.WAN)
                .allMatch(e -> e.member().name().endsWith("." + e.member().datacenter()))
                .allMatch(e -> e.member().role().equals("server"));
        assertThat(s1WanEvents.events()).extracting(e -> e.member().datacenter()).containsOnly("dc1", "dc2")
                .contains("dc1", "dc2");
        assertThat(s1WanEvents.events().get(0)).isInstanceOf(MemberJoined.class);
        assertThat(s1WanEvents.events().get(0).member().name()).isEqualTo("s1.dc1");
        assertThat(s1WanEvents.threads()).containsOnly("gossamer-events-s1.dc1");
        assertThat(names(s2WanEvents.events())).containsExactlyInAnyOrder("s1.dc1", "s2.dc2");

        // The LAN pools: each datacenter its own, no WAN member in them.
        assertThat(names(s1LanEvents.events())).containsExactlyInAnyOrder("s1", "c1");
        assertThat(s1LanEvents.events()).allMatch(e -> e.pool() == Pool.LAN && e.member().datacenter().equals("dc1"));
        assertThat(names(s2LanEvents.events())).containsExactly("s2");
        assertThat(names(c1LanEvents.events())).containsExactlyInAnyOrder("c1", "s1");

        // The client is in no WAN pool: no WAN event, and its WAN Membership says why.
        assertThat(c1.get(Observers.WanRecorder.class).events()).isEmpty();
        Membership c1Wan = membership(c1, Pool.WAN);
        List<Executable> calls = List.of(c1Wan::localMember, c1Wan::members, () -> c1Wan.member("s1.dc1"),
                c1Wan::leave, () -> c1Wan.updateTags(Map.of()), () -> c1Wan.forceLeave("s1.dc1"));
        for (Executable call : calls) {
            assertThat(catchThrowable(call::execute)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("this node is not a server: it has no WAN pool");
        }
        assertThat(c1.get(Membership.class).localMember().role()).isEqualTo("client");

        // Membership per pool: @Default and @InPool(LAN) are the LAN view, @InPool(WAN) the WAN one.
        assertThat(names(s1Lan)).containsExactlyInAnyOrder("s1", "c1");
        assertThat(names(membership(s1, Pool.LAN))).isEqualTo(names(s1Lan));
        assertThat(membership(s1, Pool.LAN).localMember()).isEqualTo(s1Lan.localMember());
        assertThat(names(s1Wan)).containsExactlyInAnyOrder("s1.dc1", "s2.dc2");
        Member s1WanSelf = s1Wan.localMember();
        assertThat(s1WanSelf.name()).isEqualTo("s1.dc1");
        assertThat(s1WanSelf.datacenter()).isEqualTo("dc1");
        assertThat(s1WanSelf.port()).isNotEqualTo(s1Lan.localMember().port());
        // [membership-agrees-with-events]: the WAN view shows each member as its last WAN event does.
        for (Member m : s1Wan.members()) {
            assertThat(s1WanEvents.last(m.name())).map(e -> e.member().state()).contains(m.state());
        }
        assertThat(s1All.disagreements()).isEmpty();

        // An unqualified observer receives both pools, each member's chain intact within its pool,
        // each pool on its own delivery thread.
        assertThat(s1All.events()).extracting(MembershipEvent::pool).contains(Pool.LAN, Pool.WAN);
        for (String name : List.of("s1.dc1", "s2.dc2")) {
            assertChain(s1All.about(Pool.WAN, name));
            assertThat(s1All.about(Pool.LAN, name)).isEmpty();
        }
        for (String name : List.of("s1", "c1")) {
            assertChain(s1All.about(Pool.LAN, name));
            assertThat(s1All.about(Pool.WAN, name)).isEmpty();
        }
        assertThat(s1All.threads()).containsOnly("gossamer-events-s1", "gossamer-events-s1.dc1");

        // [events-async] with qualifiers: WAN events about dc2 members only.
        Observers.AsyncWanDc2 asyncDc2 = s1.get(Observers.AsyncWanDc2.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !asyncDc2.events().isEmpty());
        assertThat(asyncDc2.events()).allMatch(e -> e.pool() == Pool.WAN && e.member().datacenter().equals("dc2"));
        Observers.AsyncRecorder async = s1.get(Observers.AsyncRecorder.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> async.events().size() >= s1All.events().size());
        assertThat(async.events()).extracting(MembershipEvent::pool).contains(Pool.LAN, Pool.WAN);

        // Health: WAN figures are data for servers, absent on clients.
        HealthCheckResponse ready = check(s1, GossamerReadinessCheck.class, Readiness.Literal.INSTANCE).call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        Map<String, Object> data = ready.getData().orElseThrow();
        assertThat(data).containsEntry("role", "server").containsEntry("wan-joined", true)
                .containsEntry("wan-alive", 2L).containsEntry("alive", 2L);
        assertThat(check(s2, GossamerReadinessCheck.class, Readiness.Literal.INSTANCE).call().getData().orElseThrow())
                .containsEntry("wan-joined", true).containsEntry("wan-alive", 2L).containsEntry("alive", 1L);
        assertThat(check(c1, GossamerReadinessCheck.class, Readiness.Literal.INSTANCE).call().getData().orElseThrow())
                .containsEntry("role", "client").doesNotContainKey("wan-joined");
        assertThat(check(s1, GossamerStartupCheck.class, Startup.Literal.INSTANCE).call().getData().orElseThrow())
                .containsEntry("wan-first-join-done", true);
        assertThat(check(s1, GossamerLivenessCheck.class, Liveness.Literal.INSTANCE).call().getData().orElseThrow())
                .containsKey("wan-local-health");

        // Shutdown leaves the WAN pool gracefully too: s1 records s2.dc2 LEFT, never DEAD.
        long closing = System.nanoTime();
        s2.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> s1WanEvents.last("s2.dc2")
                .filter(MemberLeft.class::isInstance).isPresent());
        assertThat(s1WanEvents.events()).filteredOn(e -> e.member().name().equals("s2.dc2"))
                .noneMatch(e -> e instanceof MemberDead || e instanceof MemberSuspected);
        assertThat(s1Wan.member("s2.dc2")).map(Member::state).contains(MemberState.LEFT);
        assertThat(names(s1LanEvents.events())).containsExactlyInAnyOrder("s1", "c1");
    }

    private static void assertChain(List<MembershipEvent> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(0)).isInstanceOf(MemberJoined.class);
        Optional<MemberState> previous = Optional.empty();
        for (MembershipEvent e : events) {
            assertThat(e.previousState()).as("previous state of %s in %s", e, events).isEqualTo(previous);
            previous = Optional.of(e.member().state());
        }
    }

    /**
     * [events-suspect-before-dead] in the WAN pool: a server of another datacenter that crashes is
     * suspected, then declared dead, in WAN events qualified with its datacenter; the LAN pool
     * never hears of it.
     */
    @Test
    void aCrashedWanMemberIsSuspectedThenDeadInTheWanPoolOnly() {
        String cluster = cluster("wan-crash");
        TestNodes.Node s1 = node(fastServer(cluster, "s1", "dc1"), Observers.WanRecorder.class,
                Observers.LanRecorder.class);
        Membership s1Wan = membership(s1, Pool.WAN);
        // A bare engine in the WAN pool, as another datacenter's server would be.
        TestNodes.Recorded seen = new TestNodes.Recorded();
        SwimNode p = TestNodes.startPeer(fastPeer(cluster, "p.dc3").datacenter("dc3").role("server")
                .pool(Pool.WAN).build(), seen);
        toClose.add(p);
        TestNodes.await(p.join(List.of(seedOf(s1Wan.localMember()))));
        Observers.WanRecorder wanEvents = s1.get(Observers.WanRecorder.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> wanEvents.last("p.dc3").isPresent());

        p.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> wanEvents.last("p.dc3")
                .filter(MemberDead.class::isInstance).isPresent());
        List<MembershipEvent> aboutP = wanEvents.events().stream()
                .filter(e -> e.member().name().equals("p.dc3")).toList();
        assertThat(aboutP).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("MemberJoined", "MemberSuspected", "MemberDead");
        assertThat(aboutP).allMatch(e -> e.member().datacenter().equals("dc3") && e.pool() == Pool.WAN);
        assertThat(names(s1.get(Observers.LanRecorder.class).events())).containsExactly("s1");
        assertThat(s1.get(Membership.class).member("p.dc3")).isEmpty();
    }

    /** A server whose WAN port cannot be bound does not start, and says which pool and address. */
    @Test
    void aWanPortInUseFailsTheStartNamingThePool() {
        String cluster = cluster("wan-port");
        TestNodes.Node s1 = node(fastServer(cluster, "s1", "dc1"));
        int taken = s1.get(Membership.class).localMember().port();
        Map<String, String> props = new LinkedHashMap<>(fastServer(cluster, "s2", "dc1"));
        props.put("gossamer.wan.bind-port", Integer.toString(taken));
        Throwable failure = catchThrowable(() -> node(props));
        assertThat(failure).isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(messages).anyMatch(m -> m.contains("s2.dc1 cannot start its WAN pool on 127.0.0.1:" + taken));
    }
}
