package io.gossamer.bench.peers;

import io.gossamer.swim.bench.BenchNode;
import io.gossamer.swim.bench.ClusterRun;
import io.gossamer.swim.bench.ClusterSystem;
import io.gossamer.swim.bench.EventSink;
import io.gossamer.swim.bench.ResourceProbe;
import io.gossamer.swim.bench.TimingProfile;
import io.gossamer.swim.bench.Traffic;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * HashiCorp Serf agents, one process per node, on 127.0.0.1 with {@code -profile=lan} (or
 * {@code local}): memberlist's defaults as they are.
 *
 * <ul>
 *   <li>Events are the lines Serf logs when it handles a member change ({@code serf:
 *       EventMemberJoin/Failed/Leave}), timed when the line reaches the harness, not the event
 *       handlers, which the agent feeds only after coalescing. Suspicion is memberlist's
 *       "Suspect X has failed" line, which only the member whose probe failed logs.</li>
 *   <li>Joining is the RPC {@code join} call (what {@code serf join} sends), over one RPC
 *       connection per agent opened beforehand, so no process start is timed.</li>
 *   <li>Leaving is SIGINT (the agent leaves gracefully and exits); a crash is SIGKILL.</li>
 *   <li>Idle traffic is memberlist's own counters ({@code memberlist.udp.sent} and
 *       {@code .received}: one increment per datagram, its payload bytes), read from the
 *       in-memory metrics dump that SIGUSR1 prints, per 10 s interval.</li>
 * </ul>
 */
public final class SerfSystem implements ClusterSystem {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");
    private static final Duration DUMP_WAIT = Duration.ofSeconds(3);

    private final TimingProfile profile;
    private final String executable;
    private final List<SerfNode> nodes = new CopyOnWriteArrayList<>();
    private final ResourceProbe resources = new ProcessResources(
            () -> nodes.stream().filter(ProcessNode::running).map(ProcessNode::pid).toList());

    public SerfSystem(TimingProfile profile) {
        this(profile, System.getProperty("bench.serf", "serf"));
    }

    public SerfSystem(TimingProfile profile, String executable) {
        this.profile = profile;
        this.executable = executable;
    }

    @Override
    public String name() {
        return "serf";
    }

    @Override
    public TimingProfile profile() {
        return profile;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("executable", executable);
        s.put("version", version(executable));
        s.put("package", debianPackage());
        s.put("profile", "-profile=" + profileFlag() + " (memberlist Default" + (profile == TimingProfile.LAN
                ? "LAN" : "Local") + "Config, unchanged)");
        s.put("events", "serf: EventMember* log lines, timed on arrival; suspicion: memberlist's "
                + "'Suspect X has failed' line");
        return s;
    }

    private String profileFlag() {
        return profile == TimingProfile.LAN ? "lan" : "local";
    }

