package io.gossamer.agent;

import io.gossamer.MemberState;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The demo: five agents as separate processes on 127.0.0.1 form a cluster; one is killed
 * (SIGKILL), one leaves (SIGTERM, so a graceful leave); the demo prints what every node observed,
 * merged in time order, then the membership table as each survivor sees it, and stops every
 * process it started, also on failure and on Ctrl-C.
 *
 * <p>The agents run this very class path ({@code java.class.path}), with settings as system
 * properties, the {@code local} profile and ephemeral ports: the seed's port is read from its
 * {@code STARTED} line. Their standard error goes to a log file per node in a temporary
 * directory. Each is started with {@code --stop-on-eof}, so even if the demo itself is killed with
 * SIGKILL, its agents see their standard input close and leave.
 */
final class Demo {

    static final int NODES = 5;
    static final String SEED = "node-1";
    static final String CRASHED = "node-4";
    static final String LEAVER = "node-5";

    /** How long lines are held back before printing, so lines from several processes print in time order. */
    static final Duration HOLD_BACK = Duration.ofMillis(1_000);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration DETECT_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Small, quick-starting JVMs: five of them boot at once on a two-core machine. The options every
     * agent runs with (the launcher's, the benchmarks'), declared once in the agent's pom.
     */
    static final List<String> JVM_OPTIONS = jvmOptions();

