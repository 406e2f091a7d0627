package io.gossamer.swim.bench;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One run: start N nodes, join them, measure the idle cluster, crash one node, make another
 * leave, close everything. Knows systems only through {@link ClusterSystem}.
 *
 * <p>Every wait is a polling loop with a deadline: a system that never converges produces a
 * result with notes and missing numbers, never a hung build.
 */
public final class ClusterRun {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");
    private static final long POLL_MS = 20;
    private static final Duration EVENT_GRACE = Duration.ofSeconds(2);
    /** How often a join still under way logs its progress ({@link JoinProgress}). */
    private static final Duration PROGRESS_STEP = Duration.ofSeconds(15);

    /**
     * @param size          N, the number of nodes
     * @param settle        pause after convergence before the idle window, so join gossip has died down
     * @param idleWindow    how long idle traffic and CPU are measured
     * @param joinTimeout   bound on join convergence
     * @param detectTimeout bound on the crash being seen DEAD by all survivors
     * @param leaveTimeout  bound on the leave being seen by all others
     * @param seed          chooses the crashed, the leaving and the paused node
     * @param pause         how long one node is frozen (SIGSTOP, then SIGCONT); zero skips the test
     * @param pauseObserve  how long deaths are still counted after the node is resumed
     * @param alignWindow   start the idle window on a 10 s wall-clock boundary (and make it a
     *                      multiple of 10 s), as systems whose counters come in 10 s intervals need
     * @param crashes       how many nodes crash, one after the other, each once the previous is
     *                      DEAD everywhere (at most {@code size - 3}, at least 1): detection time
     *                      varies with when the victim is next probed, so one crash per run is a
     *                      small sample; the run reports the median over its crashes
     */
    public record Settings(int size, Duration settle, Duration idleWindow, Duration joinTimeout,
                           Duration detectTimeout, Duration leaveTimeout, long seed, Duration pause,
                           Duration pauseObserve, boolean alignWindow, int crashes) {
        public Settings {
            if (size < 3) {
                // One node crashes and one leaves: at least one observer must remain.
                throw new IllegalArgumentException("size must be >= 3: " + size);
            }
            // Node 0 (the seed), the leaver and one observer never crash.
            crashes = Math.max(1, Math.min(crashes, size - 3));
        }

        /** Without the pause test and without window alignment. */
        public Settings(int size, Duration settle, Duration idleWindow, Duration joinTimeout,
                        Duration detectTimeout, Duration leaveTimeout, long seed) {
            this(size, settle, idleWindow, joinTimeout, detectTimeout, leaveTimeout, seed, Duration.ZERO,
                    Duration.ZERO, false, 1);
        }
    }

    /** The length of the wall-clock intervals an aligned idle window is made of. */
    public static final long WINDOW_STEP_MS = 10_000;

    private final ClusterSystem system;
    private final Settings settings;
    private final RunResult result;
    private final EventLog log = new EventLog();

    public ClusterRun(ClusterSystem system, Settings settings, int repetition) {
        this.system = system;
        this.settings = settings;
        this.result = new RunResult(system.name(), system.profile(), settings.size(), repetition);
    }

    /** Every event of the run so far, for a dump next to the results. */
    public List<EventLog.Event> events() {
        return log.snapshot();
    }

