package io.gossamer.cdi;

import io.gossamer.MemberAlive;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Membership events through CDI, against real nodes on 127.0.0.1. */
class EventsTest {

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

    private SwimNode peer(String cluster, String name, TestNodes.Recorded recorded) {
        SwimNode p = TestNodes.startPeer(fastPeer(cluster, name).build(), recorded);
        toClose.add(p);
        return p;
    }

    private static String cluster(String test) {
        return test + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * [events-exactly-once], [events-member-order], [events-local-join], [events-async],
     * [events-qualifiers], [events-not-on-protocol-thread], [membership-agrees-with-events]: two
     * CDI containers and two engine peers form a cluster; one peer crashes, one leaves, a CDI node
     * updates its tags. Each observer sees every transition once, in each member's order.
     */
    @Test
    void joinsCrashLeaveAndTagsUpdateAreDeliveredExactlyOnceInOrder() {
        String cluster = cluster("events");
        TestNodes.Node a = node(fastNode(cluster, "a"), Observers.Recorder.class, Observers.AsyncRecorder.class,
                Observers.DeathsInDc1.class, Observers.ElsewhereOnly.class, Observers.LanJoins.class);
        Membership ma = a.get(Membership.class);
        String seed = seedOf(ma.localMember());
        Map<String, String> bProps = new LinkedHashMap<>(fastNode(cluster, "b"));
        bProps.put("gossamer.seeds", seed);
        TestNodes.Node b = node(bProps, Observers.Recorder.class, Observers.AsyncRecorder.class);
        SwimNode c = peer(cluster, "c", new TestNodes.Recorded());
        SwimNode d = peer(cluster, "d", new TestNodes.Recorded());
        TestNodes.await(c.join(List.of(seed)));
        TestNodes.await(d.join(List.of(seed)));

        Observers.Recorder ra = a.get(Observers.Recorder.class);
        Observers.Recorder rb = b.get(Observers.Recorder.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> ma.aliveMembers().size() == 4
                && ra.about("b").size() >= 1 && ra.about("c").size() >= 1 && ra.about("d").size() >= 1);

        c.close(); // a crash: no goodbye
        await().atMost(Duration.ofSeconds(20)).until(() -> ra.last("c").filter(MemberDead.class::isInstance).isPresent());

        TestNodes.await(d.leave(Duration.ofSeconds(3)));
        d.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> ra.last("d").filter(MemberLeft.class::isInstance).isPresent());

        b.get(Membership.class).updateTags(Map.of("zone", "z1")).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(15)).until(() -> ra.last("b")
                .filter(e -> e instanceof MemberUpdated && e.member().tags().equals(Map.of("zone", "z1"))).isPresent());

        // [events-local-join]: the first event of each node is its own join.
        assertThat(ra.events().get(0)).isInstanceOf(MemberJoined.class);
        assertThat(ra.events().get(0).member().name()).isEqualTo("a");
        assertThat(ra.events().get(0).previousState()).isEmpty();
        assertThat(rb.events().get(0)).isInstanceOf(MemberJoined.class);
        assertThat(rb.events().get(0).member().name()).isEqualTo("b");

        // [events-exactly-once] + [events-member-order]: per member, a chain with no gap or repeat.
        for (String name : List.of("a", "b", "c", "d")) {
            assertChain(ra.about(name), name);
        }
        for (String name : List.of("a", "b")) {
            assertChain(rb.about(name), name);
        }
        assertThat(kinds(ra.about("c"))).startsWith(MemberJoined.class).endsWith(MemberDead.class);
        assertThat(kinds(ra.about("c"))).contains(MemberSuspected.class);
        assertThat(kinds(ra.about("d"))).startsWith(MemberJoined.class).endsWith(MemberLeft.class);
        assertThat(ra.about("d")).noneMatch(e -> e instanceof MemberDead);

        // [events-async]: the asynchronous observer got the very same events, each once.
        Observers.AsyncRecorder aa = a.get(Observers.AsyncRecorder.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> aa.events().size() >= ra.events().size());
        Set<MembershipEvent> sync = Collections.newSetFromMap(new IdentityHashMap<>());
        sync.addAll(ra.events());
        Set<MembershipEvent> async = Collections.newSetFromMap(new IdentityHashMap<>());
        async.addAll(aa.events());
        assertThat(async).hasSize(aa.events().size()); // no repeats
        assertThat(async.containsAll(sync)).as("async observer missed events").isTrue();

        // [events-not-on-protocol-thread]
        assertThat(ra.threads()).allMatch(t -> t.equals("gossamer-events-a"));
        assertThat(rb.threads()).allMatch(t -> t.equals("gossamer-events-b"));
        assertThat(aa.threads()).noneMatch(t -> t.contains("eventloop") || t.startsWith("gossamer-events"));

        // [membership-agrees-with-events]
        assertThat(ra.disagreements()).isEmpty();
        assertThat(rb.disagreements()).isEmpty();

