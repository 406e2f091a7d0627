package io.gossamer.swim;

import io.gossamer.swim.metrics.SwimMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/**
 * A join storm at small scale: a seed with a stream limit of 2 whose slots are held by silent
 * connections. Joiners beyond the limit wait their turn instead of failing; beyond as many
 * waiting, a joiner's attempt fails within a round trip (not at its deadline) and is retried
 * after a jittered backoff, and it joins once the seed has room.
 */
class JoinStormTest {

    private static final int LIMIT = 2;
    /** Long enough that no silent connection is cut while a test runs. */
    private static final Duration TCP_TIMEOUT = Duration.ofSeconds(15);

    private Vertx vertx;
    private Vertx holderVertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final List<NetSocket> holders = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
        holderVertx = TestSupport.newVertx();
    }

    @AfterEach
    void stop() {
        try {
            TestSupport.closeAll(nodes, vertx);
        } finally {
            await(holderVertx.close());
        }
    }

    private SwimNode node(String name, SwimNodeOptions.Builder options) {
        SwimNode n = await(SwimNode.start(local(name).tcpTimeout(TCP_TIMEOUT).build(), options.build()));
        nodes.add(n);
        return n;
    }

    /** Opens {@code count} connections to the seed that never send a byte, each holding a slot or a place in line. */
    private void hold(SwimNode seed, int count) {
        NetClient client = holderVertx.createNetClient();
        for (int i = 0; i < count; i++) {
            holders.add(await(client.connect(seed.localMember().port(), "127.0.0.1")));
        }
    }

    private void releaseHolders() {
        await(Future.join(holders.stream().map(NetSocket::close).toList()).otherwiseEmpty());
        holders.clear();
    }

    @Test
    void joinersBeyondTheLimitWaitTheirTurnAndJoinWithOneAttempt() {
        SwimNode seed = node("seed", loopback(vertx).maxInboundStreams(LIMIT));
        hold(seed, LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.metrics().streamsAccepted() >= LIMIT);

        List<Future<Integer>> joins = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            SwimNode joiner = node("j" + i, loopback(vertx).joinAttempts(1));
            joins.add(joiner.join(List.of(seedOf(seed))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.metrics().streamsWaited() >= LIMIT);
        assertThat(joins).as("waiting for a slot, not failed").noneMatch(Future::isComplete);

        releaseHolders();
        for (Future<Integer> join : joins) {
            assertThat(await(join)).isEqualTo(1);
        }
        SwimMetrics m = seed.metrics();
        assertThat(m.streamsRejected()).isZero();
        assertThat(m.streamsTimedOut()).isZero();
    }

    @Test
    void beyondTheLineAJoinFailsFastAndIsRetriedUntilTheSeedHasRoom() {
        SwimNode seed = node("seed", loopback(vertx).maxInboundStreams(LIMIT));
        hold(seed, LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.metrics().streamsAccepted() >= LIMIT);
        hold(seed, LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.metrics().streamsWaited() >= LIMIT);

        // One attempt: closed at once, so it fails long before its TCP timeout, and says why it may have.
        SwimNode once = node("once", loopback(vertx).joinAttempts(1));
        long started = System.nanoTime();
        Throwable failure = awaitFailure(once.join(List.of(seedOf(seed))), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TCP_TIMEOUT.dividedBy(3));
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("busy");
        assertThat(seed.metrics().streamsRejected()).isGreaterThanOrEqualTo(1);

        // Many attempts: each shed at once until the silent connections go, then it joins.
        SwimNode patient = node("patient", loopback(vertx).joinAttempts(1_000)
                .joinBackoff(Duration.ofMillis(20)).joinMaxBackoff(Duration.ofMillis(40)));
        Future<Integer> join = patient.join(List.of(seedOf(seed)));
        long rejected = seed.metrics().streamsRejected();
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.metrics().streamsRejected() >= rejected + 3);
        assertThat(join.isComplete()).isFalse();
        releaseHolders();
        assertThat(await(join)).isEqualTo(1);
    }

    /** Joiners that failed together come back apart: each wait is the backoff shortened at random by up to a half. */
    @Test
    void retriesAfterSilenceAreJittered() {
        SwimNode seed = node("seed", loopback(vertx));
        int port = seed.localMember().port();
        await(seed.closeAsync());
        SwimNode a = node("a", loopback(vertx).randomSeed(7).joinBackoff(Duration.ofMillis(40))
                .joinMaxBackoff(Duration.ofMillis(40)));
        List<JoinAttempt> attempts = new CopyOnWriteArrayList<>();
        a.joinUntilJoined(List.of("127.0.0.1:" + port), attempts::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 6);
        List<Long> waits = attempts.stream().limit(6)
                .map(x -> ((JoinAttempt.Failed) x).retryIn().toMillis()).toList();
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(20L, 40L));
        assertThat(waits.stream().distinct().count()).as("waits %s", waits).isGreaterThan(1);
    }
}
