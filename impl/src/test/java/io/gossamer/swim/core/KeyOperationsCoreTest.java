package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.KeyResponse.Operation;
import io.gossamer.MemberState;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.SwimCoreTest.Recorder;
import io.gossamer.swim.core.SwimCoreTest.Stream;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.KeyReply;
import io.gossamer.swim.wire.Message.KeyRequest;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key operations in the sans-IO core: who is asked, what is recorded, when the local keyring changes. */
class KeyOperationsCoreTest {

    static final byte[] A = key(1);
    static final byte[] B = key(2);
    static final byte[] X = key(3);

    static byte[] key(int fill) {
        byte[] k = new byte[16];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    final Recorder out = new Recorder();
    long now = 1_000;

    SwimCore core(Keyring ring, int peers) {
        SwimConfig.Builder config = SwimConfig.builder(Profile.LAN).name("a").advertise(SwimCoreTest.SELF);
        if (ring != null) {
            config.keyring(ring);
        }
        SwimCore core = new SwimCore(config.build(), new SplittableRandom(42), out);
        core.start(now, 0);
        for (int i = 0; i < peers; i++) {
            NodeAddress at = new NodeAddress("10.0.1." + (i + 1), 7946);
            // Each peer joins as peers do, over a stream: a datagram from a host without members may
            // introduce only a few (NewMembers).
            core.handleStream(now, at, new PushPull(true, List.of(new MemberRecord("p" + i, at, "dc1", "server",
                    Map.of(), 0, 1, MemberState.ALIVE))));
        }
        return core;
    }

    List<Stream> keyStreams() {
        return out.streams.stream().filter(s -> s.request() instanceof KeyRequest).toList();
    }

    @Test
    void withoutKeysThereIsNothingToRotate() {
        SwimCore core = core(null, 2);
        assertThatThrownBy(() -> core.keyOperation(now, Operation.INSTALL, X))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("encryption is not enabled");
        assertThat(keyStreams()).isEmpty();
    }

    @Test
    void everyLiveMemberIsAskedEveryAnswerIsRecordedAndTheLocalKeyringChangesLast() {
        SwimCore core = core(Keyring.of(A), 3);
        NodeAddress gone = new NodeAddress("10.0.9.9", 7946);
        core.handlePacket(now, gone, List.of(new Alive("gone", 0, 1, gone, "dc1", "server", Map.of()),
                new Dead("gone", 0, 1, "gone")));

        core.keyOperation(now, Operation.INSTALL, X);
        List<Stream> asked = keyStreams();
        assertThat(asked).extracting(Stream::to).doesNotContain(gone, SwimCoreTest.SELF).hasSize(3);
        assertThat(asked).allSatisfy(s -> assertThat(s.request()).isEqualTo(new KeyRequest(Operation.INSTALL, X)));
        assertThat(out.keyrings).as("nothing changes here before every member answered").isEmpty();

        String fa = Keyring.fingerprint(A);
        String fx = Keyring.fingerprint(X);
        core.handleStreamResult(now, asked.get(0).id(), Optional.of(new KeyReply(true, "", List.of(fa, fx))));
        core.handleStreamResult(now, asked.get(1).id(), Optional.empty());
        core.handleStreamResult(now, asked.get(2).id(),
                Optional.of(new Message.Refuse(RefusalReason.FOREIGN_DATACENTER, "p2 (dc2)")));

        assertThat(out.keyrings).singleElement().satisfies(r -> assertThat(r.fingerprints()).containsExactly(fa, fx));
        assertThat(core.keyring()).get().satisfies(r -> assertThat(r.contains(X)).isTrue());
        KeyResponse response = out.keyResponses.get(0);
        assertThat(response.operation()).isEqualTo(Operation.INSTALL);
        assertThat(response.key()).contains(fx);
        assertThat(response.acknowledged()).containsExactly("a", "p0");
        assertThat(response.failed()).containsExactly("p1", "p2");
        assertThat(response.answers().get("p1").error()).contains("no answer");
        assertThat(response.answers().get("p2").error()).contains("FOREIGN_DATACENTER");
        assertThat(response.answers().get("a").keys()).containsExactly(fa, fx);
        assertThat(response.allAcknowledged()).isFalse();
    }

    @Test
    void whatTheLocalKeyringRefusesIsRefusedBeforeAnyoneIsAsked() {
        SwimCore core = core(Keyring.of(A, B), 2);
        assertThatThrownBy(() -> core.keyOperation(now, Operation.USE, X))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not installed")
                .hasMessageContaining(Keyring.fingerprint(X));
        assertThatThrownBy(() -> core.keyOperation(now, Operation.REMOVE, A))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary");
        assertThatThrownBy(() -> core.keyOperation(now, Operation.INSTALL, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keyStreams()).isEmpty();
    }

    @Test
    void aLargePoolIsAskedSixteenAtATime() {
        SwimCore core = core(Keyring.of(A), 40);
        core.keyOperation(now, Operation.LIST, new byte[0]);
        assertThat(keyStreams()).hasSize(16);
        for (int answered = 0; answered < 40; answered++) {
            Stream s = keyStreams().get(answered);
            core.handleStreamResult(now, s.id(), Optional.of(new KeyReply(true, "", List.of(Keyring.fingerprint(A)))));
            assertThat(keyStreams()).hasSize(Math.min(40, 16 + answered + 1));
        }
        KeyResponse response = out.keyResponses.get(0);
        assertThat(response.answers()).hasSize(41);
        assertThat(response.allAcknowledged()).isTrue();
        assertThat(response.keyCounts()).containsExactly(Map.entry(Keyring.fingerprint(A), 41));
        assertThat(out.keyrings).as("a list changes nothing").isEmpty();
    }

    @Test
    void aPeersRequestIsAppliedAtOnceOrRefusedWithAReason() {
        SwimCore core = core(Keyring.of(A, X), 1);
        NodeAddress peer = new NodeAddress("10.0.1.1", 7946);

        Optional<Message> used = core.handleStream(now, peer, new KeyRequest(Operation.USE, X));
        assertThat(used).contains(new KeyReply(true, "", List.of(Keyring.fingerprint(X), Keyring.fingerprint(A))));
        assertThat(out.keyrings).singleElement().satisfies(r -> assertThat(r.primary()).isEqualTo(X));

        Optional<Message> refused = core.handleStream(now, peer, new KeyRequest(Operation.REMOVE, X));
        assertThat(refused).get().isInstanceOfSatisfying(KeyReply.class, r -> {
            assertThat(r.acknowledged()).isFalse();
            assertThat(r.error()).contains("primary").contains(Keyring.fingerprint(X));
        });
        Optional<Message> absent = core.handleStream(now, peer, new KeyRequest(Operation.REMOVE, B));
        assertThat(absent).get().isInstanceOfSatisfying(KeyReply.class, r -> assertThat(r.acknowledged()).isTrue());
        assertThat(out.keyrings).as("refused and idempotent requests change nothing").hasSize(1);
    }

    @Test
    void aLoneNodeAppliesAtOnce() {
        SwimCore core = core(Keyring.of(A), 0);
        core.keyOperation(now, Operation.INSTALL, B);
        assertThat(out.keyResponses).singleElement().satisfies(r -> assertThat(r.acknowledged()).containsExactly("a"));
        assertThat(core.keyring()).get().satisfies(r -> assertThat(r.size()).isEqualTo(2));
    }
}