    /** Runs the scenarios, then closes the system (and so every node) whatever happened. */
    public RunResult execute() {
        long wallStart = System.nanoTime();
        List<BenchNode> nodes = new ArrayList<>();
        try {
            run(nodes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.note("interrupted");
        } catch (Exception e) {
            LOG.log(Level.ERROR, "run failed", e);
            result.note("run failed: " + e);
        } finally {
            for (BenchNode n : nodes) {
                n.close();
            }
            system.close();
            result.wallSeconds((System.nanoTime() - wallStart) / 1e9);
        }
        return result;
    }

    private void run(List<BenchNode> nodes) throws Exception {
        int n = settings.size();
        ResourceProbe resources = system.resources();
        long memoryBefore = resources.settledMemoryBytes();

        // Who crashes, leaves and pauses is chosen up front: a system may have to host the paused
        // node apart. Never the seed (node 0): a later system may treat seeds specially.
        Random random = new Random(settings.seed());
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            candidates.add(i);
        }
        List<Integer> victimIndexes = new ArrayList<>();
        for (int i = 0; i < settings.crashes(); i++) {
            victimIndexes.add(candidates.remove(random.nextInt(candidates.size())));
        }
        int leaverIndex = candidates.remove(random.nextInt(candidates.size()));
        // The paused node may be a later victim: it has long been resumed by then.
        List<Integer> pausable = new ArrayList<>(candidates);
        pausable.addAll(victimIndexes.subList(1, victimIndexes.size()));
        int pausedIndex = pausable.isEmpty() || settings.pause().isZero() ? -1
                : pausable.get(random.nextInt(pausable.size()));
        if (pausedIndex >= 0) {
            system.willPause(nodeName(pausedIndex));
        }

        for (int i = 0; i < n; i++) {
            nodes.add(system.startNode(nodeName(i), log));
        }
        for (BenchNode node : nodes) {
            node.awaitReady();
        }
        List<String> names = nodes.stream().map(BenchNode::name).toList();

        if (!joinAll(nodes, names)) {
            return;
        }
        long convergedAt = System.nanoTime();

        sleep(settings.settle());
        measureIdle(nodes, convergedAt);
        if (resources.perProcess()) {
            // Before any process is killed or leaves: the sum is over all n.
            recordMemory(memoryBefore, resources.settledMemoryBytes(), n, true);
        }

        if (pausedIndex >= 0) {
            pauseAndResume(nodes, nodes.get(pausedIndex));
        }

        List<BenchNode> survivors = new ArrayList<>(nodes);
        List<Map<Metric, Double>> crashes = new ArrayList<>();
        for (int index : victimIndexes) {
            BenchNode victim = nodes.get(index);
            survivors.remove(victim);
            Map<Metric, Double> one = crash(victim, survivors);
            crashes.add(one);
            if (!one.containsKey(Metric.DETECT_ALL_MS)) {
                break;
            }
        }
        for (Metric m : List.of(Metric.FIRST_SUSPICION_MS, Metric.DETECT_FIRST_MS, Metric.DETECT_MEDIAN_MS,
                Metric.DETECT_ALL_MS)) {
            double[] v = crashes.stream().filter(c -> c.containsKey(m)).mapToDouble(c -> c.get(m)).toArray();
            if (v.length > 0) {
                result.put(m, Stats.quantile(0.5, v));
            }
        }
        result.put(Metric.CRASHES, crashes.size());

        BenchNode leaver = nodes.get(leaverIndex);
        leave(leaver, survivors.stream().filter(x -> x != leaver).toList());

        if (!resources.perProcess()) {
            // Weighed last: the full collections it takes stop every node in this JVM for a second
            // or more at 1,000 nodes, and each comes out of that stall cautious (its local health
            // counts the late timers) for half a minute, which a crash right after would be timed in.
            recordMemory(memoryBefore, resources.settledMemoryBytes(), n, false);
        }
    }

    private void recordMemory(long before, long after, int n, boolean perProcess) {
        if (before >= 0 && after >= 0) {
            if (perProcess) {
                result.put(Metric.RSS_PER_PROCESS, (after - before) / (1024.0 * 1024.0) / n);
            } else {
                result.put(Metric.HEAP_PER_MEMBER, (after - before) / 1024.0 / n);
            }
        }
    }

    static String nodeName(int index) {
        return String.format("node-%03d", index);
    }

    /**
     * Freezes one node for {@code pause}, resumes it, and counts the deaths anybody declares from
     * the freeze until {@code pauseObserve} after the resume: every one is false, nobody failed.
     */
    private void pauseAndResume(List<BenchNode> nodes, BenchNode paused) throws Exception {
        long start = System.nanoTime();
        try {
            paused.pause();
        } catch (UnsupportedOperationException e) {
            result.note("pause not supported: " + e.getMessage());
            return;
        }
        try {
            sleep(settings.pause());
        } finally {
            paused.resume();
        }
        sleep(settings.pauseObserve());
        List<EventLog.Event> events = log.since(start);
        long deaths = events.stream().filter(e -> e.nanos() - start >= 0 && e.kind() == EventKind.DEAD).count();
        long suspicions = events.stream().filter(e -> e.nanos() - start >= 0 && e.kind() == EventKind.SUSPECT
                && e.subject().equals(paused.name())).count();
        result.put(Metric.PAUSE_FALSE_DEATHS, deaths);
        result.put(Metric.PAUSE_SUSPICIONS, suspicions);
        if (deaths > 0) {
            result.note("SIGSTOP of " + paused.name() + ": " + deaths + " false death(s): " + events.stream()
                    .filter(e -> e.nanos() - start >= 0 && e.kind() == EventKind.DEAD)
                    .map(e -> e.observer() + " declared " + e.subject() + " dead")
                    .limit(5).collect(Collectors.joining(", ")));
        }
        // The crash is timed from views that agree again: every node sees every node alive, the
        // refutation of any suspicion the freeze raised having reached them all.
        Set<String> all = nodes.stream().map(BenchNode::name).collect(Collectors.toSet());
        if (!waitUntil(settings.pauseObserve(), () -> allSeeAllAlive(nodes, all))) {
            result.note("after the SIGSTOP of " + paused.name() + " the views still disagreed "
                    + settings.pauseObserve() + " later");
        }
    }

