package io.gossamer.cdi;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;


import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event latency under churn: the time from the core reporting a transition to a CDI observer
 * being called ({@link LatencyObserver}), in a Weld container running Gossamer's extension with
 * the default ({@code lan}) profile, while engine peers in another JVM ({@link ChurnPeers}) keep
 * crashing, leaving and joining.
 *
 * <p>The default build runs a small instance (20 members, fast timings) and checks that the
 * measurement is whole: every peer's join, every crash's suspicion and death, every leave reached
 * the observer, and every delivered event was measured. It asserts no latency: a wall-clock limit
 * would only measure the machine. {@code -Pbench-events} runs the 200 members
 * ({@code gossamer.bench.events.members}) for {@code gossamer.bench.events.churn} (2 min) and
 * writes the percentiles to {@code target/event-latency/}.
 *
 * <p>The peers' JVM shares the machine's cores with the measured node: a busy neighbour that a
 * node would not have in production, so the tail is pessimistic.
 */
class EventLatencyBenchmarkTest {

    private static final System.Logger LOG = System.getLogger(EventLatencyBenchmarkTest.class.getName());

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    /** The churn's shape; peers join, and half of those who go crash (no goodbye), half leave. */
    record Churn(String label, int members, Duration stepEvery, int steps, boolean lanProfile) {
    }

    /** A small instance with every kind of transition; its numbers go to the report too. */
    @Test
    void everyTransitionOfASmallChurnIsMeasured() {
        Result r = run(new Churn("small", 20, Duration.ofMillis(500), 10, false));
        assertThat(r.crashed()).isNotEmpty();
        assertThat(r.left()).isNotEmpty();
        // A join per step, a suspicion and a death per crash, a leave per leave: each was measured.
        long transitions = 10 + 2L * r.crashed().size() + r.left().size();
        assertThat(r.churnSync().getTotalCount()).isGreaterThanOrEqualTo(transitions);
        assertThat(r.churnAsync().getTotalCount()).isGreaterThanOrEqualTo(r.churnSync().getTotalCount());
    }

    /** The instance: 200 members with the default profile. */
    @Test
    @Tag("bench")
    void churnOf200Members() {
        int members = Integer.getInteger("gossamer.bench.events.members", 200);
        Duration churn = Duration.parse(System.getProperty("gossamer.bench.events.churn", "PT2M"));
        Duration every = Duration.ofMillis(250);
        run(new Churn("churn-" + members, members, every, (int) (churn.toMillis() / every.toMillis()), true));
    }

    /** Latencies of the bootstrap (everyone joins at once) and of the churn after it. */
    record Result(Histogram bootstrapSync, Histogram churnSync, Histogram churnAsync,
                  Set<String> crashed, Set<String> left) {
    }

