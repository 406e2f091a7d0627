package io.gossamer.bench.peers;

import io.gossamer.swim.bench.BenchNode;
import io.gossamer.swim.bench.EventKind;
import io.gossamer.swim.bench.EventSink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node that is an operating-system process (a Serf agent, a Gossamer agent). Its output lines
 * are read as they come, each by its own thread, and turned into events by the subclass; the
 * node's view of who is alive is kept from those events. Signals go through {@code kill}.
 */
public abstract class ProcessNode implements BenchNode {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");
    /** Kept for the notes of a run that went wrong. */
    private static final int TAIL = 40;

    protected final String name;
    protected final EventSink events;
    protected final Process process;
    private final Set<String> alive = new HashSet<>();
    private final List<String> tail = new ArrayList<>();

    /**
     * Every process started and not yet closed. If the benchmark's JVM is stopped half-way (Ctrl-C
     * on the Maven run, a fork timeout), a hook kills them: an agent would exit when its standard
     * input closes, but an idle Serf agent, or any frozen process, would outlive the run.
     */
    private static final Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "bench-process-reaper"));
    }

    protected ProcessNode(String name, EventSink events, ProcessBuilder builder) throws IOException {
        this.name = name;
        this.events = events;
        this.process = builder.start();
        RUNNING.add(process);
    }

    /** Starts reading the process's output and error streams; call once the subclass is ready. */
    protected final void readOutput() {
        reader(process.getInputStream(), this::stdout, "out");
        reader(process.getErrorStream(), this::stderr, "err");
    }

    private void reader(InputStream stream, Consumer<String> sink, String what) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.add(line);
                        if (tail.size() > TAIL) {
                            tail.remove(0);
                        }
                    }
                    sink.accept(line);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, name + " " + what + " reader ended", e);
            }
        }, "bench-" + name + "-" + what);
        t.setDaemon(true);
        t.start();
    }

    /** One line of standard output, handled on its reader thread as it arrives. */
    protected abstract void stdout(String line);

    /** One line of standard error, handled on its reader thread as it arrives. */
    protected void stderr(String line) {
        stdout(line);
    }

    /** Records what this node observed about {@code subject}, and keeps its alive view. */
    protected final void event(String subject, EventKind kind) {
        synchronized (alive) {
            switch (kind) {
                case JOINED, ALIVE -> alive.add(subject);
                case DEAD, LEFT -> alive.remove(subject);
                case SUSPECT -> { }
            }
        }
        events.record(name, subject, kind);
    }

    public long pid() {
        return process.pid();
    }

    public boolean running() {
        return process.isAlive();
    }

    /** The last lines the process printed, for a note. */
    public List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> aliveMembers() {
        synchronized (alive) {
            return Set.copyOf(alive);
        }
    }

    /** SIGKILL: no goodbye. */
    @Override
    public void crash() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void pause() throws Exception {
        signal("STOP");
    }

    @Override
    public void resume() throws Exception {
        signal("CONT");
    }

    /** Sends a signal by name ({@code INT}, {@code STOP}, ...) through {@code kill}. */
    protected void signal(String signal) throws IOException, InterruptedException {
        signal(process.pid(), signal);
    }

    static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
        }
    }

    /** Waits for the process to exit, up to {@code timeout}; true if it did. */
    protected boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes once the process has exited; fails if it is still running after {@code timeout}. */
    protected CompletableFuture<Void> exited(Duration timeout) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (!awaitExit(timeout)) {
                    throw new IllegalStateException(name + " did not exit within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** SIGKILL if still running (a stopped process dies too), then waits. Never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                RUNNING.remove(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ports already given out in this JVM: the kernel may offer a just-closed port again. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** A free port on 127.0.0.1 for both TCP and UDP, for programs that cannot bind port 0. */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                synchronized (HANDED_OUT) {
                    if (!HANDED_OUT.add(port)) {
                        continue;
                    }
                }
                try (java.net.DatagramSocket udp = new java.net.DatagramSocket(port,
                        java.net.InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // taken for UDP: try another
                }
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }
}
