package io.gossamer.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's HTTP API and the client commands that use it, as an operator runs them: three agents
 * as processes on 127.0.0.1, each with its HTTP API on an ephemeral port, and the commands run from
 * "another shell" (this JVM) against one of them.
 */
class HttpApiTest {

    private static final Duration STEP = Duration.ofSeconds(30);
    private final List<AgentProcess> agents = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopAgents() {
        agents.forEach(AgentProcess::close);
    }

    private record Agent(AgentProcess process, String name, String gossip, String http) {
    }

    private Agent start(Path dir, String cluster, String name, String seed, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--node", name, "--cluster", cluster,
                "--bind", "127.0.0.1:0", "--profile", "local", "-Dgossamer.leave-timeout=3s"));
        if (seed != null) {
            args.addAll(List.of("--join", seed));
        }
        args.addAll(List.of(flags));
        AgentProcess p = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(), args);
        agents.add(p);
        AgentLine started = AgentLine.parse(p.awaitLine(l -> l.contains(" STARTED "), STEP, name + " started"))
                .orElseThrow();
        return new Agent(p, name, started.startedAddress().orElseThrow(), started.startedHttp().orElseThrow());
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theApiAndTheClientCommandsSeeAndSteerARunningCluster(@TempDir Path dir) throws Exception {
        String cluster = "http-" + Long.toHexString(System.nanoTime());
        Agent a1 = start(dir, cluster, "a1", null);
        Agent a2 = start(dir, cluster, "a2", a1.gossip(), "--tag", "zone=b", "--tag", "role=web");
        Agent a3 = start(dir, cluster, "a3", a1.gossip());
        for (Agent a : List.of(a1, a2, a3)) {
            for (String other : List.of("a1", "a2", "a3")) {
                a.process().awaitLine(l -> l.contains(" JOINED " + other + " "), STEP, a.name() + " sees " + other);
            }
        }

        // Consul's /v1/agent/members shape, with Gossamer's own fields beside it.
        JsonArray members = new JsonArray(get(a1, "/v1/agent/members").body());
        assertThat(members).hasSize(3);
        JsonObject m2 = members.stream().map(JsonObject.class::cast).filter(m -> m.getString("Name").equals("a2"))
                .findFirst().orElseThrow();
        assertThat(m2.getString("Addr")).isEqualTo("127.0.0.1");
        assertThat(m2.getString("Addr") + ":" + m2.getInteger("Port")).isEqualTo(a2.gossip());
        assertThat(m2.getInteger("Status")).isEqualTo(1);
        assertThat(m2.getString("State")).isEqualTo("ALIVE");
        assertThat(m2.getJsonObject("Tags").getMap()).containsEntry("zone", "b").containsEntry("role", "web");

        // The client commands, from another process's point of view: filters and JSON.
        Result filtered = client("members", "--http-addr", a1.http(), "--tag", "zone=b", "--format", "json");
        assertThat(filtered.status()).isZero();
        assertThat(new JsonArray(filtered.out()).stream().map(o -> ((JsonObject) o).getString("Name")))
                .containsExactly("a2");
        Result table = client("members", "--http-addr", a1.http(), "--status", "alive");
        assertThat(table.out().lines()).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("a2").contains(a2.gossip())
                .contains("alive").contains("role=web,zone=b"));
        Result info = client("info", "--http-addr", a1.http(), "--format", "json");
        assertThat(new JsonObject(info.out()).getJsonObject("Config").getString("NodeName")).isEqualTo("a1");
        assertThat(new JsonObject(info.out()).getJsonObject("Health").getString("status")).isEqualTo("UP");

        // An event fired through a1 reaches a3's output.
        assertThat(client("event", "--http-addr", a1.http(), "deploy", "v2.4.1").status()).isZero();
        a3.process().awaitLine(l -> l.contains(" EVENT deploy from=a1 ") && l.endsWith("payload=v2.4.1"), STEP,
                "the event at a3");
        // A query: every agent acknowledges it.
        Result query = client("query", "--http-addr", a1.http(), "--timeout", "1s", "--format", "json", "ping");
        assertThat(new JsonObject(query.out()).getJsonArray("Acks")).containsExactlyInAnyOrder("a1", "a2", "a3");

        // Prometheus text, with the catalog's names.
        String metrics = get(a1, "/v1/agent/metrics?format=prometheus").body();
        assertThat(metrics).contains("# TYPE gossamer_members gauge", "gossamer_members{pool=\"lan\",state=\"alive\"} 3",
                "# TYPE gossamer_probes_total counter", "gossamer_probe_duration_seconds_bucket{pool=\"lan\",le=\"+Inf\"}",
                "gossamer_cluster_events_total{pool=\"lan\",outcome=\"sent\"} 1");
        assertThat(get(a1, "/v1/agent/health").statusCode()).isEqualTo(200);

        // The stream of events: a3 is killed, a1's stream tells of its suspicion and death.
        List<String> stream = new CopyOnWriteArrayList<>();
        Thread follower = follow(a1, stream);
        await().atMost(STEP).until(() -> !stream.isEmpty());
        a3.process().process().destroyForcibly();
        await().atMost(STEP).untilAsserted(() -> assertThat(stream).anySatisfy(l -> assertThat(l)
                .contains("\"Kind\":\"DEAD\"").contains("\"Name\":\"a3\"")));
        follower.interrupt();

        // A request from another site's page is refused, whatever it asks.
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create("http://" + a1.http()
                        + "/v1/agent/members")).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);

        // leave from another shell: a2 leaves gracefully and ends; a1 records it LEFT.
        assertThat(client("leave", "--http-addr", a2.http()).status()).isZero();
        a2.process().awaitLine(l -> l.endsWith(" STOPPED"), STEP, "a2 stopped");
        assertThat(a2.process().process().waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(a2.process().process().exitValue()).isZero();
        a1.process().awaitLine(l -> l.contains(" LEFT a2 "), STEP, "a1 sees a2 leave");

        // An agent that is not there: one line saying where it was looked for, and status 1.
        Result nobody = client("members", "--http-addr", "127.0.0.1:1");
        assertThat(nobody.status()).isEqualTo(1);
        assertThat(nobody.err()).contains("cannot reach the agent's HTTP API at 127.0.0.1:1");
    }

    @Test
    void helpListsEveryCommandAndVersionSaysWhichAgent() {
        Result help = client("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("agent", "members", "join", "leave", "force-leave", "keys", "event", "query",
                "rtt", "monitor", "info", "demo");
        Result agentHelp = client("agent", "--help");
        assertThat(agentHelp.out()).contains("--node", "--bind", "--join", "--tag", "--http-addr", "-D=KEY=VALUE",
                "--config");
        Result version = client("--version");
        assertThat(version.out()).startsWith("gossamer-agent ").doesNotContain("${");
        Result bad = client("agent", "--nodes", "x");
        assertThat(bad.status()).isEqualTo(GossamerAgent.EXIT_USAGE);
        assertThat(bad.err()).contains("Unknown options: '--nodes'").contains("Possible solutions: --node");
    }

    private HttpResponse<String> get(Agent a, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + a.http() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Thread follow(Agent a, List<String> into) {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://" + a.http()
                        + "/v1/event/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        into.add(line);
                    }
                }
            } catch (Exception e) {
                // Interrupted at the end of the test, or the agent gone.
            }
        }, "sse-follower");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private record Result(int status, String out, String err) {
    }

    /** Runs a command of the agent's command line in this JVM, as a shell would, capturing its output. */
    private static synchronized Result client(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = GossamerAgent.commandLine().setOut(new java.io.PrintWriter(System.out, true))
                    .setErr(new java.io.PrintWriter(System.err, true)).execute(GossamerAgent.withCommand(args));
            return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