    private Result run(Churn churn) {
        String cluster = "latency-" + Long.toHexString(System.nanoTime());
        Map<String, String> props = churn.lanProfile()
                ? Map.of("gossamer.cluster", cluster, "gossamer.node-name", "observer",
                        "gossamer.bind-address", "127.0.0.1", "gossamer.bind-port", "0",
                        "gossamer.leave-timeout", "2s")
                : TestNodes.fastNode(cluster, "observer");
        TestNodes.Node observer = TestNodes.start(props, LatencyObserver.class);
        toClose.add(observer);
        Membership membership = observer.get(Membership.class);
        LatencyObserver latency = observer.get(LatencyObserver.class);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        PeerProcess peers = new PeerProcess(churn, cluster, TestNodes.seedOf(membership.localMember()));
        toClose.add(peers);
        await().atMost(Duration.ofMinutes(2)).until(() -> peers.ready && membership.aliveMembers().size() == churn.members());
        Histogram bootstrap = latency.takeSync();
        latency.takeAsync();
        latency.takeSlowest();
        Map<String, Long> before = latency.counts();
        GcTime gcBefore = GcTime.now();

        peers.send("go");
        await().atMost(churn.stepEvery().multipliedBy(churn.steps()).plusMinutes(1)).until(() -> peers.done);
        // Settled: the observer saw every join, every crash end in death, every leave.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(peers.unseenBy(latency)).isEmpty());
        Histogram sync = latency.takeSync();
        // Asynchronous observers run on the container's executor, possibly after the synchronous ones.
        List<Histogram> async = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            async.add(latency.takeAsync());
            return async.stream().mapToLong(Histogram::getTotalCount).sum() >= sync.getTotalCount();
        });
        Histogram asyncAll = async.get(0);
        async.subList(1, async.size()).forEach(asyncAll::add);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        GcTime gc = GcTime.now().minus(gcBefore);

        Result result = new Result(bootstrap, sync, asyncAll, Set.copyOf(peers.crashed), Set.copyOf(peers.left));
        String conditions = String.format(Locale.ROOT, "Profile %s; %d crashed, %d left; load average %.1f before, "
                        + "%.1f after; %d cores; the measured JVM collected garbage %d times during the churn, "
                        + "for %d ms in all.%n%nEvents of the churn: %s.", churn.lanProfile() ? "lan" : "local (fast probes)",
                result.crashed().size(), result.left().size(), loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors(), gc.count(), gc.millis(), since(before, latency.counts()));
        report(churn, result, conditions, latency.takeSlowest());
        return result;
    }

    /** Garbage collections of this JVM so far. */
    private record GcTime(long count, long millis) {
        static GcTime now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new GcTime(count, millis);
        }

        GcTime minus(GcTime earlier) {
            return new GcTime(count - earlier.count, millis - earlier.millis);
        }
    }

    private static String since(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .collect(Collectors.joining(", "));
    }

    /** {@link ChurnPeers} in its own JVM, and what it reported. */
    private static final class PeerProcess implements AutoCloseable {
        private final Process process;
        private final Writer commands;
        final Set<String> joined = ConcurrentHashMap.newKeySet();
        final Set<String> crashed = ConcurrentHashMap.newKeySet();
        final Set<String> left = ConcurrentHashMap.newKeySet();
        volatile boolean ready;
        volatile boolean done;

        PeerProcess(Churn churn, String cluster, String seed) {
            Path log = Path.of("target", "event-latency", churn.label() + "-peers.log");
            try {
                Files.createDirectories(log.getParent());
                process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g", "-cp", System.getProperty("java.class.path"), ChurnPeers.class.getName(),
                        cluster, seed, String.valueOf(churn.members()), churn.lanProfile() ? "lan" : "fast",
                        String.valueOf(churn.stepEvery().toMillis()), String.valueOf(churn.steps()))
                        .redirectError(log.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "churn-peers-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] w = line.split(" ", 2);
                    switch (w[0]) {
                        case "ready" -> ready = true;
                        case "done" -> done = true;
                        case "joined" -> joined.add(w[1]);
                        case "crashed" -> crashed.add(w[1]);
                        case "left" -> left.add(w[1]);
                        default -> LOG.log(System.Logger.Level.INFO, "peers: " + line);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "peers' output ended", e);
            }
        }

        void send(String command) {
            try {
                commands.write(command + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * What the observer has not seen yet: a peer's join, a crash's suspicion and death, a leave.
         * At least once, not exactly once: on a loaded machine a live peer may be declared dead and
         * come back, which is a second join (exactly-once delivery is the TCK's to check).
         */
        List<String> unseenBy(LatencyObserver o) {
            List<String> unseen = new ArrayList<>();
            joined.stream().filter(n -> o.count(MemberJoined.class, n) == 0).forEach(n -> unseen.add("join of " + n));
            crashed.stream().filter(n -> o.count(MemberSuspected.class, n) == 0 || o.count(MemberDead.class, n) == 0)
                    .forEach(n -> unseen.add("death of " + n));
            left.stream().filter(n -> o.count(MemberLeft.class, n) == 0).forEach(n -> unseen.add("leave of " + n));
            return unseen;
        }

        @Override
        public void close() throws InterruptedException {
            try {
                send("stop");
            } catch (UncheckedIOException e) {
                // already gone
            }
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the churn peers did not stop within a minute");
            }
        }
    }

    private static void report(Churn churn, Result r, String conditions, List<LatencyObserver.Sample> slowest) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# Event latency, %s: %d members, a step every %d ms, %d steps%n%n",
                churn.label(), churn.members(), churn.stepEvery().toMillis(), churn.steps()));
        out.append(conditions).append("\n\n");
        out.append("| what | events | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
        row(out, "bootstrap, synchronous observer", r.bootstrapSync);
        row(out, "churn, synchronous observer", r.churnSync);
        row(out, "churn, asynchronous observer", r.churnAsync);
        out.append("\nLatencies in ms, from the core reporting the transition to the observer being called.\n");
        out.append("\nSlowest deliveries (ms, event, when the core reported it):\n\n");
        slowest.forEach(s -> out.append(String.format(Locale.ROOT, "- %.3f %s %s %s%n", s.micros() / 1000.0,
                s.event().getClass().getSimpleName(), s.event().member().name(), s.event().at())));
        LOG.log(System.Logger.Level.INFO, "\n" + out);
        Path dir = Path.of("target", "event-latency");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(churn.label() + ".md"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder out, String what, Histogram h) {
        out.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |%n", what,
                h.getTotalCount(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
