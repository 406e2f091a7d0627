package io.gossamer.bench.peers;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serf's application half side by side: N Serf agents and N Gossamer agents ({@code lan} timing
 * both, one process per node, on 127.0.0.1), one joined cluster each; then, one at a time, a user
 * event from the first node (time until every node delivered it) and a query with
 * acknowledgements from the first node (time until every other node's acknowledgement arrived).
 *
 * <p>Serf's times are read by this JVM: the RPC {@code event} call is issued, and each agent's RPC
 * {@code stream} of user events and the {@code query} call's stream of acknowledgements are
 * stamped as they arrive. Gossamer's are the agents' own line stamps (one host, one clock): the
 * sender prints its own {@code EVENT} and {@code QUERY} lines when it sends, every member its
 * {@code EVENT} line when it delivers, and the sender an {@code ACK} line for each
 * acknowledgement. Both ways a millisecond or two of reading, small beside gossip rounds of 200 ms.
 *
 * <p>Run: {@code mvn -B -Pbench-peers -pl runtime-integration/bench-peers -am verify
 * -Dit.test=ApplicationBenchmarkIT} (sizes {@code -Dbench.appSizes=5,10,25,50}, repetitions
 * {@code -Dbench.appReps=5}). It needs {@code serf} on the PATH.
 */
class ApplicationBenchmarkIT {

    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void eventsAndQueriesAgainstSerf() throws Exception {
        assertThat(SerfSystem.available()).as("serf on the PATH (apt-get install serf)").isTrue();
        Path jar = AgentSystem.jarFromProperty().orElseThrow();
        assertThat(Files.exists(jar)).as("the agent jar " + jar).isTrue();
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.appSizes", "5,10,25,50").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        int reps = Integer.getInteger("bench.appReps", 5);
        List<String> rows = new ArrayList<>();
        rows.add("| N | Serf event | Gossamer event | ratio | Serf query acks | Gossamer query acks | ratio |");
        rows.add("| --- | --- | --- | --- | --- | --- | --- |");
        for (int n : sizes) {
            long[][] serf = serf(n, reps);
            long[][] gossamer = gossamer(jar, n, reps);
            long se = median(serf[0]);
            long ge = median(gossamer[0]);
            long sq = median(serf[1]);
            long gq = median(gossamer[1]);
            rows.add(String.format(Locale.ROOT, "| %d | %d ms | %d ms | %.2f | %d ms | %d ms | %.2f |", n, se, ge,
                    (double) ge / se, sq, gq, (double) gq / sq));
            System.out.println("N=" + n + " serf events " + Arrays.toString(serf[0]) + " queries "
                    + Arrays.toString(serf[1]) + "; gossamer events " + Arrays.toString(gossamer[0]) + " queries "
                    + Arrays.toString(gossamer[1]));
        }
        String table = String.join("\n", rows);
        System.out.println("medians of " + reps + " events and " + reps + " queries per size:\n" + table);
        Path out = Path.of("target", "bench-peers", "application.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n");
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ------------------------------------------------------------------ Serf

    /** Event spread and query acknowledgement times of {@code reps} each, in ms. */
    private static long[][] serf(int n, int reps) throws Exception {
        List<Process> agents = new ArrayList<>();
        List<SerfStream> streams = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            List<Integer> rpcs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int port = ProcessNode.freePort();
                int rpc = ProcessNode.freePort();
                ports.add(port);
                rpcs.add(rpc);
                agents.add(new ProcessBuilder("serf", "agent", "-node=s" + i, "-bind=127.0.0.1:" + port,
                        "-rpc-addr=127.0.0.1:" + rpc, "-profile=lan", "-log-level=warn")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (int i = 0; i < n; i++) {
                streams.add(SerfStream.connect(rpcs.get(i), STEP));
            }
            for (int i = 1; i < n; i++) {
                streams.get(i).join("127.0.0.1:" + ports.get(0));
            }
            SerfStream first = streams.get(0);
            await().atMost(STEP).ignoreExceptions().until(() -> {
                for (SerfStream s : streams) {
                    if (s.aliveMembers() != n) {
                        return false;
                    }
                }
                return true;
            });
            // User events reach each stream on a connection of its own.
            List<SerfStream> listeners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SerfStream l = SerfStream.connect(rpcs.get(i), STEP);
                l.subscribeUserEvents();
                listeners.add(l);
            }
            long[] events = new long[reps];
            long[] queries = new long[reps];
            for (int r = 0; r < reps; r++) {
                String name = "bench-" + r;
                long t0 = System.nanoTime();
                first.event(name);
                await().atMost(STEP).until(() -> listeners.stream().allMatch(l -> l.userEvents.containsKey(name)));
                events[r] = (listeners.stream().mapToLong(l -> l.userEvents.get(name)).max().orElseThrow() - t0)
                        / 1_000_000;
                // Returns at the query's end: its gossip has drained before the next.
                queries[r] = first.queryAcks("q-" + r, n - 1, "s0", QUERY_TIMEOUT) / 1_000_000;
            }
            listeners.forEach(SerfStream::close);
            return new long[][] {events, queries};
        } finally {
            streams.forEach(SerfStream::close);
            agents.forEach(Process::destroyForcibly);
        }
    }

    /** A Serf RPC connection that also reads streamed records (user events, query acknowledgements). */
    static final class SerfStream implements AutoCloseable {
        private final Socket socket;
        private final MessagePacker out;
        private final MessageUnpacker in;
        private long seq;
        final Map<String, Long> userEvents = new ConcurrentHashMap<>();

        private SerfStream(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new MessagePack.PackerConfig().withStr8FormatSupport(false).newPacker(socket.getOutputStream());
            this.in = MessagePack.newDefaultUnpacker(socket.getInputStream());
        }

        /** Connects once the agent listens, within {@code wait}. */
        static SerfStream connect(int port, Duration wait) {
            return await().atMost(wait).ignoreExceptions().until(() -> {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setTcpNoDelay(true);
                SerfStream stream = new SerfStream(s);
                stream.request("handshake", map("Version", ValueFactory.newInteger(1)));
                stream.header();
                return stream;
            }, java.util.Objects::nonNull);
        }

        private synchronized void request(String command, Value body) throws IOException {
            out.packValue(map("Command", ValueFactory.newString(command), "Seq", ValueFactory.newInteger(seq++)));
            out.packValue(body);
            out.flush();
        }

        private Value header() throws IOException {
            Value h = in.unpackValue();
            Value error = h.asMapValue().map().get(ValueFactory.newString("Error"));
            if (error != null && error.isStringValue() && !error.asStringValue().asString().isEmpty()) {
                throw new IOException("serf RPC: " + error);
            }
            return h;
        }

        void join(String seed) throws IOException {
            request("join", map("Existing", ValueFactory.newArray(ValueFactory.newString(seed)),
                    "Replay", ValueFactory.newBoolean(false)));
            header();
            in.unpackValue();
        }

        synchronized long aliveMembers() throws IOException {
            request("members", ValueFactory.emptyMap());
            header();
            Value body = in.unpackValue();
            return body.asMapValue().map().get(ValueFactory.newString("Members")).asArrayValue().list().stream()
                    .filter(m -> "alive".equals(m.asMapValue().map().get(ValueFactory.newString("Status"))
                            .asStringValue().asString())).count();
        }

        void event(String name) throws IOException {
            request("event", map("Name", ValueFactory.newString(name), "Payload", ValueFactory.newBinary(new byte[0]),
                    "Coalesce", ValueFactory.newBoolean(false)));
            header();
        }

        /** Streams user events from now on, each stamped with {@link System#nanoTime()} as it arrives. */
        void subscribeUserEvents() throws IOException {
            request("stream", map("Type", ValueFactory.newString("user")));
            header();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        header();
                        Value body = in.unpackValue();
                        long at = System.nanoTime();
                        Value name = body.asMapValue().map().get(ValueFactory.newString("Name"));
                        if (name != null) {
                            userEvents.putIfAbsent(name.asStringValue().asString(), at);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // closed
                }
            }, "serf-stream");
            reader.setDaemon(true);
            reader.start();
        }

        /** Asks a query with acknowledgements; nanoseconds until {@code others} members other than {@code self} acked. */
        long queryAcks(String name, int others, String self, Duration timeout) throws IOException {
            long t0 = System.nanoTime();
            request("query", map("FilterNodes", ValueFactory.emptyArray(), "FilterTags", ValueFactory.emptyMap(),
                    "RequestAck", ValueFactory.newBoolean(true), "RelayFactor", ValueFactory.newInteger(0),
                    "Timeout", ValueFactory.newInteger(timeout.toNanos()), "Name", ValueFactory.newString(name),
                    "Payload", ValueFactory.newBinary(new byte[0])));
            java.util.Set<String> acked = new java.util.HashSet<>();
            long last = -1;
            // The stream holds headers (one per record, and the command's own) and records; a record
            // is the map with a Type.
            while (true) {
                Value v = in.unpackValue();
                Value typeValue = v.isMapValue() ? v.asMapValue().map().get(ValueFactory.newString("Type")) : null;
                if (typeValue == null) {
                    continue;
                }
                String type = typeValue.asStringValue().asString();
                if (type.equals("done")) {
                    break;
                }
                String from = v.asMapValue().map().get(ValueFactory.newString("From")).asStringValue().asString();
                if (type.equals("ack") && !from.equals(self) && acked.add(from) && acked.size() == others) {
                    last = System.nanoTime() - t0;
                }
            }
            if (last < 0) {
                throw new IOException("serf query " + name + ": " + acked.size() + " of " + others + " acked");
            }
            return last;
        }

        private static Value map(Object... kv) {
            ValueFactory.MapBuilder b = ValueFactory.newMapBuilder();
            for (int i = 0; i < kv.length; i += 2) {
                b.put(ValueFactory.newString((String) kv[i]), (Value) kv[i + 1]);
            }
            return b.build();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // gone
            }
        }
    }

    // ------------------------------------------------------------------ Gossamer

    private static final Pattern LINE =
            Pattern.compile("^(\\S+Z) (\\S+) (EVENT|QUERY|ACK|QUERY-DONE|JOINED|STARTED) (\\S+)(.*)$");

    /** One agent process and the lines it printed. */
    private static final class Agent implements AutoCloseable {
        final Process process;
        final OutputStream stdin;
        final List<String[]> lines = new CopyOnWriteArrayList<>();
        volatile String address;

        Agent(Path jar, String name) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(AgentSystem.DEFAULT_JVM_OPTIONS.split(" ")));
            command.addAll(List.of("-Dgossamer.node-name=" + name, "-Dgossamer.cluster=app-bench",
                    "-Dgossamer.bind-address=127.0.0.1", "-Dgossamer.bind-port=0", "-Dgossamer.profile=lan",
                    "-jar", jar.toString(), "run", "--stop-on-eof", "--http-addr=127.0.0.1:0"));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            stdin = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = LINE.matcher(line);
                        if (m.matches()) {
                            if (m.group(3).equals("STARTED")) {
                                address = m.group(4);
                            }
                            lines.add(new String[] {m.group(1), m.group(3), m.group(4), m.group(5)});
                        }
                    }
                } catch (IOException e) {
                    // exited
                }
            }, "agent-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        synchronized void send(String command) throws IOException {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        long count(String word) {
            return lines.stream().filter(l -> l[1].equals(word)).count();
        }

        /** When the first line of {@code word} about {@code subject} (and with {@code rest}) was printed. */
        Long at(String word, String subject, String rest) {
            return lines.stream().filter(l -> l[1].equals(word) && l[2].equals(subject) && l[3].contains(rest))
                    .map(l -> Instant.parse(l[0]).toEpochMilli()).findFirst().orElse(null);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static long[][] gossamer(Path jar, int n, int reps) throws Exception {
        List<Agent> agents = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                agents.add(new Agent(jar, "g" + i));
            }
            await().atMost(STEP).until(() -> agents.stream().allMatch(a -> a.address != null));
            for (int i = 1; i < n; i++) {
                agents.get(i).send("join " + agents.get(0).address);
            }
            // Each sees itself and every other joined.
            await().atMost(STEP).until(() -> agents.stream().allMatch(a -> a.count("JOINED") >= n));
            long[] events = new long[reps];
            long[] queries = new long[reps];
            Agent first = agents.get(0);
            for (int r = 0; r < reps; r++) {
                String name = "bench-" + r;
                first.send("event " + name);
                await().atMost(STEP).until(() -> agents.stream().allMatch(a -> a.at("EVENT", name, "") != null));
                long sent = first.at("EVENT", name, "");
                events[r] = agents.stream().mapToLong(a -> a.at("EVENT", name, "")).max().orElseThrow() - sent;
                String query = "q-" + r;
                first.send("query --timeout " + QUERY_TIMEOUT.toSeconds() + "s " + query);
                await().atMost(STEP).until(() -> first.lines.stream().filter(l -> l[1].equals("ACK")
                        && l[2].equals(query) && !l[3].contains("from=g0")).count() == n - 1);
                long asked = first.at("QUERY", query, "from=g0");
                queries[r] = first.lines.stream().filter(l -> l[1].equals("ACK") && l[2].equals(query))
                        .mapToLong(l -> Instant.parse(l[0]).toEpochMilli()).max().orElseThrow() - asked;
                // At the query's end its gossip has drained, before the next.
                await().atMost(STEP).until(() -> first.at("QUERY-DONE", query, "") != null);
            }
            return new long[][] {events, queries};
        } finally {
            agents.forEach(Agent::close);
        }
    }
}
