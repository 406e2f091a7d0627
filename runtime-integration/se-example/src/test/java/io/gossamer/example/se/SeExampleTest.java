package io.gossamer.example.se;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example as its README runs it: {@link Main} in a JVM of its own, configured by system properties,
 * beside a Gossamer peer in this JVM (a plain engine node, from gossamer-impl, which gossamer-cdi brings).
 * Both on 127.0.0.1, on ephemeral ports.
 */
class SeExampleTest {

    /** The bound of every wait: a JVM start with Weld's class-path scan, a join, a leave, on 2 busy cores. */
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String CHILD = "se-example";
    private static final String PEER = "peer";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<MembershipEvent> peerEvents = new CopyOnWriteArrayList<>();
    private Child child;
    private SwimNode peer;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (child != null) {
            child.kill();
        }
        if (peer != null) {
            peer.close();
        }
    }

    /**
     * The child joins the peer, both see each other (the child's readiness counts two alive members, its
     * observer logs the peer's join; the peer records the child's join), its four health paths answer;
     * SIGTERM then ends it within the bound, without Weld's "already shut down", and the peer records it
     * LEFT by its own leave, never suspected nor dead.
     */
    @Test
    void joinsServesHealthAndLeavesGracefullyOnSigterm() throws Exception {
        String cluster = "se-" + Long.toHexString(System.nanoTime());
        peer = get(SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name(PEER).cluster(cluster)
                        .probeInterval(Duration.ofMillis(500)).probeTimeout(Duration.ofMillis(250))
                        .gossipInterval(Duration.ofMillis(50)).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                        .listener(peerEvents::add).build()));
        int httpPort = freePort();
        child = Child.start(List.of(
                "-Dgossamer.cluster=" + cluster,
                "-Dgossamer.node-name=" + CHILD,
                "-Dgossamer.bind-address=127.0.0.1",
                // 0: the node's UDP and TCP port is picked by the system, free for both at once; the peer
                // learns it from the join.
                "-Dgossamer.bind-port=0",
                "-Dgossamer.seeds=127.0.0.1:" + peer.localMember().port(),
                "-Dgossamer.profile=local",
                "-Dgossamer.probe-interval=500ms",
                "-Dgossamer.probe-timeout=250ms",
                "-Dgossamer.gossip-interval=50ms",
                // Ready only with the peer in view: readiness UP is then the child's proof of seeing it.
                "-Dgossamer.readiness.min-members=2",
                "-D" + Main.HTTP_HOST + "=127.0.0.1",
                "-D" + Main.HTTP_PORT + "=" + httpPort));
        String base = "http://127.0.0.1:" + httpPort;

        await("the child's readiness, two members alive").atMost(STEP).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    Answer ready = get(base + "/health/ready");
                    assertThat(ready.status()).as("%s; child stderr:%n%s", ready, child.stderr()).isEqualTo(200);
                    assertThat(gossamer(ready.json()).getJsonObject("data").getInt("alive")).isEqualTo(2);
                });
        await("the child's observer hears of the peer").atMost(STEP)
                .until(() -> child.stderr().contains("member joined: " + PEER + " at 127.0.0.1:"));
        await("the peer records the child").atMost(STEP)
                .until(() -> peerEvents.stream().anyMatch(e -> e instanceof MemberJoined && isChild(e)));
        for (String path : List.of("/health", "/health/live", "/health/started")) {
            Answer a = get(base + path);
            assertThat(a.status()).as("%s %s", path, a).isEqualTo(200);
            assertThat(gossamer(a.json()).getString("status")).as(path).isEqualTo("UP");
        }
        assertThat(get(base + "/healthz").status()).isEqualTo(404);

        child.process.destroy();
        assertThat(child.process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS))
                .as("the child exits within %s of SIGTERM; stderr:%n%s", STEP, child.stderr()).isTrue();
        // 128 + 15: the JVM ended by SIGTERM once the hooks were done, not by an error of its own.
        assertThat(child.process.exitValue()).as(child.stderr()).isEqualTo(143);
        String log = child.stderr();
        // The shutdown was logged (so the next line looks where Weld's warning would be): the graceful leave, the
        // local member LEFT as the example's observer heard it, then the container closed.
        assertThat(log).contains("Gossamer node " + CHILD + " left the LAN pool")
                .contains("member left: " + CHILD + " at 127.0.0.1:")
                .contains("WELD-ENV-002001");
        assertThat(log).doesNotContain("WELD-ENV-002002").doesNotContain("Exception");
        assertThat(child.stdout()).isEmpty();
        await("the peer records the child LEFT").atMost(STEP)
                .until(() -> peerEvents.stream().anyMatch(e -> e instanceof MemberLeft l && isChild(l)
                        && l.reason() == MemberLeft.Reason.LEFT));
        assertThat(peerEvents).filteredOn(SeExampleTest::isChild)
                .noneMatch(e -> e instanceof MemberSuspected || e instanceof MemberDead);
        assertThat(peer.members()).filteredOn(m -> m.name().equals(CHILD))
                .allSatisfy(m -> assertThat(m.state()).hasToString("LEFT"));
    }

    private static boolean isChild(MembershipEvent e) {
        return e.member().name().equals(CHILD);
    }

    /** The check named gossamer in a health response. */
    private static JsonObject gossamer(JsonObject response) {
        for (JsonValue v : response.getJsonArray("checks")) {
            if (v.asJsonObject().getString("name").equals("gossamer")) {
                return v.asJsonObject();
            }
        }
        throw new AssertionError("no check named gossamer in " + response);
    }

    private record Answer(int status, String body) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }
    }

    private Answer get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static <T> T get(io.vertx.core.Future<T> future) throws InterruptedException, ExecutionException,
            TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A port free now on 127.0.0.1; the child binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * {@link Main} in a JVM of its own, on this test's class path. Its output goes to files, not pipes:
     * {@code Process.destroy()} closes this side's pipes as it sends SIGTERM, so what the child logs while it
     * shuts down (where Weld's "already shut down" would appear) could never be read from them.
     */
    private static final class Child {
        final Process process;
        private final Path stdout;
        private final Path stderr;

        private Child(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static Child start(List<String> properties) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(properties);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            // In target/, kept for whoever reads a failure: the example's log as a person running it sees it.
            Path out = Path.of("target", "se-example-child.stdout.log");
            Path err = Path.of("target", "se-example-child.stderr.log");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Child(p, out, err);
        }

        /** Everything the child logged so far (JUL's console handler writes to standard error). */
        String stderr() {
            try {
                return Files.readString(stderr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What the child printed on standard output: nothing, all of it goes through the log. */
        String stdout() {
            try {
                return Files.readString(stdout, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
