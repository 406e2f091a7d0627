package io.gossamer.swim;

import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Settings;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.gossamer.swim.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack of issue 15 against a node in a JVM of the recommended heap ({@code -Xmx64m} and the
 * README's other options, {@link SmallHeapTarget}): four connections each send a valid stream
 * header and then 15 MiB of random bytes, first announcing the largest frame (16 MiB), then the
 * largest the node accepts. The node must not run out of memory, must keep its live heap well
 * inside the limit, must log no stack trace and no internal error, must count the streams it
 * drops, and its peer must never suspect it. A second test fills a node's view to its bound
 * with forged members. Each test starts a JVM (the first moves 120 MiB over loopback; about 10 s
 * each): run with {@code mvn -o -Psmallheap -pl impl -am test}.
 */
@Tag("smallheap")
class SmallHeapAttackTest {

    private static final int CONNECTIONS = 4;
    private static final int SENT = 15 * 1024 * 1024;
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void fourStreamsOfRandomBytesLeaveASixtyFourMebibyteNodeStanding() throws Exception {
        Vertx vertx = TestSupport.newVertx();
        SwimNode peer = null;
        try (Target target = new Target()) {
            Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
            peer = joinedPeer(vertx, target, peerEvents);
            String label = peer.config().label();

            long largestAccepted = SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES / 2;
            long[] sent = attack(target.port, label, 16 * 1024 * 1024);
            long[] sentAccepted = attack(target.port, label, largestAccepted);

            // The attack is over; the peer goes on probing the target and must not suspect it.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !suspected(peerEvents));
            String report = target.ask("report", "REPORT ");
            Map<String, Long> r = fields(report);
            System.out.printf("small heap attack: sent %s and %s bytes; %s%n", Arrays.toString(sent),
                    Arrays.toString(sentAccepted), report);
            String log = target.exit();
            assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("SEVERE");
            assertThat(log.lines().filter(l -> l.startsWith("\tat ")).count()).as("stack trace lines").isZero();
            assertThat(r.get("internalErrors")).isZero();
            assertThat(r.get("tooLarge")).as("streams dropped for the budget").isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(r.get("livePeak")).as("heap in use after a collection")
                    .isLessThan(SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES + 16 * 1024 * 1024);
            assertThat(suspected(peerEvents)).isFalse();
        } finally {
            if (peer != null) {
                await(peer.closeAsync());
            }
            await(vertx.close());
        }
    }

    /**
     * 50,000 forged alives from a member's host (which no rate limit can tell from the member) fill
     * the view to its bound, {@code max-members} (10,000 by default), and no further: the node's
     * heap holds them with room to spare, and its peer, one member among 10,000 for it, does not
     * suspect it.
     */
    @Test
    void aViewFilledToItsBoundFitsTheHeap() throws Exception {
        Vertx vertx = TestSupport.newVertx();
        SwimNode peer = null;
        try (Target target = new Target()) {
            Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
            peer = joinedPeer(vertx, target, peerEvents);
            long before = Long.parseLong(target.ask("live", "LIVE ").substring(5));

            int maxMembers = Settings.MAX_MEMBERS.defaults().get(Profile.LAN);
            PacketCodec codec = new PacketCodec(peer.config().label(), 65_507);
            DatagramSocket forger = vertx.createDatagramSocket();
            await(forger.listen(0, "127.0.0.1"));
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 5 * maxMembers; i++) {
                batch.add(new Message.Alive(String.format("forged-%05d", i), 1, 1,
                        new NodeAddress("127.0.1." + (i % 250 + 1), 9 + i / 250), "dc1", "server", Map.of()));
                if (batch.size() == 20) {
                    await(forger.send(Buffer.buffer(codec.encode(batch)), target.port, "127.0.0.1"));
                    batch.clear();
                }
            }
            await(forger.close());
            await().atMost(STEP).pollInterval(Duration.ofSeconds(1)).until(() ->
                    fields(target.ask("report", "REPORT ")).get("members") == maxMembers);
            long after = Long.parseLong(target.ask("live", "LIVE ").substring(5));
            String report = target.ask("report", "REPORT ");
            Map<String, Long> r = fields(report);
            System.out.printf("forged members to the bound: live heap %d -> %d bytes, %d per member; %s%n", before,
                    after, (after - before) / (maxMembers - 2), report);
            String log = target.exit();
            assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("SEVERE");
            assertThat(log).contains(Settings.MAX_MEMBERS.key());
            assertThat(r.get("members")).isEqualTo(maxMembers);
            assertThat(r.get("membersRefused")).isPositive();
            assertThat(r.get("internalErrors")).isZero();
            assertThat(after).as("heap in use with a full view").isLessThan(r.get("maxHeap") / 2);
            assertThat(suspected(peerEvents)).isFalse();
        } finally {
            if (peer != null) {
                await(peer.closeAsync());
            }
            await(vertx.close());
        }
    }

    /** A peer in this JVM, joined to the target over TCP from 127.0.0.1, its events in {@code events}. */
    private static SwimNode joinedPeer(Vertx vertx, Target target, Queue<MembershipEvent> events) {
        SwimNode peer = await(SwimNode.start(SwimConfig.builder(Profile.LAN).name("peer").cluster("test").build(),
                TestSupport.loopback(vertx).listener(events::add).build()));
        assertThat(await(peer.join(List.of("127.0.0.1:" + target.port)))).isEqualTo(1);
        return peer;
    }

    private static boolean suspected(Queue<MembershipEvent> events) {
        return events.stream().anyMatch(e -> e instanceof MemberSuspected s && s.member().name().equals("target"));
    }

    /** {@link SmallHeapTarget} in its own JVM with the README's options, talked to over its standard streams. */
    private static final class Target implements AutoCloseable {
        private final Process child;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        private final Thread out;
        private final Thread err;
        private final Writer control;
        final int port;

        Target() throws IOException, InterruptedException {
            String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(javaCommand, "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m",
                    "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1", "-Xss256k",
                    "-cp", System.getProperty("java.class.path"), SmallHeapTarget.class.getName()));
            child = new ProcessBuilder(command).start();
            out = drain(child.getInputStream(), lines);
            err = copy(child.getErrorStream(), errors);
            control = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            String portLine = lines.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(portLine).as("the target's port; stderr: %s", errors).startsWith("PORT ");
            port = Integer.parseInt(portLine.substring(5));
        }

        /** Sends {@code command} and returns the answer, which starts with {@code prefix}. */
        String ask(String command, String prefix) throws IOException, InterruptedException {
            control.write(command + "\n");
            control.flush();
            String answer = lines.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer).as("stderr: %s", errors).startsWith(prefix);
            return answer;
        }

        /** Stops the target and returns what it wrote to its standard error. */
        String exit() throws IOException, InterruptedException {
            control.write("exit\n");
            control.flush();
            assertThat(child.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
            err.join(STEP.toMillis());
            return errors.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                control.close();
            } catch (IOException e) {
                // The target has exited already.
            }
            child.destroyForcibly();
            out.join(STEP.toMillis());
        }
    }

    /**
     * Four connections at once, each a frame header announcing {@code announced} bytes then as
     * much as the node reads of 15 MiB of random bytes; returns what each managed to send.
     */
    private static long[] attack(int port, String label, long announced) throws InterruptedException {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        long[] sent = new long[CONNECTIONS];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int c = i;
            Thread t = new Thread(() -> {
                Random random = new Random(c);
                byte[] chunk = new byte[64 * 1024];
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout((int) STEP.toMillis());
                    OutputStream o = s.getOutputStream();
                    o.write(new byte[] {'G', 'S', 2, (byte) labelBytes.length});
                    o.write(labelBytes);
                    o.write(new byte[] {(byte) (announced >>> 24), (byte) (announced >>> 16), (byte) (announced >>> 8),
                            (byte) announced});
                    while (sent[c] < SENT) {
                        random.nextBytes(chunk);
                        int n = (int) Math.min(chunk.length, SENT - sent[c]);
                        o.write(chunk, 0, n);
                        sent[c] += n;
                    }
                    o.flush();
                    s.shutdownOutput();
                    s.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // The node closed the stream: what the attack should come to.
                }
            }, "attacker-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(STEP.toMillis());
            assertThat(t.isAlive()).as("%s still sending after %s", t.getName(), STEP).isFalse();
        }
        return sent;
    }

    private static Map<String, Long> fields(String report) {
        Map<String, Long> m = new HashMap<>();
        for (String field : report.substring("REPORT ".length()).split(" ")) {
            String[] kv = field.split("=", 2);
            m.put(kv[0], Long.parseLong(kv[1]));
        }
        return m;
    }

    private static Thread drain(InputStream in, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "target-stdout");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread copy(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "target-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
