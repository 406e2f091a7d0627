package io.gossamer.swim;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.Envelope;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.gossamer.swim.wire.StreamCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static io.gossamer.swim.TestSupport.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without the key, forged alive, suspect, dead, leave and forget messages about any member have no
 * effect, over real UDP and TCP: sent in plaintext with the right label, or sealed with a key the
 * cluster does not hold, each is dropped and counted, and no view, incarnation or event changes.
 * The control: the very same forgeries, against a cluster without encryption, do take effect.
 */
class ForgedMessagesTest {

    static final byte[] KEY = KeyRotationTest.key(32, 0x31);
    static final byte[] STRANGER = KeyRotationTest.key(32, 0x71);
    /** A start time in epoch milliseconds, as nodes choose generations. */
    static final long INTRUDER_GENERATION = 1_800_000_000_000L;

    private Vertx vertx;
    private final List<SwimNode> nodes = new ArrayList<>();
    private final Queue<MembershipEvent> events = new ConcurrentLinkedQueue<>();
    private DatagramSocket attacker;

    @BeforeEach
    void start() {
        vertx = TestSupport.newVertx();
        attacker = vertx.createDatagramSocket();
        await(attacker.listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        try {
            await(attacker.close());
        } finally {
            TestSupport.closeAll(nodes, vertx);
        }
    }

    private List<SwimNode> cluster(boolean encrypted) {
        List<SwimNode> cluster = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SwimConfig.Builder config = local("n" + i);
            if (encrypted) {
                config.keyring(Keyring.of(KEY));
            }
            SwimNode n = await(SwimNode.start(config.build(), loopback(vertx).listener(events::add).build()));
            nodes.add(n);
            if (i > 0) {
                await(n.join(List.of(seedOf(cluster.get(0)))));
            }
            cluster.add(n);
        }
        await().atMost(TestSupport.CONVERGED).untilAsserted(() -> cluster.forEach(n ->
                assertThat(n.members()).filteredOn(m -> m.state() == MemberState.ALIVE).hasSize(3)));
        return cluster;
    }

    /**
     * Every forgery about instance {@code generation} of {@code m}, as an attacker at {@code from}
     * would write it. It names the instance held: news about another instance would be ignored
     * with or without a key, and prove nothing.
     */
    private static List<Message> forgeriesAbout(Member m, long generation, NodeAddress from) {
        long inc = m.incarnation() + 100;
        return List.of(
                new Message.Alive(m.name(), generation, inc, from, "dc1", "server", Map.of("owned", "yes")),
                new Message.Suspect(m.name(), generation, inc, "n1"),
                new Message.Dead(m.name(), generation, inc, "n0"),
                new Message.Dead(m.name(), generation, inc, m.name()),
                new Message.Forget(m.name(), generation, inc));
    }

    private List<Message> allForgeries(List<SwimNode> cluster, Map<String, Long> generations) {
        NodeAddress from = new NodeAddress("127.0.0.1", attacker.localAddress().port());
        List<Message> all = new ArrayList<>();
        cluster.get(0).members().forEach(m -> all.addAll(forgeriesAbout(m, generations.get(m.name()), from)));
        all.add(new Message.Alive("intruder", INTRUDER_GENERATION, 1, from, "dc1", "server", Map.of()));
        return all;
    }