    /** The agents' JVM options, as the build wrote them into {@code jvm.properties}. */
    static List<String> jvmOptions() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = Demo.class.getResourceAsStream("jvm.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the agent's jvm.properties is missing from its class path", e);
        }
        return List.of(p.getProperty("options").trim().split("\\s+"));
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Timeline timeline = new Timeline();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean printing = true;
    private volatile boolean finished;
    private Path logs;

    /** One agent process, its input and the thread that reads its output. */
    private record Agent(String name, Process process, Writer input) {

        void send(String command) {
            try {
                synchronized (input) {
                    input.write(command + "\n");
                    input.flush();
                }
            } catch (IOException e) {
                // The agent is gone; waiting for its answer will say so.
            }
        }
    }

    private static final class DemoFailure extends Exception {
        DemoFailure(String message) {
            super(message);
        }
    }

    private Demo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(PrintStream out, PrintStream err) {
        return new Demo(out, err).run();
    }

    static List<String> names() {
        return IntStream.rangeClosed(1, NODES).mapToObj(i -> "node-" + i).collect(Collectors.toList());
    }

    private int run() {
        // Ctrl-C: the hook stops the agents; normal ends and failures stop them in finally.
        Thread cleanup = new Thread(() -> {
            if (!finished) {
                err.println();
                err.println("demo interrupted: stopping the agents it started");
            }
            destroyAll();
        }, "gossamer-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Thread printer = new Thread(this::printLoop, "gossamer-demo-printer");
        printer.setDaemon(true);
        try {
            logs = Files.createTempDirectory("gossamer-demo-");
            String cluster = "demo-" + ProcessHandle.current().pid();
            out.println("Gossamer demo: " + NODES + " agents on 127.0.0.1, cluster " + cluster
                    + ", profile local. Times are UTC; agent logs (stderr) in " + logs);
            out.println();
            printer.start();
            List<String> names = names();

            narrate("starting " + SEED + ", the seed");
            start(SEED, cluster, "");
            await(SEED + " to start", START_TIMEOUT, List.of(SEED),
                    () -> timeline.startedAddress(SEED).isPresent());
            String seed = timeline.startedAddress(SEED).orElseThrow();
            narrate("starting " + String.join(", ", names.subList(1, NODES)) + ", each joining " + SEED + " at " + seed);
            for (String name : names.subList(1, NODES)) {
                start(name, cluster, seed);
            }
            await("every node to see " + NODES + " members alive", FORM_TIMEOUT, names,
                    () -> timeline.all(names, names, MemberState.ALIVE));
            narrate("cluster formed: each of the " + NODES + " nodes sees " + NODES + " members alive ("
                    + seconds() + " since the demo started)");

            Instant faults = Instant.now();
            Agent crashed = agents.get(CRASHED);
            crashed.process().destroyForcibly();
            narrate(CRASHED + " (pid " + crashed.process().pid() + ") killed with SIGKILL: it says no goodbye");
            Agent leaver = agents.get(LEAVER);
            // Through the handle: Process.destroy() would also close our end of its output, and
            // the demo would miss what the leaving node says while it leaves.
            leaver.process().toHandle().destroy();
            narrate(LEAVER + " (pid " + leaver.process().pid() + ") sent SIGTERM: it leaves gracefully");
            List<String> survivors = names.stream().filter(n -> !n.equals(CRASHED) && !n.equals(LEAVER)).toList();
            await("the survivors to see " + CRASHED + " DEAD and " + LEAVER + " LEFT", DETECT_TIMEOUT, survivors,
                    () -> timeline.all(survivors, List.of(CRASHED), MemberState.DEAD)
                            && timeline.all(survivors, List.of(LEAVER), MemberState.LEFT));
            narrate(String.join(", ", survivors) + " all see " + CRASHED + " DEAD and " + LEAVER + " LEFT, "
                    + String.format(Locale.ROOT, "%.1f s", Duration.between(faults, Instant.now()).toMillis() / 1000.0)
                    + " after the kill");

            for (String s : survivors) {
                timeline.expectTable(s);
                agents.get(s).send("members");
            }
            await("the survivors' membership tables", TABLE_TIMEOUT, survivors,
                    () -> survivors.stream().allMatch(s -> timeline.table(s).isPresent()));
            Map<String, List<Timeline.Row>> tables = new LinkedHashMap<>();
            survivors.forEach(s -> tables.put(s, timeline.table(s).orElseThrow()));
            stopPrinting(printer);

            out.println();
            out.println("Final membership, as each survivor lists it (the agent's 'members' command):");
            out.println();
            out.print(Timeline.renderTable(survivors, tables));
            out.println();
            stopAgents(survivors);
            out.println("Demo finished in " + seconds() + "; all " + NODES + " agent processes it started are stopped.");
            return 0;
        } catch (DemoFailure e) {
            stopPrinting(printer);
            err.println();
            err.println("demo failed: " + e.getMessage() + " (after " + seconds() + ")");
            err.println("agent logs: " + logs);
            return GossamerAgent.EXIT_FAILED;
        } catch (IOException | UncheckedIOException e) {
            stopPrinting(printer);
            err.println("demo failed: " + e);
            return GossamerAgent.EXIT_FAILED;
        } finally {
            finished = true;
            destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook is running or has run.
            }
        }
    }

    private void start(String name, String cluster, String seed) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classPath());
        command.add("-Dgossamer.node-name=" + name);
        command.add("-Dgossamer.cluster=" + cluster);
        command.add("-Dgossamer.bind-address=127.0.0.1");
        command.add("-Dgossamer.bind-port=0");
        command.add("-Dgossamer.profile=local");
        if (!seed.isEmpty()) {
            command.add("-Dgossamer.seeds=" + seed);
        }
        command.add(GossamerAgent.class.getName());
        command.add("run");
        command.add("--stop-on-eof");
        command.add("--http-addr=127.0.0.1:0");
        ProcessBuilder pb = new ProcessBuilder(command)
                // An empty directory: no ./microprofile-config.properties of the user's applies.
                .directory(logs.toFile())
                .redirectError(logs.resolve(name + ".log").toFile());
        // Nor do their GOSSAMER_* variables: the demo's settings are all it needs.
        pb.environment().keySet().removeIf(k -> k.toUpperCase(Locale.ROOT).startsWith("GOSSAMER_"));
        Process p = pb.start();
        Agent agent = new Agent(name, p, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        synchronized (agents) {
            agents.put(name, agent);
        }
        Thread reader = new Thread(() -> read(agent), "gossamer-demo-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Agent agent) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(agent.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                timeline.accept(agent.name(), line, Instant.now());
            }
        } catch (IOException e) {
            // The process is gone.
        }
    }

    /** Waits until {@code done}, failing early when one of {@code needed} exits. */
    private void await(String what, Duration timeout, List<String> needed, BooleanSupplier done)
            throws DemoFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            for (String n : needed) {
                Agent a;
                synchronized (agents) {
                    a = agents.get(n);
                }
                if (a != null && !a.process().isAlive()) {
                    throw new DemoFailure(n + " exited with status " + a.process().exitValue()
                            + " while waiting for " + what + "; see " + logs.resolve(n + ".log"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while waiting for " + what);
            }
        }
    }

    private void narrate(String text) {
        timeline.narrate(Instant.now(), "--- " + text);
    }

    private void printLoop() {
        while (printing) {
            print(timeline.drain(Instant.now().minus(HOLD_BACK)));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void print(List<Timeline.Entry> entries) {
        for (Timeline.Entry e : entries) {
            out.println(Timeline.render(e));
        }
        out.flush();
    }

    /** Stops the live printer and prints everything left, in order. */
    private void stopPrinting(Thread printer) {
        printing = false;
        printer.interrupt();
        try {
            printer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print(timeline.drainAll());
    }

    /** SIGTERM (graceful leave) to {@code names}, then SIGKILL to any still running after a while. */
    private void stopAgents(List<String> names) {
        List<Process> processes = new ArrayList<>();
        synchronized (agents) {
            names.forEach(n -> processes.add(agents.get(n).process()));
        }
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Kills every process the demo started that still runs, and waits (briefly) for them to go. */
    private void destroyAll() {
        List<Process> processes = new ArrayList<>();
        synchronized (agents) {
            agents.values().forEach(a -> processes.add(a.process()));
        }
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** This JVM's own launcher, so the agents run on the same Java. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's class path made absolute: the agents run in another directory. */
    static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
