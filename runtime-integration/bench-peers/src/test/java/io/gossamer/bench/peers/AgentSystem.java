package io.gossamer.bench.peers;

import io.gossamer.swim.bench.BenchNode;
import io.gossamer.swim.bench.ClusterSystem;
import io.gossamer.swim.bench.EventKind;
import io.gossamer.swim.bench.EventSink;
import io.gossamer.swim.bench.ResourceProbe;
import io.gossamer.swim.bench.TimingProfile;
import io.gossamer.swim.bench.Traffic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gossamer's standalone agent ({@code gossamer-agent.jar}), one JVM process per node: the same
 * shape as Serf's agents. Event lines are timed when they reach the harness, as Serf's log lines
 * are; joining is the agent's {@code join} command (as {@code serf join}); leaving is SIGTERM
 * (the agent leaves gracefully and exits); a crash is SIGKILL; traffic is the engine's counters
 * (the {@code stats} command).
 */
public final class AgentSystem implements ClusterSystem {

    /** The JVM options agents run with (the agent's launcher and demo), as its build wrote them. */
    public static final String DEFAULT_JVM_OPTIONS = agentJvmOptions();

    private static String agentJvmOptions() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = AgentSystem.class.getResourceAsStream("/io/gossamer/agent/jvm.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("gossamer-agent's jvm.properties is missing from the test class path", e);
        }
        return p.getProperty("options").trim();
    }
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);

    private final TimingProfile profile;
    /** The {@code gossamer.profile} the agents run. */
    private final String engine;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<AgentNode> nodes = new CopyOnWriteArrayList<>();
    private final ResourceProbe resources = new ProcessResources(
            () -> nodes.stream().filter(ProcessNode::running).map(ProcessNode::pid).toList());

    public AgentSystem(TimingProfile profile, Path jar, String jvmOptions) {
        this(profile, profile.name().toLowerCase(Locale.ROOT), jar, jvmOptions);
    }

    /**
     * Agents on {@code gossamer.profile=engine} in runs of timing profile {@code profile}: how
     * {@code lan-fast} is set beside Serf's LAN profile. Named {@code gossamer-agent-<engine>}.
     */
    public AgentSystem(TimingProfile profile, String engine, Path jar, String jvmOptions) {
        this.engine = engine;
        this.profile = profile;
        this.jar = jar;
        this.jvmOptions = Arrays.stream(jvmOptions.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    @Override
    public String name() {
        return engine.equals(profile.name().toLowerCase(Locale.ROOT)) ? "gossamer-agent" : "gossamer-agent-" + engine;
    }

    @Override
    public TimingProfile profile() {
        return profile;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("jar", jar.toString());
        s.put("jvm", String.join(" ", jvmOptions));
        s.put("profile", "gossamer.profile=" + engine + " (engine defaults, unchanged)");
        s.put("events", "agent event lines, timed on arrival");
        return s;
    }

    @Override
    public BenchNode startNode(String name, EventSink events) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dgossamer.node-name=" + name);
        command.add("-Dgossamer.cluster=bench");
        command.add("-Dgossamer.bind-address=127.0.0.1");
        command.add("-Dgossamer.bind-port=0");
        command.add("-Dgossamer.profile=" + engine);
        command.add("-jar");
        command.add(jar.toString());
        command.add("run");
        command.add("--stop-on-eof");
        // Every agent of a run on this host serves its HTTP API, as Serf its RPC, on a port of its own.
        command.add("--http-addr=127.0.0.1:0");
        AgentNode node = new AgentNode(name, events, new ProcessBuilder(command));
        nodes.add(node);
        return node;
    }

    @Override
    public ResourceProbe resources() {
        return resources;
    }

    @Override
    public void close() {
        for (AgentNode n : nodes) {
            n.close();
        }
        nodes.clear();
    }

    /** One agent process. */
    static final class AgentNode extends ProcessNode {
        private static final Pattern STARTED = Pattern.compile("^\\S+ (\\S+) STARTED (\\S+) ");
        private static final Pattern EVENT =
                Pattern.compile("^\\S+ (\\S+) (JOINED|SUSPECTED|ALIVE|DEAD|LEFT) (\\S+) \\S+ \\(was \\S+\\) pool=lan");
        private static final Pattern STATS = Pattern.compile("^\\S+ \\S+ STATS pool=lan packets-sent=(\\d+) "
                + "bytes-sent=(\\d+) packets-received=(\\d+) bytes-received=(\\d+) streams-opened=(\\d+)");

        private final CompletableFuture<String> started = new CompletableFuture<>();
        private volatile CompletableFuture<Void> joining;
        private volatile CompletableFuture<Traffic> stats;
        private final OutputStream stdin;

        AgentNode(String name, EventSink events, ProcessBuilder pb) throws IOException {
            super(name, events, pb);
            stdin = process.getOutputStream();
            readOutput();
        }

        @Override
        protected void stdout(String line) {
            Matcher m = EVENT.matcher(line);
            if (m.find()) {
                EventKind kind = switch (m.group(2)) {
                    case "JOINED" -> EventKind.JOINED;
                    case "SUSPECTED" -> EventKind.SUSPECT;
                    case "ALIVE" -> EventKind.ALIVE;
                    case "DEAD" -> EventKind.DEAD;
                    default -> EventKind.LEFT;
                };
                event(m.group(3), kind);
                return;
            }
            m = STATS.matcher(line);
            if (m.find()) {
                CompletableFuture<Traffic> s = stats;
                if (s != null) {
                    s.complete(new Traffic(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
                }
                return;
            }
            m = STARTED.matcher(line);
            if (m.find()) {
                started.complete(m.group(2));
            }
        }

        @Override
        protected void stderr(String line) {
            if (line.startsWith("gossamer-agent: join")) {
                CompletableFuture<Void> j = joining;
                if (j != null) {
                    if (line.startsWith("gossamer-agent: join: ")) {
                        j.complete(null);
                    } else {
                        j.completeExceptionally(new IOException(line));
                    }
                }
            }
        }

        @Override
        public void awaitReady() throws Exception {
            try {
                started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("agent " + name + " did not start within " + START_TIMEOUT + ": " + tail(), e);
            }
        }

        @Override
        public String seedAddress() {
            return started.join();
        }

        private synchronized void command(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        @Override
        public CompletableFuture<Void> join(List<String> seeds) {
            CompletableFuture<Void> j = new CompletableFuture<>();
            joining = j;
            try {
                command("join " + String.join(" ", seeds));
            } catch (IOException e) {
                j.completeExceptionally(e);
            }
            return j;
        }

        /** Asks the agent for its counters and waits for the answer; unknown (-1) if none comes. */
        @Override
        public Traffic traffic() {
            CompletableFuture<Traffic> s = new CompletableFuture<>();
            stats = s;
            try {
                command("stats");
                return s.get(STATS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return new Traffic(-1, -1, -1, -1, -1);
            }
        }

        /** SIGTERM: the agent leaves gracefully (bounded by gossamer.leave-timeout) and exits. */
        @Override
        public CompletableFuture<Void> leave(Duration timeout) {
            process.destroy();
            return exited(timeout);
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // the process is gone already
            }
            super.close();
        }
    }

    /** The agent jar given by {@code bench.agentJar}, if any. */
    public static Optional<Path> jarFromProperty() {
        return Optional.ofNullable(System.getProperty("bench.agentJar")).map(Path::of);
    }
}
