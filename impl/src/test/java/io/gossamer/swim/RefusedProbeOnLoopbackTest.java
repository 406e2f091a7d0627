package io.gossamer.swim;

import io.gossamer.MemberDead;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transport's part of lan-fast's evidence, on real sockets: a node whose sockets are closed has
 * a port the kernel refuses, and is declared dead within the refused-suspicion timeout of being
 * probed; a node whose event loop is frozen still has a kernel that accepts connections, so it is
 * neither refused nor unreachable and keeps the (here very long) suspicion timeout.
 */
class RefusedProbeOnLoopbackTest {

    private static final int N = 4;
    /** lan-fast with a minimum suspicion of 30 s: only the TCP probe's evidence can be quicker. */
    private static final SwimConfig.Builder TIMING = SwimConfig.builder(Profile.LAN_FAST).cluster("test")
            .suspicionMult(60);
    private static final SwimConfig PROFILE = TIMING.build();
    private static final Duration SUSPICION_MIN = PROFILE.probeInterval().multipliedBy(PROFILE.suspicionMult());
    /** Each node probes each other within two rounds of n - 1 probes, then the TCP probe and the timeout. */
    private static final Duration VERDICT = PROFILE.probeInterval().multipliedBy(2L * (N - 1))
            .plus(PROFILE.probeTimeout()).plus(PROFILE.refusedSuspicionTimeout()).plus(Duration.ofSeconds(2));

    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<SwimNode> nodes = new ArrayList<>();
    private final List<Queue<MembershipEvent>> events = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = 0; i < nodes.size(); i++) {
            TestSupport.closeAll(List.of(nodes.get(i)), vertxes.get(i));
        }
    }

    @Test
    void aClosedNodeIsDeadSoonAFrozenOneIsNot() throws InterruptedException {
        assertThat(VERDICT).isLessThan(SUSPICION_MIN);
        for (int i = 0; i < N; i++) {
            // Each node on a Vert.x of its own with one event loop, so that one can be frozen alone.
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            vertxes.add(vertx);
            Queue<MembershipEvent> log = new ConcurrentLinkedQueue<>();
            events.add(log);
            nodes.add(await(SwimNode.start(TIMING.name("n" + i).build(),
                    loopback(vertx).randomSeed(i).listener(log::add).build())));
        }
        for (int i = 1; i < N; i++) {
            await(nodes.get(i).join(List.of(seedOf(nodes.get(0)))));
        }
        await().atMost(TestSupport.CONVERGED).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).hasSize(N).allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.ALIVE))));

        SwimNode closed = nodes.get(N - 1);
        SwimNode frozen = nodes.get(N - 2);
        CountDownLatch thaw = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        vertxes.get(N - 2).runOnContext(v -> {
            entered.countDown();
            try {
                thaw.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the frozen node's event loop is held").isTrue();
        try {
            await(closed.closeAsync());
            long start = System.nanoTime();
            List<SwimNode> witnesses = nodes.subList(0, N - 2);
            await().atMost(VERDICT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> witnesses.forEach(w ->
                    assertThat(stateOf(w, closed.localMember().name())).as("%s's view", w).contains(MemberState.DEAD)));
            // The frozen node is suspected meanwhile (its probes fail) but never found refused or unreachable.
            Duration left = VERDICT.minus(Duration.ofNanos(System.nanoTime() - start));
            if (!left.isNegative()) {
                await().during(left).atMost(left.plusSeconds(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> events.subList(0, N - 2).stream().flatMap(Queue::stream).noneMatch(e ->
                                e instanceof MemberDead && e.member().name().equals(frozen.localMember().name())));
            }
            assertThat(events.subList(0, N - 2).stream().flatMap(Queue::stream))
                    .as("the frozen node was suspected by someone")
                    .anyMatch(e -> e instanceof MemberSuspected && e.member().name().equals(frozen.localMember().name()));
        } finally {
            thaw.countDown();
        }
        await().atMost(TestSupport.CONVERGED).untilAsserted(() -> nodes.subList(0, N - 2).forEach(w ->
                assertThat(stateOf(w, frozen.localMember().name())).contains(MemberState.ALIVE)));
    }
}
