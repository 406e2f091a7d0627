package io.gossamer.swim;

import io.gossamer.KeyResponse;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.awaitFailure;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Online key rotation over real UDP and TCP, as {@code serf keys}: install, use, remove, each
 * acknowledged by every member, while the nodes probe each other five times a second; no member is
 * ever suspected. Afterwards only the new key gets in.
 */
class KeyRotationTest {

    static final byte[] OLD = key(16, 0x11);
    static final byte[] NEW = key(32, 0x22);
    static final Duration PROBE = Duration.ofMillis(200);

    static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        for (int i = 0; i < size; i++) {
            k[i] = (byte) (fill + i);
        }
        return k;
    }

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final Queue<MembershipEvent> events = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
    }

    @AfterEach
    void stop() {
        TestSupport.closeAll(nodes, vertx);
    }

    private SwimNode node(String name, Keyring keys) {
        SwimConfig config = local(name).keyring(keys).probeInterval(PROBE).probeTimeout(PROBE.dividedBy(2)).build();
        SwimNode n = await(SwimNode.start(config, loopback(vertx).joinAttempts(1).listener(events::add).build()));
        nodes.add(n);
        return n;
    }

    private List<SwimNode> cluster(int size, Keyring keys) {
        List<SwimNode> cluster = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            SwimNode n = node("n" + i, keys);
            if (i > 0) {
                await(n.join(List.of(seedOf(cluster.get(0)))));
            }
            cluster.add(n);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> cluster.forEach(n ->
                assertThat(n.members()).filteredOn(m -> m.state() == MemberState.ALIVE).hasSize(size)));
        return cluster;
    }

    private List<MembershipEvent> suspicions() {
        return events.stream().filter(e -> e instanceof MemberSuspected).toList();
    }

    /** A few probe rounds pass with the keys as they are now, and nobody is suspected. */
    private void probesGoOnUnsuspected(List<SwimNode> cluster) {
        long before = cluster.get(0).metrics().packetsReceived();
        await().during(PROBE.multipliedBy(5)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(suspicions()).isEmpty());
        assertThat(cluster.get(0).metrics().packetsReceived()).as("probes kept flowing").isGreaterThan(before + 3);
    }

    @Test
    void aRotationIsAcknowledgedByEveryMemberAndSuspectsNobody() {
        List<SwimNode> cluster = cluster(4, Keyring.of(OLD));
        String oldKey = Keyring.fingerprint(OLD);
        String newKey = Keyring.fingerprint(NEW);
        List<String> everyone = List.of("n0", "n1", "n2", "n3");

        KeyResponse installed = await(cluster.get(1).installKey(NEW));
        assertThat(installed.acknowledged()).containsExactlyElementsOf(everyone);
        assertThat(installed.key()).contains(newKey);
        assertThat(installed.keyCounts()).containsOnly(Map.entry(newKey, 4), Map.entry(oldKey, 4));
        assertThat(installed.primaryCounts()).containsExactly(Map.entry(oldKey, 4));
        probesGoOnUnsuspected(cluster);

        KeyResponse used = await(cluster.get(2).useKey(NEW));
        assertThat(used.acknowledged()).containsExactlyElementsOf(everyone);
        assertThat(used.primaryCounts()).containsExactly(Map.entry(newKey, 4));
        probesGoOnUnsuspected(cluster);

        KeyResponse removed = await(cluster.get(3).removeKey(OLD));
        assertThat(removed.acknowledged()).containsExactlyElementsOf(everyone);
        assertThat(removed.keyCounts()).containsExactly(Map.entry(newKey, 4));
        probesGoOnUnsuspected(cluster);

        KeyResponse listed = await(cluster.get(0).listKeys());
        assertThat(listed.answers().values()).allSatisfy(a -> assertThat(a.keys()).containsExactly(newKey));
        cluster.forEach(n -> assertThat(n.keyring()).get().satisfies(r -> assertThat(r.fingerprints())
                .containsExactly(newKey)));
        assertThat(suspicions()).isEmpty();
        cluster.forEach(n -> assertThat(n.metrics().drops()).doesNotContainKeys("DECRYPT_FAILED", "UNENCRYPTED"));

        // Only the new key gets in now: a node with the old one is turned away, one with the new joins.
        SwimNode stale = node("stale", Keyring.of(OLD));
        Throwable refused = awaitFailure(stale.join(List.of(seedOf(cluster.get(0)))), Duration.ofSeconds(20));
        assertThat(refused).isInstanceOf(IOException.class).hasMessageContaining("none of our keys");
        assertThat(cluster.get(0).metrics().drops()).containsKey("DECRYPT_FAILED");
        SwimNode fresh = node("fresh", Keyring.of(NEW));
        assertThat(await(fresh.join(List.of(seedOf(cluster.get(0)))))).isEqualTo(1);
        assertThat(stateOf(cluster.get(0), "stale")).isEmpty();
    }

    @Test
    void membersThatCannotApplyAStepAreNamedWithTheirReason() {
        List<SwimNode> cluster = cluster(3, Keyring.of(OLD));
        SwimNode ahead = node("ahead", Keyring.of(OLD, NEW));
        await(ahead.join(List.of(seedOf(cluster.get(0)))));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stateOf(cluster.get(0), "ahead")).contains(MemberState.ALIVE));

        // The others never installed the new key: they refuse to use it and say why.
        KeyResponse used = await(ahead.useKey(NEW));
        assertThat(used.acknowledged()).containsExactly("ahead");
        assertThat(used.failed()).containsExactly("n0", "n1", "n2");
        assertThat(used.answers().get("n1").error()).contains("not installed").contains(Keyring.fingerprint(NEW));
        assertThat(used.answers().get("n1").primary()).contains(Keyring.fingerprint(OLD));
        String secret = Base64.getEncoder().encodeToString(NEW);
        assertThat(used.toString()).doesNotContain(secret);
        // The one member that switched now seals with a key nobody else holds: it is suspected.
        // (What the rotation test above asserts never happens, when every step was acknowledged.)
        await().atMost(Duration.ofSeconds(10)).until(() -> suspicions().stream()
                .anyMatch(e -> e.member().name().equals("ahead")));

        // A member that stopped answering is reported as such, within the TCP timeout.
        SwimNode down = cluster.get(2);
        await(down.closeAsync());
        KeyResponse listed = await(cluster.get(0).listKeys());
        assertThat(listed.failed()).contains("n2");
        assertThat(listed.answers().get("n2").error()).contains("no answer");
    }

    @Test
    void withoutKeysThereIsNothingToRotateAndABadKeyIsRefusedBeforeAnyoneIsAsked() {
        SwimNode plain = await(SwimNode.start(local("plain").build(), loopback(vertx).build()));
        nodes.add(plain);
        assertThat(awaitFailure(plain.installKey(NEW), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("encryption is not enabled");
        SwimNode keyed = node("keyed", Keyring.of(OLD));
        Throwable wrongSize = awaitFailure(keyed.installKey(new byte[20]), Duration.ofSeconds(5));
        assertThat(wrongSize).isInstanceOf(IllegalArgumentException.class);
        assertThat(awaitFailure(keyed.removeKey(OLD), Duration.ofSeconds(5))).hasMessageContaining("primary");
        assertThat(keyed.keyring()).get().satisfies(r -> assertThat(r.size()).isEqualTo(1));
    }
}
