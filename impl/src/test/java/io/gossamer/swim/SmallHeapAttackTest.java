package io.gossamer.swim;

import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.vertx.core.Vertx;
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
 * drops, and its peer must never suspect it. Starts a JVM and moves 120 MiB over loopback (about
 * 10 s): run with {@code mvn -o -Psmallheap -pl impl -am test}.
 */
@Tag("smallheap")
class SmallHeapAttackTest {

    private static final int CONNECTIONS = 4;
    private static final int SENT = 15 * 1024 * 1024;
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void fourStreamsOfRandomBytesLeaveASixtyFourMebibyteNodeStanding() throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaCommand, "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1", "-Xss256k",
                "-cp", System.getProperty("java.class.path"), SmallHeapTarget.class.getName()));
        Process child = new ProcessBuilder(command).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread out = drain(child.getInputStream(), lines);
        Thread err = copy(child.getErrorStream(), errors);
        Vertx vertx = TestSupport.newVertx();
        SwimNode peer = null;
        try (Writer control = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            String portLine = lines.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(portLine).as("the target's port; stderr: %s", errors).startsWith("PORT ");
            int port = Integer.parseInt(portLine.substring(5));
            Queue<MembershipEvent> peerEvents = new ConcurrentLinkedQueue<>();
            peer = await(SwimNode.start(SwimConfig.builder(Profile.LAN).name("peer").cluster("test").build(),
                    TestSupport.loopback(vertx).listener(peerEvents::add).build()));
            assertThat(await(peer.join(List.of("127.0.0.1:" + port)))).isEqualTo(1);
            String label = peer.config().label();

            long largestAccepted = SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES / 2;
            long[] sent = attack(port, label, 16 * 1024 * 1024);
            long[] sentAccepted = attack(port, label, largestAccepted);

            // The attack is over; the peer goes on probing the target and must not suspect it.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    peerEvents.stream().noneMatch(e -> e instanceof MemberSuspected s
                            && s.member().name().equals("target")));
            control.write("report\n");
            control.flush();
            String report = lines.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(report).as("stderr: %s", errors).startsWith("REPORT ");
            Map<String, Long> r = fields(report);
            System.out.printf("small heap attack: sent %s and %s bytes; %s%n", Arrays.toString(sent),
                    Arrays.toString(sentAccepted), report);
            control.write("exit\n");
            control.flush();
            assertThat(child.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
            err.join(STEP.toMillis());
            String log = errors.toString(StandardCharsets.UTF_8);
            assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("SEVERE");
            assertThat(log.lines().filter(l -> l.startsWith("\tat ")).count()).as("stack trace lines").isZero();
            assertThat(r.get("internalErrors")).isZero();
            assertThat(r.get("tooLarge")).as("streams dropped for the budget").isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(r.get("livePeak")).as("heap in use after a collection")
                    .isLessThan(SwimNodeOptions.DEFAULT_MAX_INBOUND_STREAM_BYTES + 16 * 1024 * 1024);
            assertThat(peerEvents).noneMatch(e -> e instanceof MemberSuspected s && s.member().name().equals("target"));
        } finally {
            if (peer != null) {
                await(peer.closeAsync());
            }
            await(vertx.close());
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
