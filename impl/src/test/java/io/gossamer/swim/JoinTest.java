package io.gossamer.swim;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gossamer.JoinRefusedException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.awaitFailure;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JoinTest {

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

    /** A port nobody listens on (bound once, then released). */
    private int closedPort() {
        NetServer s = await(vertx.createNetServer().connectHandler(c -> { }).listen(0, "127.0.0.1"));
        int port = s.actualPort();
        await(s.close());
        return port;
    }

    /** When no seed answers, the failure names every seed and what went wrong with it. */
    @Test
    void failureNamesEachSeedAndItsError() {
        SwimNode a = node("a", loopback(vertx).joinAttempts(2).joinBackoff(Duration.ofMillis(50)));
        int port = closedPort();
        Throwable failure = awaitFailure(a.join(List.of("127.0.0.1:" + port, "no-such-host.invalid:7946")),
                Duration.ofSeconds(20));

        assertThat(failure).isInstanceOf(IOException.class);
        assertThat(failure.getMessage())
                .contains("after 2 attempts")
                .contains("'127.0.0.1:" + port + "' -> 127.0.0.1:" + port + ": connect failed")
                .contains("'no-such-host.invalid:7946' cannot resolve no-such-host.invalid");
    }

    /** Malformed and empty seed lists fail at once, without any attempt. */
    @Test
    void malformedSeedsFailAtOnce() {
        SwimNode a = node("a", loopback(vertx));
        assertThat(awaitFailure(a.join(List.of("host:port")), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'host:port'");
        assertThat(awaitFailure(a.join(List.of()), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A seed given by name that is not up yet: the first attempt fails, the name is resolved again
     * at the retry, and the join succeeds once the seed runs.
     */
    @Test
    void retriesAndResolvesTheNameAgain() {
        SwimNode a = node("a", loopback(vertx).joinAttempts(50).joinBackoff(Duration.ofMillis(100))
                .joinMaxBackoff(Duration.ofMillis(200)));
        int port = closedPort();
        var join = a.join(List.of("localhost:" + port));

        // Only once an attempt has visibly failed does the seed start, on that very port.
        await().atMost(Duration.ofSeconds(10)).until(() -> a.metrics().streamsFailed() >= 1);
        SwimNode b = node("b", loopback(vertx).bindPort(port));

        assertThat(await(join, Duration.ofSeconds(20))).isEqualTo(1);
        await().atMost(a.config().pushPullInterval()).untilAsserted(() -> {
            assertThat(TestSupport.memberNamed(a, "b")).isPresent();
            assertThat(TestSupport.memberNamed(b, "a")).isPresent();
        });
    }

    /**
     * A node with its own Vert.x, closed (blocking close) while a join waits to retry: the join
     * fails at once instead of hanging on a timer of the closed Vert.x.
     */
    @Test
    void closingFailsAPendingJoin() {
        SwimNode own = await(SwimNode.start(local("own").build(), SwimNodeOptions.builder()
                .bindHost("127.0.0.1").bindPort(0).joinAttempts(1_000).joinBackoff(Duration.ofSeconds(5))
                .joinMaxBackoff(Duration.ofSeconds(5)).closeTimeout(Duration.ofSeconds(10)).build()));
        var join = own.join(List.of("127.0.0.1:" + closedPort()));
        await().atMost(Duration.ofSeconds(10)).until(() -> own.metrics().streamsFailed() >= 1);
        own.close();
        assertThat(awaitFailure(join, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(awaitFailure(own.updateTags(java.util.Map.of("a", "b")), Duration.ofSeconds(5)))
                .isInstanceOf(Exception.class);
    }

    /** A port already taken fails the start (own Vert.x) with the address in the message instead of hanging. */
    @Test
    void startOnATakenPortFailsCleanly() {
        SwimNode a = node("a", loopback(vertx));
        int port = a.localMember().port();
        Throwable failure = awaitFailure(SwimNode.start(local("b").build(), SwimNodeOptions.builder()
                .bindHost("127.0.0.1").bindPort(port).build()), Duration.ofSeconds(10));
        assertThat(failure).hasMessageContaining("127.0.0.1:" + port);
    }

    /** Joining a node through itself is not an answer: the error says so. */
    @Test
    void joiningOnlyYourselfFails() {
        SwimNode a = node("a", loopback(vertx).joinAttempts(1));
        Throwable failure = awaitFailure(a.join(List.of(seedOf(a))), Duration.ofSeconds(10));
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("is this node");
    }

    /**
     * Until joined: attempts go on past {@code joinAttempts}, each reported with the wait before
     * the next (doubling up to the maximum, each shortened at random by up to a half), until the
     * seed runs; the last report says so.
     */
    @Test
    void untilJoinedReportsEachAttemptUntilASeedAnswers() {
        SwimNode a = node("a", loopback(vertx).joinAttempts(1).joinBackoff(Duration.ofMillis(50))
                .joinMaxBackoff(Duration.ofMillis(100)));
        int port = closedPort();
        List<JoinAttempt> attempts = new CopyOnWriteArrayList<>();
        var join = a.joinUntilJoined(List.of("127.0.0.1:" + port), attempts::add);

        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.size() >= 3);
        SwimNode b = node("b", loopback(vertx).bindPort(port));

        JoinAttempt last = await(join, Duration.ofSeconds(20));
        assertThat(last).isInstanceOf(JoinAttempt.Joined.class).isEqualTo(attempts.get(attempts.size() - 1));
        assertThat(((JoinAttempt.Joined) last).contacted()).isEqualTo(1);
        assertThat(attempts.get(0)).isInstanceOfSatisfying(JoinAttempt.Failed.class, f -> {
            assertThat(f.number()).isEqualTo(1);
            assertThat(f.failure()).isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(f.retryIn()).isBetween(Duration.ofMillis(25), Duration.ofMillis(50));
        });
        assertThat(attempts.get(2)).isInstanceOfSatisfying(JoinAttempt.Failed.class,
                f -> assertThat(f.retryIn()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
        for (int i = 0; i < attempts.size(); i++) {
            assertThat(attempts.get(i).number()).isEqualTo(i + 1);
        }
        await().atMost(a.config().pushPullInterval()).until(() -> TestSupport.memberNamed(b, "a").isPresent());
    }

    /** A peer that joins this node ends the attempts: the node is in the pool. */
    @Test
    void untilJoinedEndsWhenAPeerJoinedThisNode() {
        SwimNode a = node("a", loopback(vertx).joinBackoff(Duration.ofMillis(100))
                .joinMaxBackoff(Duration.ofMillis(100)));
        List<JoinAttempt> attempts = new CopyOnWriteArrayList<>();
        var join = a.joinUntilJoined(List.of("127.0.0.1:" + closedPort()), attempts::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !attempts.isEmpty());
        SwimNode c = node("c", loopback(vertx));
        await(c.join(List.of(seedOf(a))));

        assertThat(await(join, Duration.ofSeconds(20))).isInstanceOf(JoinAttempt.JoinedByPeer.class);
        assertThat(attempts).last().isInstanceOf(JoinAttempt.JoinedByPeer.class);
    }

    /**
     * A refusal is retried (the seed's configuration may change), on its own slower schedule:
     * doubling from the refused backoff to its cap, each wait shortened by up to a fifth, while
     * silence would be retried every 50 ms. Leaving ends the attempts.
     */
    @Test
    void untilJoinedRetriesRefusalsSlowerAndSlowerAndEndsWhenTheNodeLeaves() {
        SwimNode a = node("a", loopback(vertx).joinBackoff(Duration.ofMillis(50))
                .joinMaxBackoff(Duration.ofMillis(50)).joinRefusedBackoff(Duration.ofMillis(100))
                .joinRefusedMaxBackoff(Duration.ofMillis(400)));
        SwimNode other = await(SwimNode.start(local("o").cluster("other").build(), loopback(vertx).build()));
        nodes.add(other);
        List<JoinAttempt> attempts = new CopyOnWriteArrayList<>();
        List<Long> reportedAt = new CopyOnWriteArrayList<>();
        var join = a.joinUntilJoined(List.of(seedOf(other)), attempt -> {
            reportedAt.add(System.nanoTime());
            attempts.add(attempt);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 5);
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt).isInstanceOfSatisfying(JoinAttempt.Failed.class,
                f -> assertThat(f.failure()).isInstanceOf(JoinRefusedException.class)));
        long[] base = {100, 200, 400, 400};
        for (int i = 0; i < base.length; i++) {
            long retryIn = ((JoinAttempt.Failed) attempts.get(i)).retryIn().toMillis();
            assertThat(retryIn).as("wait after refusal %d", i + 1).isBetween(base[i] * 4 / 5, base[i]);
            // The next attempt really waited that long.
            assertThat(reportedAt.get(i + 1) - reportedAt.get(i)).as("time to attempt %d", i + 2)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(retryIn).toNanos());
        }

        await(a.leave(Duration.ofSeconds(5)));
        assertThat(awaitFailure(join, Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left");
    }
}