    /**
     * The generation of every member as {@code target} holds it, read as any peer reads it: a
     * push-pull of no members is answered with the whole state. Without the key that takes an
     * eavesdropper; here the test, which holds the key, plays the best informed attacker.
     */
    private Map<String, Long> generationsHeldBy(SwimNode target, Envelope envelope) {
        StreamCodec streams = new StreamCodec(target.config().label(), 1 << 20);
        StreamCodec.FrameDecoder decoder = streams.newDecoder(label -> false, envelope);
        AtomicReference<StreamCodec.Result> reply = new AtomicReference<>(new StreamCodec.Result.NeedMore());
        NetSocket socket = await(vertx.createNetClient().connect(target.localMember().port(), "127.0.0.1"));
        socket.handler(b -> reply.set(decoder.feed(b.getBytes())));
        await(socket.write(Buffer.buffer(streams.encode(new Message.PushPull(false, List.of()), envelope))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !(reply.get() instanceof StreamCodec.Result.NeedMore));
        socket.close();
        assertThat(reply.get()).isInstanceOf(StreamCodec.Result.Frame.class);
        Message.PushPull state = (Message.PushPull) ((StreamCodec.Result.Frame) reply.get()).message();
        Map<String, Long> generations = new java.util.HashMap<>();
        state.members().forEach(r -> generations.put(r.name(), r.generation()));
        return generations;
    }

    private void sendTo(SwimNode target, byte[] datagram) {
        await(attacker.send(Buffer.buffer(datagram), target.localMember().port(), "127.0.0.1"));
    }

    /** Writes one frame on a fresh connection and waits until the node hangs up on it. */
    private void streamTo(SwimNode target, byte[] frame) {
        NetSocket socket = await(vertx.createNetClient().connect(target.localMember().port(), "127.0.0.1"));
        AtomicBoolean closed = new AtomicBoolean();
        socket.closeHandler(v -> closed.set(true));
        socket.handler(b -> { });
        await(socket.write(Buffer.buffer(frame)));
        await().atMost(Duration.ofSeconds(10)).untilTrue(closed);
    }

    private static long drops(SwimNode n, String reason) {
        return n.metrics().drops().getOrDefault(reason, 0L);
    }

    @Test
    void withoutTheKeyForgedAliveSuspectDeadLeaveAndForgetHaveNoEffect() {
        List<SwimNode> cluster = cluster(true);
        events.clear();
        Map<String, List<Member>> before = new java.util.HashMap<>();
        cluster.forEach(n -> before.put(n.localMember().name(), n.members()));
        Envelope stranger = Envelope.sealed(new Aead(Keyring.of(STRANGER), new SecureRandom()), true, true);
        Map<String, Long> generations = generationsHeldBy(cluster.get(0),
                Envelope.sealed(new Aead(Keyring.of(KEY), new SecureRandom()), true, true));
        List<Message> forgeries = allForgeries(cluster, generations);
        List<Message.MemberRecord> forgedState = new ArrayList<>();
        cluster.get(0).members().forEach(m -> forgedState.add(new Message.MemberRecord(m.name(),
                new NodeAddress("127.0.0.1", attacker.localAddress().port()), "dc1", "server", Map.of(),
                generations.get(m.name()), m.incarnation() + 100, MemberState.DEAD)));
        Message.PushPull forgedPushPull = new Message.PushPull(true, forgedState);

        for (SwimNode target : cluster) {
            PacketCodec codec = new PacketCodec(target.config().label(), 1400);
            StreamCodec streams = new StreamCodec(target.config().label(), 1 << 20);
            long plainBefore = drops(target, "UNENCRYPTED");
            long sealedBefore = drops(target, "DECRYPT_FAILED");
            for (Message forged : forgeries) {
                sendTo(target, codec.encode(List.of(forged)));
                sendTo(target, codec.encode(List.of(forged), stranger));
            }
            streamTo(target, streams.encode(forgedPushPull));
            streamTo(target, streams.encode(forgedPushPull, stranger));
            int n = forgeries.size();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(drops(target, "UNENCRYPTED")).isEqualTo(plainBefore + n + 1);
                assertThat(drops(target, "DECRYPT_FAILED")).isEqualTo(sealedBefore + n + 1);
            });
        }

        // Every forgery was read and dropped; nothing changed, and nothing changes later either.
        await().during(cluster.get(0).config().probeInterval().multipliedBy(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(events).isEmpty());
        cluster.forEach(n -> assertThat(n.members()).containsExactlyInAnyOrderElementsOf(
                before.get(n.localMember().name())));
        cluster.forEach(n -> assertThat(stateOf(n, "intruder")).isEmpty());
        cluster.forEach(n -> assertThat(n.metrics().internalErrors()).isZero());
    }

    @Test
    void controlTheSameForgeriesTakeEffectWithoutEncryption() {
        List<SwimNode> cluster = cluster(false);
        events.clear();
        SwimNode target = cluster.get(0);
        PacketCodec codec = new PacketCodec(target.config().label(), 1400);
        Member victim = target.members().stream().filter(m -> m.name().equals("n1")).findFirst().orElseThrow();
        NodeAddress from = new NodeAddress("127.0.0.1", attacker.localAddress().port());
        // The suspicion of forgeriesAbout(), then the intruder: both are taken at face value.
        long generation = generationsHeldBy(target, Envelope.plaintext()).get("n1");
        sendTo(target, codec.encode(List.of(forgeriesAbout(victim, generation, from).get(1))));
        sendTo(target, codec.encode(List.of(new Message.Alive("intruder", INTRUDER_GENERATION, 1, from, "dc1",
                "server", Map.of()))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(events).anySatisfy(e -> {
                assertThat(e).isInstanceOf(MemberSuspected.class);
                assertThat(e.member().name()).isEqualTo("n1");
            });
            assertThat(stateOf(target, "intruder")).isPresent();
        });
        // n1 hears of it and refutes with a higher incarnation than the forger chose.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.get(1).localMember().incarnation()).isGreaterThan(victim.incarnation() + 100));
    }
}