        // [events-qualifiers]
        assertThat(a.get(Observers.DeathsInDc1.class).events()).extracting(e -> e.member().name()).containsExactly("c");
        assertThat(a.get(Observers.ElsewhereOnly.class).events()).isEmpty();
        assertThat(a.get(Observers.LanJoins.class).events()).extracting(e -> e.member().name())
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(ra.events()).allMatch(e -> e.pool() == Pool.LAN);
    }

    private static void assertChain(List<MembershipEvent> events, String name) {
        assertThat(events).as("events about %s", name).isNotEmpty();
        Optional<MemberState> previous = Optional.empty();
        for (MembershipEvent e : events) {
            assertThat(e.previousState()).as("previous state of %s in %s", e, events).isEqualTo(previous);
            previous = Optional.of(e.member().state());
        }
    }

    private static List<Class<?>> kinds(List<MembershipEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    /** [events-observer-isolation]: a throwing observer, synchronous or not, stops no one. */
    @Test
    void aThrowingObserverDoesNotStopOthersNorLaterEvents() {
        String cluster = cluster("throwing");
        TestNodes.Node a = node(fastNode(cluster, "a"), Observers.Thrower.class, Observers.Recorder.class,
                Observers.AsyncThrower.class, Observers.AsyncRecorder.class);
        String seed = seedOf(a.get(Membership.class).localMember());
        SwimNode p = peer(cluster, "p", new TestNodes.Recorded());
        TestNodes.await(p.join(List.of(seed)));
        TestNodes.await(p.updateTags(Map.of("k", "v")));

        Observers.Recorder recorder = a.get(Observers.Recorder.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last("p")
                .filter(MemberUpdated.class::isInstance).isPresent());
        Observers.Thrower thrower = a.get(Observers.Thrower.class);
        // The thrower ran first (priority 1) on every event, and the recorder still got each one.
        assertThat(thrower.calls()).isEqualTo(recorder.events().size());
        assertThat(kinds(recorder.events())).containsExactly(MemberJoined.class, MemberJoined.class, MemberUpdated.class);
        Observers.AsyncRecorder asyncRecorder = a.get(Observers.AsyncRecorder.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> asyncRecorder.events().size() == 3
                && a.get(Observers.AsyncThrower.class).calls() == 3);
    }

    /**
     * [events-not-on-protocol-thread]: an observer that blocks for 10 s delays later events but
     * not the protocol: no member is ever suspected, by the slow node or by its peer.
     */
    @Test
    void aSlowObserverCausesNoFalseSuspicion() {
        String cluster = cluster("slow");
        TestNodes.Node a = node(fastNode(cluster, "a"), Observers.Sleeper.class, Observers.Recorder.class);
        Membership ma = a.get(Membership.class);
        TestNodes.Recorded seenByPeer = new TestNodes.Recorded();
        SwimNode p = peer(cluster, "p", seenByPeer);
        TestNodes.await(p.join(List.of(seedOf(ma.localMember()))));

        Observers.Sleeper sleeper = a.get(Observers.Sleeper.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> sleeper.sleeping());
        // While the observer blocks, for longer than any suspicion would take, the protocol goes on:
        // the node's own view stays current and its peer never doubts it.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> sleeper.sleeping()
                && ma.member("p").map(m -> m.state() == MemberState.ALIVE).orElse(false)
                && seenByPeer.about("a").stream().noneMatch(e -> e instanceof MemberSuspected));
        sleeper.release();
        Observers.Recorder recorder = a.get(Observers.Recorder.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> sleeper.done() && recorder.about("p").size() >= 1);

        assertThat(seenByPeer.about("a")).noneMatch(e -> e instanceof MemberSuspected || e instanceof MemberDead);
        assertThat(recorder.about("p")).noneMatch(e -> e instanceof MemberSuspected || e instanceof MemberDead);
        assertThat(kinds(seenByPeer.about("a"))).containsExactly(MemberJoined.class);
        assertThat(ma.member("p")).map(m -> m.state()).contains(MemberState.ALIVE);
        assertThat(p.members()).filteredOn(m -> m.name().equals("a")).extracting(m -> m.state())
                .containsExactly(MemberState.ALIVE);
    }

    /** Shutdown leaves gracefully: the peer records the node LEFT, never DEAD. */
    @Test
    void shutdownLeavesGracefully() {
        String cluster = cluster("shutdown");
        TestNodes.Node a = node(fastNode(cluster, "a"));
        TestNodes.Recorded seenByPeer = new TestNodes.Recorded();
        SwimNode p = peer(cluster, "p", seenByPeer);
        TestNodes.await(p.join(List.of(seedOf(a.get(Membership.class).localMember()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByPeer.about("a").size() >= 1);

        long started = System.nanoTime();
        a.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByPeer.last("a").filter(MemberLeft.class::isInstance)
                .isPresent());
        assertThat(seenByPeer.about("a")).noneMatch(e -> e instanceof MemberDead || e instanceof MemberAlive);
    }
}