    /** {@code serf version}'s first line, e.g. {@code Serf v0.8.2-dev}. */
    static String version(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("unknown");
        } catch (IOException | InterruptedException e) {
            return "not runnable: " + e.getMessage();
        }
    }

    /** The Debian package's version and the memberlist it was built with, if dpkg knows. */
    static String debianPackage() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version} ${Built-Using}", "serf")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                return "not a Debian package";
            }
            String version = out.split(" ", 2)[0];
            String memberlist = out.replaceAll(".*golang-github-hashicorp-memberlist \\(= ([^)]+)\\).*", "$1");
            String go = out.replaceAll(".*golang-(1\\.[0-9]+) \\(= ([^)]+)\\).*", "go $2");
            return "Debian serf " + version + " (memberlist " + (memberlist.equals(out) ? "?" : memberlist) + ", "
                    + (go.equals(out) ? "go ?" : go) + ")";
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unknown";
        }
    }

    @Override
    public BenchNode startNode(String name, EventSink events) throws Exception {
        int port = ProcessNode.freePort();
        int rpc = ProcessNode.freePort();
        List<String> command = List.of(executable, "agent", "-node=" + name, "-bind=127.0.0.1:" + port,
                "-rpc-addr=127.0.0.1:" + rpc, "-profile=" + profileFlag(), "-log-level=info");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        SerfNode node = new SerfNode(name, events, pb, port, rpc);
        nodes.add(node);
        node.awaitRpc();
        return node;
    }

    @Override
    public ResourceProbe resources() {
        return resources;
    }

    @Override
    public Optional<Traffic> windowTraffic(List<BenchNode> benchNodes, long fromMillis, long toMillis) {
        List<SerfNode> serf = new ArrayList<>();
        for (BenchNode b : benchNodes) {
            serf.add((SerfNode) b);
        }
        try {
            for (SerfNode n : serf) {
                n.signal("USR1");
            }
            long lastInterval = toMillis - ClusterRun.WINDOW_STEP_MS;
            // The dump prints the intervals oldest first, and an idle agent sends and receives in
            // every interval: once both counters of the window's last interval are in, so is the rest.
            await().atMost(DUMP_WAIT).pollInterval(Duration.ofMillis(20)).until(() -> serf.stream()
                    .allMatch(n -> n.hasCounters(lastInterval, "memberlist.udp.sent", "memberlist.udp.received")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            LOG.log(Level.WARNING, "bench: Serf metrics dump incomplete after " + DUMP_WAIT + "; using what arrived");
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        Traffic total = Traffic.ZERO;
        for (SerfNode n : serf) {
            total = total.plus(n.window(fromMillis, toMillis));
        }
        return Optional.of(total);
    }

    @Override
    public void close() {
        for (SerfNode n : nodes) {
            n.close();
        }
        nodes.clear();
    }

    /** One Serf agent. */
    static final class SerfNode extends ProcessNode {
        private final int port;
        private final int rpcPort;
        /** memberlist counters by interval start, then by name (udp.sent, udp.received, tcp.accept). */
        private final Map<Long, Map<String, SerfLog.Counter>> counters = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> rpcUp = new CompletableFuture<>();
        private Rpc rpc;

        SerfNode(String name, EventSink events, ProcessBuilder pb, int port, int rpcPort) throws IOException {
            super(name, events, pb);
            this.port = port;
            this.rpcPort = rpcPort;
            readOutput();
        }

        @Override
        protected void stdout(String line) {
            Optional<SerfLog.Event> e = SerfLog.event(line);
            if (e.isPresent()) {
                event(e.get().subject(), e.get().kind());
                return;
            }
            if (line.contains("Serf agent running")) {
                rpcUp.complete(null);
                return;
            }
            SerfLog.counter(line).ifPresent(c -> counters
                    .computeIfAbsent(c.intervalStartMillis(), k -> new ConcurrentHashMap<>()).put(c.name(), c));
        }

        /** Waits until the agent says it runs, then opens its RPC connection. */
        void awaitRpc() throws Exception {
            try {
                rpcUp.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("serf agent " + name + " did not start: " + tail(), e);
            }
            rpc = new Rpc(rpcPort);
        }

        boolean hasCounters(long start, String... names) {
            Map<String, SerfLog.Counter> m = counters.get(start);
            return m != null && java.util.Arrays.stream(names).allMatch(m::containsKey);
        }

        /** The sum of the intervals that start in [from, to). */
        Traffic window(long from, long to) {
            long sent = 0;
            long bytes = 0;
            long received = 0;
            long bytesReceived = 0;
            long streams = 0;
            for (long t = from; t < to; t += ClusterRun.WINDOW_STEP_MS) {
                Map<String, SerfLog.Counter> m = counters.getOrDefault(t, Map.of());
                SerfLog.Counter s = m.get("memberlist.udp.sent");
                SerfLog.Counter r = m.get("memberlist.udp.received");
                // Every stream opened in the cluster is accepted by a member of it: summed over the
                // nodes, accepts count the streams opened, as Gossamer's streamsOpened does.
                SerfLog.Counter c = m.get("memberlist.tcp.accept");
                if (s != null) {
                    sent += s.count();
                    bytes += Math.round(s.sum());
                }
                if (r != null) {
                    received += r.count();
                    bytesReceived += Math.round(r.sum());
                }
                if (c != null) {
                    streams += c.count();
                }
            }
            return new Traffic(sent, bytes, received, bytesReceived, streams);
        }

        @Override
        public String seedAddress() {
            return "127.0.0.1:" + port;
        }

        @Override
        public CompletableFuture<Void> join(List<String> seeds) {
            return CompletableFuture.runAsync(() -> {
                try {
                    rpc.join(seeds);
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        }

        /** Unknown as running totals: see {@link SerfSystem#windowTraffic}. */
        @Override
        public Traffic traffic() {
            return new Traffic(-1, -1, -1, -1, -1);
        }

        /** SIGINT: the agent leaves gracefully (Serf's default) and exits. */
        @Override
        public CompletableFuture<Void> leave(Duration timeout) {
            try {
                signal("INT");
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
            return exited(timeout);
        }

        @Override
        public void close() {
            if (rpc != null) {
                rpc.close();
            }
            super.close();
        }
    }

    /** A Serf RPC connection (MessagePack header + body per request, after a handshake). */
    static final class Rpc implements AutoCloseable {
        /** str8 is newer than some MessagePack decoders; str16, which all read, carries longer strings. */
        private static final MessagePack.PackerConfig PACKING = new MessagePack.PackerConfig()
                .withStr8FormatSupport(false);

        private final Closeable connection;
        private final MessagePacker out;
        private final MessageUnpacker in;
        private long seq;

        Rpc(int port) throws IOException {
            this(connect(port));
        }

        private Rpc(Socket socket) throws IOException {
            this(socket, socket.getInputStream(), socket.getOutputStream());
        }

        Rpc(Closeable connection, InputStream in, OutputStream out) throws IOException {
            this.connection = connection;
            this.out = PACKING.newPacker(out);
            this.in = MessagePack.newDefaultUnpacker(in);
            call("handshake", map("Version", ValueFactory.newInteger(1)), false);
        }

        private static Socket connect(int port) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            return socket;
        }

        /** Joins the agent to {@code seeds}; fails unless it reached at least one. */
        void join(List<String> seeds) throws IOException {
            Value existing = ValueFactory.newArray(seeds.stream().map(ValueFactory::newString).toList());
            Value answer = call("join", map("Existing", existing, "Replay", ValueFactory.newBoolean(false)), true);
            Value num = answer.isMapValue() ? answer.asMapValue().map().get(ValueFactory.newString("Num")) : null;
            if (num == null || !num.isIntegerValue() || num.asIntegerValue().toLong() < 1) {
                throw new IOException("serf join answered " + answer);
            }
        }

        /** Sends a command and returns its response body (nil if {@code body} is false). */
        synchronized Value call(String command, Value request, boolean body) throws IOException {
            out.packValue(map("Command", ValueFactory.newString(command), "Seq", ValueFactory.newInteger(seq++)));
            out.packValue(request);
            out.flush();
            Value header = in.unpackValue();
            if (!header.isMapValue()) {
                throw new IOException("serf RPC: unexpected header " + header);
            }
            Value error = header.asMapValue().map().get(ValueFactory.newString("Error"));
            if (error != null && !error.isNilValue()
                    && !(error.isStringValue() && error.asStringValue().asString().isEmpty())) {
                throw new IOException("serf RPC " + command + ": " + error);
            }
            return body ? in.unpackValue() : ValueFactory.newNil();
        }

        /** A map of string keys, in the order given: key, value, key, value... */
        private static Value map(Object... keysAndValues) {
            ValueFactory.MapBuilder b = ValueFactory.newMapBuilder();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                b.put(ValueFactory.newString((String) keysAndValues[i]), (Value) keysAndValues[i + 1]);
            }
            return b.build();
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing serf RPC", e);
            }
        }
    }

    /** Whether a usable serf is on the PATH (or at {@code bench.serf}). */
    public static boolean available() {
        String exe = System.getProperty("bench.serf", "serf");
        if (exe.contains("/")) {
            return Files.isExecutable(Path.of(exe));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name() + "/" + profile.name().toLowerCase(Locale.ROOT);
    }
}
