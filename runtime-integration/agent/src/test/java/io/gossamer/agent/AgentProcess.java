package io.gossamer.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import static org.awaitility.Awaitility.await;

/**
 * An agent (or demo) started as a child process for a test, its standard output collected line by
 * line. {@link #close()} kills it if it still runs: use it in try-with-resources, so no test
 * leaves a process behind whatever fails.
 */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Writer input;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path stderr;
    private final Thread reader;

    private AgentProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::read, "agent-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java <jvmArgs> <args>} in {@code dir}, with {@code env} added to (and every
     * inherited {@code GOSSAMER_*} variable removed from) this process's environment.
     */
    static AgentProcess start(Path dir, Map<String, String> env, List<String> jvmArgs, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Demo.javaExecutable());
        command.addAll(jvmArgs);
        command.addAll(args);
        return run(dir, env, command);
    }

    /** Runs {@code command} in {@code dir}, with {@code env} as {@link #start} gives it. */
    static AgentProcess run(Path dir, Map<String, String> env, List<String> command) throws IOException {
        Path stderr = Files.createTempFile(dir, "agent-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GOSSAMER_"));
        // Agents of one test share the host: each its own HTTP port, unless the test chose one.
        pb.environment().put("GOSSAMER_HTTP_ADDR", "127.0.0.1:0");
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), stderr);
    }

    /** The test class path's agent: {@code -cp <test class path> GossamerAgent}. */
    static List<String> classPathAgent(String... systemProperties) {
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                Demo.classPath()));
        jvm.addAll(List.of(systemProperties));
        jvm.add(GossamerAgent.class.getName());
        return jvm;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // Process gone.
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String output() {
        return String.join("\n", lines);
    }

    String errors() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(cannot read stderr: " + e + ")";
        }
    }

    Process process() {
        return process;
    }

    /** The first output line matching {@code match}, waiting up to {@code timeout} for it. */
    String awaitLine(Predicate<String> match, Duration timeout, String what) {
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .failFast("the agent exited", () -> !process.isAlive() && !reader.isAlive()
                            && lines.stream().noneMatch(match))
                    .until(() -> lines.stream().filter(match).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("no line for " + what + " within " + timeout.toSeconds() + " s (alive: "
                    + process.isAlive() + ")\n--- stdout:\n" + output() + "\n--- stderr:\n" + errors(), e);
        }
    }

    /** A command to send again while waiting. */
    @FunctionalInterface
    interface Resend {
        void send() throws IOException;
    }

    /**
     * As {@link #awaitLine(Predicate, Duration, String)}, sending {@code again} each second while
     * no line matches: for an answer the agent can give only once it knows (a coordinate it learns
     * by probing).
     */
    String awaitLine(Predicate<String> match, Duration timeout, String what, Resend again) {
        long[] sentAt = {System.nanoTime()};
        return awaitLine(line -> {
            if (match.test(line)) {
                return true;
            }
            if (System.nanoTime() - sentAt[0] > 1_000_000_000L) {
                sentAt[0] = System.nanoTime();
                try {
                    again.send();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        }, timeout, what);
    }

    /** Waits up to {@code timeout} for a standard error line matching {@code match}. */
    void awaitError(Predicate<String> match, Duration timeout, String what) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> errors().lines().anyMatch(match));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no error line for " + what + " within " + timeout.toSeconds() + " s\n--- stdout:\n"
                    + output() + "\n--- stderr:\n" + errors(), e);
        }
    }

    void send(String command) throws IOException {
        input.write(command + "\n");
        input.flush();
    }

    /** SIGTERM through the process handle, which, unlike Process.destroy(), leaves our end of its output open. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to exit and its output to be read; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeout.toSeconds() + " s\n--- stdout:\n"
                    + output() + "\n--- stderr:\n" + errors());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
