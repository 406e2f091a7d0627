package io.gossamer.swim;

import io.gossamer.MemberDead;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.SwimConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
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
 * A leave asked for while the node's own join is still under way (an application undeployed
 * right after it started): the leave is held until the join attempt has finished, so the peers
 * the join reached hear it and record LEFT, not DEAD once the node is gone.
 */
class LeaveBeforeJoinTest {

    private static final SwimConfig PROFILE = local("bounds").build();
    /** A silent member is suspected within a probe round and declared dead within the longest suspicion. */
    private static final Duration DEAD_BY = PROFILE.probeInterval()
            .multipliedBy((long) PROFILE.suspicionMult() * PROFILE.suspicionMaxTimeoutMult() + 4)
            .plus(TestSupport.CONVERGED);

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

    private SwimNode node(String name, SwimNodeOptions.Builder options) {
        SwimNode n = await(SwimNode.start(local(name).build(), options.build()));
        nodes.add(n);
        return n;
    }

    /** B joins A and leaves at once, then closes: A records B LEFT, and never DEAD. */
    @Test
    void aLeaveRightAfterTheJoinReachesTheSeed() {
        Queue<MembershipEvent> seen = new ConcurrentLinkedQueue<>();
        SwimNode a = node("a", loopback(vertx).listener(seen::add));
        SwimNode b = node("b", loopback(vertx));

        var join = b.join(List.of(seedOf(a)));
        await(b.leave(Duration.ofSeconds(5)));
        assertThat(await(join)).isEqualTo(1);
        await(b.closeAsync());

        await().atMost(DEAD_BY).pollInterval(Duration.ofMillis(20))
                .until(() -> stateOf(a, "b").filter(s -> s == MemberState.LEFT || s == MemberState.DEAD).isPresent());
        assertThat(stateOf(a, "b")).contains(MemberState.LEFT);
        assertThat(seen).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(MemberLeft.class,
                left -> assertThat(left.member().name()).isEqualTo("b")));
        assertThat(seen).noneSatisfy(e -> assertThat(e).isInstanceOfSatisfying(MemberDead.class,
                dead -> assertThat(dead.member().name()).isEqualTo("b")));
    }

    /**
     * A join attempt that cannot finish soon (a seed that accepts the connection and never
     * answers) holds the leave no longer than the attempt's own bound, the TCP timeout; the
     * leave itself still completes within the caller's timeout.
     */
    @Test
    void theHoldIsBoundedByTheJoinsTimeout() {
        NetServer silent = await(vertx.createNetServer().connectHandler(c -> { }).listen(0, "127.0.0.1"));
        try {
            Duration tcpTimeout = Duration.ofMillis(300);
            SwimNode b = await(SwimNode.start(local("b").tcpTimeout(tcpTimeout).build(),
                    loopback(vertx).joinAttempts(1).build()));
            nodes.add(b);
            var join = b.join(List.of("127.0.0.1:" + silent.actualPort()));
            long started = System.nanoTime();
            await(b.leave(Duration.ofSeconds(5)), Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isLessThan(tcpTimeout.multipliedBy(2).plusSeconds(1));
            TestSupport.awaitFailure(join, Duration.ofSeconds(5));
        } finally {
            await(silent.close());
        }
    }
}
