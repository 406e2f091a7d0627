package io.gossamer.cdi;

import io.gossamer.InPool;
import io.gossamer.KeyResponse;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.security.Keyring;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code Membership.keys()}: the pool's keys rotated through the CDI bean. */
class KeysTest {

    static final byte[] OLD = key(32, 5);
    static final byte[] NEW = key(32, 6);

    static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRotationThroughTheBeanIsAcknowledgedByEveryMember() throws Exception {
        String cluster = "keys-" + Long.toHexString(System.nanoTime());
        Map<String, String> p = fastNode(cluster, "a");
        p.put("gossamer.encrypt.keys", b64(OLD));
        TestNodes.Node a = TestNodes.start(p);
        toClose.add(a);
        Membership m = a.get(Membership.class);
        TestNodes.Recorded seenByPeer = new TestNodes.Recorded();
        SwimNode peer = TestNodes.startPeer(fastPeer(cluster, "p").keyring(Keyring.of(OLD)).build(), seenByPeer);
        toClose.add(peer);
        TestNodes.await(peer.join(List.of(seedOf(m.localMember()))));
        await().atMost(Duration.ofSeconds(10)).until(() -> m.member("p").map(x -> x.state() == MemberState.ALIVE)
                .orElse(false));

        KeyResponse installed = get(m.keys().install(b64(NEW)));
        assertThat(installed.pool()).isEqualTo(Pool.LAN);
        assertThat(installed.acknowledged()).containsExactly("a", "p");
        assertThat(get(m.keys().use(b64(NEW))).allAcknowledged()).isTrue();
        assertThat(get(m.keys().remove(b64(OLD))).allAcknowledged()).isTrue();
        KeyResponse listed = get(m.keys().list());
        assertThat(listed.keyCounts()).containsOnly(Map.entry(Keyring.fingerprint(NEW), 2));
        assertThat(peer.keyring()).contains(Keyring.of(NEW));
        assertThat(seenByPeer.events).noneMatch(e -> e instanceof MemberSuspected);

        // A bad key fails the stage, naming no key; nobody is asked.
        Throwable bad = failure(m.keys().install("AAAA"));
        assertThat(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes")
                .hasMessageNotContaining("AAAA");
        assertThat(failure(m.keys().remove(b64(NEW)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary");
    }

    /** A bad key fails the deployment naming its position; no message in the failure holds the key. */
    @Test
    void aBadKeyFailsTheDeploymentWithoutShowingIt() {
        String shortKey = b64(key(20, 9));
        Map<String, String> p = fastNode("keys-bad", "bad");
        p.put("gossamer.encrypt.keys", b64(OLD) + "," + shortKey);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> TestNodes.start(p).close());
        assertThat(failure).isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 20; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
            for (Throwable suppressed : t.getSuppressed()) {
                messages.add(String.valueOf(suppressed.getMessage()));
            }
        }
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("gossamer.encrypt.keys: key #2 is 20 bytes"));
        assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(shortKey).doesNotContain(b64(OLD)));
    }

    @Test
    void withoutKeysOrWithoutAWanPoolTheOperationsFail() {
        String cluster = "keys-" + Long.toHexString(System.nanoTime());
        TestNodes.Node a = TestNodes.start(fastNode(cluster, "plain"));
        toClose.add(a);
        Membership lan = a.get(Membership.class);
        assertThat(failure(lan.keys().list())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encryption is not enabled");
        Membership wan = a.container.select(Membership.class, InPool.Literal.of(Pool.WAN)).get();
        assertThat(failure(wan.keys().list())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a server");
        assertThatThrownBy(() -> GossamerEngines.decodeKey("!!")).hasMessage("the key is not valid base64");
    }
}
