package io.gossamer.bench.peers;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an agent costs its host, side by side with Serf's: clusters of {@code bench.footprintSize}
 * agents (8) of each on 127.0.0.1, each started after the one before is ready and joining the
 * first, measured per process from {@code /proc}: start to ready (process start to Serf's
 * {@code Serf agent running} line, to the agent's {@code STARTED} line), CPU time by then, CPU time
 * to start and join (until the node's own join is reported), resident memory and CPU over a minute
 * of idleness ({@code bench.footprintIdleSeconds}) from a minute after all have joined
 * ({@code bench.footprintSettleSeconds}: the JVM's compilers are busy in the first minute). Medians over the nodes and {@code bench.footprintReps} clusters
 * (3). Gossamer's agents run as its launcher runs them ({@code target/gossamer-agent}: the JVM
 * options and the class-data sharing archive), and, for what each step bought, also without the
 * archive and with none of the options.
 *
 * <pre>mvn -B -Pbench-peers -pl runtime-integration/bench-peers -am verify -Dit.test=AgentFootprintIT</pre>
 */
class AgentFootprintIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int SIZE = Integer.getInteger("bench.footprintSize", 8);
    private static final int REPS = Integer.getInteger("bench.footprintReps", 3);
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.footprintIdleSeconds", 60));
    /** How long after the joins idleness is measured: a JVM is still compiling in the first minute. */
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("bench.footprintSettleSeconds", 60));

    /** One process's figures. */
    record Figures(double readyMs, double cpuAtReadyMs, double cpuJoinedMs, double rssMiB, double idleCpuPercent) {
    }

    /**
     * How one system's nodes start: the command for a node (and its gossip address when the command
     * fixes it), and the lines that say ready and joined.
     */
    interface Launch {
        Command command(String name, String seed) throws IOException;

        boolean ready(String line);

        boolean joined(String line);

        /** The gossip address of a node the command did not fix, from its output. */
        default String address(List<String> lines) {
            return lines.stream().filter(l -> l.contains(" STARTED ")).findFirst()
                    .map(l -> l.split(" STARTED ", 2)[1].split(" ", 2)[0])
                    .orElseThrow(() -> new AssertionError("no STARTED line: " + lines));
        }
    }

    /** A node's command line, and its gossip address if the command line fixes it (else null). */
    record Command(List<String> args, String address) {
    }

    @Test
    void footprintSideBySide() throws Exception {
        Path jar = AgentSystem.jarFromProperty().orElseThrow(() -> new AssertionError("-Dbench.agentJar is not set"));
        Path launcher = jar.resolveSibling("gossamer-agent");
        List<String> rows = new ArrayList<>();
        rows.add("| system | start to ready (ms) | CPU at ready (ms) | CPU to start and join (ms) | resident (MiB) | idle CPU (% of a core) |");
        rows.add("| --- | --- | --- | --- | --- | --- |");
        if (SerfSystem.available()) {
            rows.add(row("serf", measure(serf())));
        }
        rows.add(row("gossamer-agent (launcher: options + CDS archive)", measure(agent(List.of(launcher.toString())))));
        rows.add(row("gossamer-agent (options, no archive)", measure(agent(javaWith(
                AgentSystem.DEFAULT_JVM_OPTIONS, jar)))));
        rows.add(row("gossamer-agent (java -jar, JVM defaults)", measure(agent(javaWith("", jar)))));
        // An earlier build's jar, for before and after: -Dbench.footprintBaselineJar (its agent took the
        // same flags through -D system properties).
        String baseline = System.getProperty("bench.footprintBaselineJar");
        if (baseline != null) {
            rows.add(row("baseline " + Path.of(baseline).getFileName() + " (options)", measure(baseline(
                    javaWith(AgentSystem.DEFAULT_JVM_OPTIONS, Path.of(baseline))))));
        }
        String table = String.join("\n", rows) + "\n";
        Path out = Path.of("target", "bench-peers", "footprint.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "Agents of " + SIZE + " nodes on 127.0.0.1, medians over the nodes of " + REPS
                + " clusters; idle over " + IDLE.toSeconds() + " s from " + SETTLE.toSeconds()
                + " s after all joined.\n\n" + table);
        System.out.println(table);
        assertThat(rows).hasSizeGreaterThan(3);
    }

    private static String row(String system, List<Figures> f) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f | %.2f |", system,
                median(f.stream().mapToDouble(Figures::readyMs).toArray()),
                median(f.stream().mapToDouble(Figures::cpuAtReadyMs).toArray()),
                median(f.stream().mapToDouble(Figures::cpuJoinedMs).toArray()),
                median(f.stream().mapToDouble(Figures::rssMiB).toArray()),
                median(f.stream().mapToDouble(Figures::idleCpuPercent).toArray()));
    }

    private static List<String> javaWith(String options, Path jar) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        c.addAll(List.of("-jar", jar.toString()));
        return c;
    }

    private static Launch serf() {
        return new Launch() {
            @Override
            public Command command(String name, String seed) throws IOException {
                int port = ProcessNode.freePort();
                List<String> c = new ArrayList<>(List.of(System.getProperty("bench.serf", "serf"), "agent",
                        "-node=" + name, "-bind=127.0.0.1:" + port, "-rpc-addr=127.0.0.1:" + ProcessNode.freePort(),
                        "-profile=lan"));
                if (seed != null) {
                    c.add("-join=" + seed);
                }
                return new Command(c, "127.0.0.1:" + port);
            }

            @Override
            public boolean ready(String line) {
                return line.contains("Serf agent running");
            }

            @Override
            public boolean joined(String line) {
                return line.contains("Join completed");
            }
        };
    }

    /** Gossamer's agents: ready at their STARTED line, joined when they report node-0. */
    private static Launch agentLaunch(java.util.function.BiFunction<String, String, List<String>> command) {
        return new Launch() {
            @Override
            public Command command(String name, String seed) {
                return new Command(command.apply(name, seed), null);
            }

            @Override
            public boolean ready(String line) {
                return line.contains(" STARTED ");
            }

            @Override
            public boolean joined(String line) {
                return line.contains(" JOINED node-0 ");
            }
        };
    }

    private static Launch agent(List<String> base) {
        return agentLaunch((name, seed) -> {
            List<String> c = new ArrayList<>(base);
            c.addAll(List.of("agent", "--node", name, "--cluster", "footprint", "--bind", "127.0.0.1:0",
                    "--profile", "lan", "--http-addr", "127.0.0.1:0", "--stop-on-eof"));
            if (seed != null) {
                c.addAll(List.of("--join", seed));
            }
            return c;
        });
    }

    /** An agent of the builds before the command line: settings as system properties, {@code run}. */
    private static Launch baseline(List<String> javaJar) {
        return agentLaunch((name, seed) -> {
            List<String> c = new ArrayList<>(javaJar.subList(0, javaJar.size() - 2));
            c.addAll(List.of("-Dgossamer.node-name=" + name, "-Dgossamer.cluster=footprint",
                    "-Dgossamer.bind-address=127.0.0.1", "-Dgossamer.bind-port=0", "-Dgossamer.profile=lan"));
            if (seed != null) {
                c.add("-Dgossamer.seeds=" + seed);
            }
            c.addAll(javaJar.subList(javaJar.size() - 2, javaJar.size()));
            c.addAll(List.of("run", "--stop-on-eof"));
            return c;
        });
    }

    /** The figures of every node of {@link #REPS} clusters. */
    private static List<Figures> measure(Launch launch) throws Exception {
        List<Figures> all = new ArrayList<>();
        for (int rep = 0; rep < REPS; rep++) {
            List<Node> nodes = new ArrayList<>();
            try {
                String seed = null;
                for (int i = 0; i < SIZE; i++) {
                    Node n = Node.start(launch, "node-" + i, seed);
                    nodes.add(n);
                    n.awaitReady();
                    if (seed == null) {
                        seed = n.address != null ? n.address : launch.address(n.lines);
                    }
                }
                for (Node n : nodes) {
                    n.awaitJoined();
                }
                TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
                long[] cpuBefore = nodes.stream().mapToLong(Node::cpuNanos).toArray();
                TimeUnit.MILLISECONDS.sleep(IDLE.toMillis());
                for (int i = 0; i < nodes.size(); i++) {
                    Node n = nodes.get(i);
                    double idle = (n.cpuNanos() - cpuBefore[i]) * 100.0 / IDLE.toNanos();
                    all.add(new Figures(n.readyNanos / 1e6, n.cpuAtReadyNanos / 1e6, n.cpuJoinedNanos / 1e6,
                            n.rssBytes() / (1024.0 * 1024.0), idle));
                }
            } finally {
                nodes.forEach(Node::stop);
            }
        }
        return all;
    }

    /** One process, its output read line by line, its figures from {@code /proc}. */
    private static final class Node {
        final Process process;
        final long startedAt = System.nanoTime();
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch joined;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The gossip address, when the command line fixed it. */
        final String address;
        volatile long readyNanos;
        volatile long cpuAtReadyNanos;
        volatile long cpuJoinedNanos;

        private Node(Process process, Launch launch, boolean first, String address) {
            this.process = process;
            this.address = address;
            this.joined = new CountDownLatch(first ? 0 : 1);
            Thread reader = new Thread(() -> read(launch), "footprint-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Node start(Launch launch, String name, String seed) throws IOException {
            Command command = launch.command(name, seed);
            Process p = new ProcessBuilder(command.args()).redirectErrorStream(true).start();
            Node n = new Node(p, launch, seed == null, command.address());
            if (seed == null) {
                n.cpuJoinedNanos = -1;
            }
            return n;
        }

        private void read(Launch launch) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (ready.getCount() > 0 && launch.ready(line)) {
                        readyNanos = System.nanoTime() - startedAt;
                        cpuAtReadyNanos = cpuNanos();
                        ready.countDown();
                    }
                    if (joined.getCount() > 0 && launch.joined(line)) {
                        cpuJoinedNanos = cpuNanos();
                        joined.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("not ready within " + READY_TIMEOUT + ": " + lines);
            }
        }

        void awaitJoined() throws InterruptedException {
            if (!joined.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("not joined within " + READY_TIMEOUT + ": " + lines);
            }
            if (cpuJoinedNanos < 0) {
                cpuJoinedNanos = cpuAtReadyNanos;
            }
        }

        long cpuNanos() {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                return ticks * (1_000_000_000L / ProcessResources.TICKS_PER_SECOND);
            } catch (IOException e) {
                return 0;
            }
        }

        long rssBytes() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                    if (l.startsWith("VmRSS:")) {
                        return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return 0;
        }

        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
