package io.gossamer.swim;

import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.security.Keyring;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.awaitFailure;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Turning encryption on in a running cluster without downtime, as Consul does it: a rolling
 * restart per step, each node leaving gracefully and coming back with the next setting.
 * <ol>
 * <li>keys, verify-incoming and verify-outgoing off: still plaintext out, sealed accepted;</li>
 * <li>verify-outgoing on: sealed out, plaintext still accepted from the nodes not there yet;</li>
 * <li>verify-incoming on: sealed only.</li>
 * </ol>
 * At no point does any node refuse a peer's message or suspect anyone. Skipping a step does split
 * the cluster, which is what the steps are for.
 */
class EncryptionEnablementTest {

    static final Keyring KEYS = Keyring.of(KeyRotationTest.key(32, 0x51));

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final Queue<MembershipEvent> events = new ConcurrentLinkedQueue<>();
    /** Drops of every node closed along the way, by reason. */
    private final Map<String, Long> dropsOfClosedNodes = new HashMap<>();

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
    }

    @AfterEach
    void stop() {
        TestSupport.closeAll(nodes, vertx);
    }

    /** A node whose joins get one attempt: a refused or unanswered join fails at once. */
    private SwimNode start(String name, UnaryOperator<SwimConfig.Builder> step) {
        return start(name, step, 1);
    }

    private SwimNode start(String name, UnaryOperator<SwimConfig.Builder> step, int joinAttempts) {
        SwimNode n = await(SwimNode.start(step.apply(local(name)).build(),
                loopback(vertx).joinAttempts(joinAttempts).listener(events::add).build()));
        nodes.add(n);
        return n;
    }

    static SwimConfig.Builder plaintext(SwimConfig.Builder b) {
        return b;
    }

    static SwimConfig.Builder keysOnly(SwimConfig.Builder b) {
        return b.keyring(KEYS).verifyIncoming(false).verifyOutgoing(false);
    }

    static SwimConfig.Builder sealOutgoing(SwimConfig.Builder b) {
        return b.keyring(KEYS).verifyIncoming(false).verifyOutgoing(true);
    }

    static SwimConfig.Builder sealedOnly(SwimConfig.Builder b) {
        return b.keyring(KEYS);
    }

    private void awaitConverged(int size) {
        await().atMost(TestSupport.CONVERGED).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.members()).filteredOn(m -> m.state() == MemberState.ALIVE).hasSize(size)));
    }

    /** One node of a rolling restart: leaves gracefully, comes back with the next setting, rejoins. */
    private void restart(int index, UnaryOperator<SwimConfig.Builder> step) {
        SwimNode old = nodes.get(index);
        String name = old.localMember().name();
        await(old.leave(Duration.ofSeconds(5)));
        old.metrics().drops().forEach((reason, count) -> dropsOfClosedNodes.merge(reason, count, Long::sum));
        await(old.closeAsync());
        nodes.remove(index);
        List<String> seeds = nodes.stream().map(TestSupport::seedOf).toList();
        SwimNode fresh = start(name, step);
        nodes.remove(fresh);
        nodes.add(index, fresh);
        assertThat(await(fresh.join(seeds))).isPositive();
        awaitConverged(3);
    }

    @Test
    void aRollingRestartPerStepTurnsEncryptionOnWithoutASingleRefusalOrSuspicion() {
        // Forming the plaintext cluster is not under test, and the first stream of a fresh JVM pays
        // one-time costs (Netty registers its flight-recorder events on its first buffer chunk: up
        // to 1.3 s on a busy 2-core machine) that can exceed the LOCAL profile's 1 s stream
        // deadline: these joins may retry. Every join of the rolling restart gets one attempt.
        for (String name : List.of("a", "b", "c")) {
            SwimNode n = start(name, EncryptionEnablementTest::plaintext, 3);
            if (nodes.size() > 1) {
                await(n.join(List.of(seedOf(nodes.get(0)))));
            }
        }
        awaitConverged(3);

        for (UnaryOperator<SwimConfig.Builder> step : List.<UnaryOperator<SwimConfig.Builder>>of(
                EncryptionEnablementTest::keysOnly, EncryptionEnablementTest::sealOutgoing,
                EncryptionEnablementTest::sealedOnly)) {
            for (int i = 0; i < 3; i++) {
                restart(i, step);
            }
        }

        nodes.forEach(n -> {
            assertThat(n.config().verifyIncoming()).isTrue();
            assertThat(n.keyring()).isPresent();
        });
        // Probing goes on, sealed, between nodes that accept nothing else.
        long received = nodes.get(0).metrics().packetsReceived();
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).metrics().packetsReceived() > received + 3);

        List<Map<String, Long>> drops = new ArrayList<>(nodes.stream().map(n -> n.metrics().drops()).toList());
        drops.add(dropsOfClosedNodes);
        assertThat(drops).allSatisfy(d -> assertThat(d).doesNotContainKeys("UNENCRYPTED", "DECRYPT_FAILED"));
        assertThat(events).noneMatch(e -> e instanceof MemberSuspected);
    }

    @Test
    void skippingTheSealOutgoingStepSplitsTheCluster() {
        SwimNode stillPlain = start("a", EncryptionEnablementTest::keysOnly);
        SwimNode strict = start("b", EncryptionEnablementTest::sealedOnly);
        // b's request is sealed, which a accepts; a answers in plaintext, which b refuses.
        Throwable failure = awaitFailure(strict.join(List.of(seedOf(stillPlain))), Duration.ofSeconds(20));
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("UNENCRYPTED");
        assertThat(strict.metrics().drops()).containsKey("UNENCRYPTED");
    }
}
