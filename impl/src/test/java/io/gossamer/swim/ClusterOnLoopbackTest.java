package io.gossamer.swim;

import io.gossamer.MemberDead;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.SwimConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.memberNamed;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end scenario: 20 real nodes in one JVM on 127.0.0.1 over UDP and TCP, with the
 * LOCAL profile. Wait bounds are derived from that profile's timings, not tuned to this machine.
 * The phases share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOnLoopbackTest {

    private static final int N = 20;
    private static final SwimConfig PROFILE = local("bounds").build();
    private static final Duration PROBE = PROFILE.probeInterval();
    private static final Duration PUSH_PULL = PROFILE.pushPullInterval();
    /** memberlist: min = suspicionMult * max(1, log10 n) * probeInterval, max = mult * min. */
    private static final Duration SUSPICION_MAX = PROBE.multipliedBy(
            (long) Math.ceil(PROFILE.suspicionMult() * Math.max(1, Math.log10(N)) * PROFILE.suspicionMaxTimeoutMult()));
    /** News reaches everyone by gossip or, failing that, by the next anti-entropy exchange. */
    private static final Duration SPREAD = PUSH_PULL.plus(PROBE.multipliedBy(2));
    /** Round-robin probing reaches every member once per cycle of n - 1 probes. */
    private static final Duration DETECT = PROBE.multipliedBy(N - 1).plus(PROFILE.probeTimeout()).plus(SPREAD);

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final List<Queue<MembershipEvent>> events = new ArrayList<>();
    private final Queue<String> deliveryThreads = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void startCluster() {
        vertx = TestSupport.newVertx();
        for (int i = 0; i < N; i++) {
            Queue<MembershipEvent> log = new ConcurrentLinkedQueue<>();
            events.add(log);
            SwimNodeOptions options = loopback(vertx).randomSeed(i).listener(e -> {
                log.add(e);
                deliveryThreads.add(Thread.currentThread().getName());
            }).build();
            nodes.add(await(SwimNode.start(local(name(i)).build(), options)));
        }
    }

    @AfterAll
    void stopCluster() {
        TestSupport.closeAll(nodes, vertx);
    }

    private static String name(int i) {
        return String.format("n%02d", i);
    }

    /** Every node joins through the first one, and every node ends up seeing all 20 alive. */
    @Test
    @Order(1)
    void allConverge() {
        String seed = seedOf(nodes.get(0));
        for (int i = 1; i < N; i++) {
            assertThat(await(nodes.get(i).join(List.of(seed)))).as("seeds answering n%02d", i).isEqualTo(1);
        }
        await().atMost(SPREAD).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (SwimNode n : nodes) {
                assertThat(n.members()).as("view of %s", n).hasSize(N)
                        .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.ALIVE));
            }
        });
        assertThat(deliveryThreads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("gossamer-events-"));
        for (SwimNode n : nodes) {
            assertThat(n.metrics().internalErrors()).as("internal errors of %s", n).isZero();
        }
    }

    /** A node whose sockets close without a word is suspected, then declared dead, by every other node. */
    @Test
    @Order(2)
    void abruptCloseBecomesSuspectThenDeadEverywhere() {
        int victim = N - 1;
        String victimName = name(victim);
        await(nodes.get(victim).closeAsync());
        List<Integer> survivors = range(0, N - 1);

        await().atMost(DETECT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int i : survivors) {
                assertThat(events.get(i)).as("events at %s", name(i))
                        .anySatisfy(e -> assertIsAbout(e, MemberSuspected.class, victimName));
            }
        });
        await().atMost(SUSPICION_MAX.plus(SPREAD)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int i : survivors) {
                assertThat(stateOf(nodes.get(i), victimName)).as("%s at %s", victimName, name(i))
                        .contains(MemberState.DEAD);
            }
        });
        // Events are delivered on their own thread, after the view has changed: wait for them too.
        await().atMost(SPREAD).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int i : survivors) {
                List<MembershipEvent> about = events.get(i).stream()
                        .filter(e -> e.member().name().equals(victimName)).toList();
                int suspected = indexOf(about, MemberSuspected.class);
                int dead = indexOf(about, MemberDead.class);
                assertThat(suspected).as("%s saw %s suspected: %s", name(i), victimName, about).isNotNegative();
                assertThat(dead).as("%s saw %s dead after suspected: %s", name(i), victimName, about)
                        .isGreaterThan(suspected);
            }
        });
    }

    /** A graceful leave is recorded as LEFT (not DEAD) by every remaining node. */
    @Test
    @Order(3)
    void gracefulLeaveBecomesLeftEverywhere() {
        int leaver = N - 2;
        String leaverName = name(leaver);
        await(nodes.get(leaver).leave(SPREAD));
        List<Integer> others = range(0, N - 2);
        await().atMost(SPREAD).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int i : others) {
                assertThat(stateOf(nodes.get(i), leaverName)).as("%s at %s", leaverName, name(i))
                        .contains(MemberState.LEFT);
                assertThat(events.get(i)).anySatisfy(e -> assertIsAbout(e, MemberLeft.class, leaverName));
            }
        });
        await(nodes.get(leaver).closeAsync());
        for (int i : others) {
            assertThat(events.get(i)).as("events at %s", name(i))
                    .noneSatisfy(e -> assertIsAbout(e, MemberDead.class, leaverName));
        }
    }

    /** New tags of one member reach every other node as an update. */
    @Test
    @Order(4)
    void tagsUpdateReachesEveryone() {
        Map<String, String> tags = Map.of("zone", "b", "version", "2");
        await(nodes.get(0).updateTags(tags));
        assertThat(nodes.get(0).localMember().tags()).isEqualTo(tags);
        List<Integer> others = range(1, N - 2);
        await().atMost(SPREAD).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (int i : others) {
                assertThat(memberNamed(nodes.get(i), name(0))).as("n00 at %s", name(i))
                        .hasValueSatisfying(m -> assertThat(m.tags()).isEqualTo(tags));
                assertThat(events.get(i)).anySatisfy(e -> {
                    assertIsAbout(e, MemberUpdated.class, name(0));
                    assertThat(e.member().tags()).isEqualTo(tags);
                });
            }
        });
    }

    private static void assertIsAbout(MembershipEvent e, Class<? extends MembershipEvent> type, String name) {
        assertThat(e).isInstanceOf(type);
        assertThat(e.member().name()).isEqualTo(name);
    }

    private static int indexOf(List<MembershipEvent> list, Class<? extends MembershipEvent> type) {
        for (int i = 0; i < list.size(); i++) {
            if (type.isInstance(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}