    /** Whether every node sees every one of {@code all} alive. */
    private static boolean allSeeAllAlive(List<BenchNode> nodes, Set<String> all) {
        // The count first: it rules out a lagging node without building its set of names.
        return nodes.stream().allMatch(x -> x.aliveCount() >= all.size() - 1 && x.aliveMembers().containsAll(all));
    }

    /** Everyone but node 0 joins through node 0 at once; true when all see all alive. */
    private boolean joinAll(List<BenchNode> nodes, List<String> names) throws InterruptedException {
        String seed = nodes.get(0).seedAddress();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        long[] slowestJoinCall = {0};
        for (BenchNode node : nodes.subList(1, nodes.size())) {
            joins.add(node.join(List.of(seed)).whenComplete((v, e) -> {
                long took = System.nanoTime() - start;
                synchronized (slowestJoinCall) {
                    slowestJoinCall[0] = Math.max(slowestJoinCall[0], took);
                }
            }));
        }
        Set<String> all = Set.copyOf(names);
        // In steps, so that a slow or stalled join says how far it got and what is missing where.
        JoinProgress progress = new JoinProgress(nodes, all, log, start, system.resources());
        long deadline = start + settings.joinTimeout().toNanos();
        boolean converged = false;
        while (!converged && deadline - System.nanoTime() > 0) {
            Duration step = Duration.ofNanos(Math.min(PROGRESS_STEP.toNanos(), deadline - System.nanoTime()));
            converged = waitUntil(step, () -> allSeeAllAlive(nodes, all));
            if (!converged) {
                LOG.log(Level.INFO, "bench: " + progress.describe());
            }
        }
        long polled = System.nanoTime() - start;
        if (joins.stream().allMatch(CompletableFuture::isDone)) {
            synchronized (slowestJoinCall) {
                result.put(Metric.JOIN_CALL_MS, slowestJoinCall[0] / 1e6);
            }
        }
        long failedJoins = joins.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        if (failedJoins > 0) {
            joins.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().ifPresent(f -> {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    result.note(failedJoins + " join call(s) failed, first: " + e.getCause());
                }
            });
        }
        if (!converged) {
            String lagging = nodes.stream()
                    .filter(x -> !x.aliveMembers().containsAll(all))
                    .map(x -> x.name() + " sees " + x.aliveMembers().size())
                    .limit(10)
                    .collect(Collectors.joining(", "));
            result.note("join did not converge within " + settings.joinTimeout() + ": " + lagging);
            return false;
        }
        // Views are published before their events reach listeners, so the last events may still
        // be on their way when polling sees convergence: give them a moment.
        OptionalLong[] fromEvents = {Analysis.convergence(log.snapshot(), names, start)};
        waitUntil(EVENT_GRACE, () -> {
            fromEvents[0] = Analysis.convergence(log.snapshot(), names, start);
            return fromEvents[0].isPresent();
        });
        if (fromEvents[0].isPresent()) {
            result.put(Metric.JOIN_CONVERGENCE_MS, fromEvents[0].getAsLong() / 1e6);
        } else {
            // The views converged but the events did not say so: report the polled time, and say so.
            result.put(Metric.JOIN_CONVERGENCE_MS, polled / 1e6);
            result.note("join convergence from polling (events incomplete)");
        }
        return true;
    }

    private void measureIdle(List<BenchNode> nodes, long convergedAt) throws InterruptedException {
        int n = nodes.size();
        ResourceProbe resources = system.resources();
        Duration window = settings.idleWindow();
        if (settings.alignWindow()) {
            long steps = Math.max(1, (window.toMillis() + WINDOW_STEP_MS - 1) / WINDOW_STEP_MS);
            window = Duration.ofMillis(steps * WINDOW_STEP_MS);
            long now = System.currentTimeMillis();
            // A few ms past the boundary, so every counter interval has rolled over.
            sleep(Duration.ofMillis((now / WINDOW_STEP_MS + 1) * WINDOW_STEP_MS + 5 - now));
        }
        long wallStart = System.currentTimeMillis();
        // Counters of processes are read one by one: the middle of each reading is its instant.
        long readingStart = System.nanoTime();
        Traffic before = total(nodes);
        long trafficFrom = (readingStart + System.nanoTime()) / 2;
        long cpuBefore = resources.cpuTimeNanos();
        long start = System.nanoTime();
        sleep(Duration.ofMillis(settings.alignWindow()
                ? (wallStart / WINDOW_STEP_MS) * WINDOW_STEP_MS + window.toMillis() + 5 - System.currentTimeMillis()
                : window.toMillis()));
        long cpuAfter = resources.cpuTimeNanos();
        double seconds = (System.nanoTime() - start) / 1e9;
        readingStart = System.nanoTime();
        Traffic after = total(nodes);
        long trafficTo = (readingStart + System.nanoTime()) / 2;
        long wallEnd = System.currentTimeMillis();

        long from = (wallStart / WINDOW_STEP_MS) * WINDOW_STEP_MS;
        long to = (wallEnd / WINDOW_STEP_MS) * WINDOW_STEP_MS;
        java.util.Optional<Traffic> windowed = settings.alignWindow()
                ? system.windowTraffic(nodes, from, to) : java.util.Optional.empty();
        Traffic d = windowed.orElse(after.minus(before));
        double trafficSeconds = windowed.isPresent() ? (to - from) / 1000.0 : (trafficTo - trafficFrom) / 1e9;
        putRate(Metric.IDLE_PACKETS_SENT, d.packetsSent(), n * trafficSeconds);
        putRate(Metric.IDLE_BYTES_SENT, d.bytesSent(), n * trafficSeconds);
        putRate(Metric.IDLE_PACKETS_RECEIVED, d.packetsReceived(), n * trafficSeconds);
        putRate(Metric.IDLE_STREAMS, d.streamsOpened(), n * trafficSeconds / 60);
        if (cpuBefore >= 0 && cpuAfter >= 0) {
            result.put(Metric.CPU_PER_MEMBER, 100.0 * (cpuAfter - cpuBefore) / 1e9 / seconds / n);
        }
        result.put(Metric.IDLE_SUSPICIONS, log.count(EventKind.SUSPECT, convergedAt));
    }

    private void putRate(Metric m, long count, double per) {
        if (count >= 0) {
            result.put(m, count / per);
        }
    }

    private static Traffic total(List<BenchNode> nodes) {
        Traffic t = Traffic.ZERO;
        for (BenchNode x : nodes) {
            t = t.plus(x.traffic());
        }
        return t;
    }

    /** One crash: its detection times, only those measured (a survivor that never saw it: no last). */
    private Map<Metric, Double> crash(BenchNode victim, List<BenchNode> survivors) throws Exception {
        Map<Metric, Double> out = new java.util.EnumMap<>(Metric.class);
        List<String> observers = survivors.stream().map(BenchNode::name).toList();
        long start = System.nanoTime();
        victim.crash();
        boolean all = waitUntil(settings.detectTimeout(), () -> Analysis.firstSeen(log.since(start),
                EventKind.DEAD, victim.name(), observers, start).size() == observers.size());
        List<EventLog.Event> events = log.since(start);
        Map<String, Long> suspected = Analysis.firstSeen(events, EventKind.SUSPECT, victim.name(), observers, start);
        suspected.values().stream().mapToLong(Long::longValue).min()
                .ifPresent(ns -> out.put(Metric.FIRST_SUSPICION_MS, ns / 1e6));
        Analysis.Spread dead = Analysis.spread(
                Analysis.firstSeen(events, EventKind.DEAD, victim.name(), observers, start), observers.size());
        if (dead.reported() > 0) {
            out.put(Metric.DETECT_FIRST_MS, dead.firstMs());
            out.put(Metric.DETECT_MEDIAN_MS, dead.medianMs());
        }
        if (all) {
            out.put(Metric.DETECT_ALL_MS, dead.lastMs());
        } else {
            result.note("crash of " + victim.name() + " seen DEAD by " + dead.reported() + " of "
                    + dead.expected() + " within " + settings.detectTimeout());
        }
        return out;
    }

    private void leave(BenchNode leaver, List<BenchNode> others) throws InterruptedException {
        List<String> observers = others.stream().map(BenchNode::name).toList();
        long start = System.nanoTime();
        CompletableFuture<Void> leaving = leaver.leave(settings.leaveTimeout());
        boolean all = waitUntil(settings.leaveTimeout(), () -> Analysis.firstSeen(log.since(start),
                EventKind.LEFT, leaver.name(), observers, start).size() == observers.size());
        Analysis.Spread left = Analysis.spread(
                Analysis.firstSeen(log.since(start), EventKind.LEFT, leaver.name(), observers, start), observers.size());
        result.put(Metric.LEAVE_FIRST_MS, left.firstMs());
        result.put(Metric.LEAVE_ALL_MS, left.lastMs());
        if (!all) {
            result.note("leave of " + leaver.name() + " seen by " + left.reported() + " of "
                    + left.expected() + " within " + settings.leaveTimeout());
        }
        try {
            // The leave call itself may still be spreading the news; give it the rest of its time.
            leaving.get(settings.leaveTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            result.note("leave call of " + leaver.name() + " did not complete: " + e);
        }
    }

    private static boolean waitUntil(Duration timeout, BooleanSupplier condition) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(POLL_MS))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Lets the cluster run for {@code d}: a measurement window or a fault's length, fixed by the
     * benchmark's settings. Nothing is waited for here; conditions are awaited in {@link #waitUntil}.
     */
    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(Math.max(0, d.toMillis()));
    }
}
