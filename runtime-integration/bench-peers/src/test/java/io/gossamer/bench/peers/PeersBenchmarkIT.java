package io.gossamer.bench.peers;

import io.gossamer.swim.bench.BenchRunner;
import io.gossamer.swim.bench.ClusterSystem;
import io.gossamer.swim.bench.GossamerSystem;
import io.gossamer.swim.bench.Metric;
import io.gossamer.swim.bench.Report;
import io.gossamer.swim.bench.TimingProfile;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.sim.SimBench;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The side-by-side benchmark of issue 7: Serf agents, Gossamer agents (one process per node),
 * Gossamer nodes and ScaleCube nodes in this JVM, on the same scenarios ({@code ClusterRun}) with
 * the same settings, then the simulator's detection and dissemination curves and a 2,000-node
 * bootstrap. Run by {@code mvn -B -Pbench-peers -pl runtime-integration/bench-peers -am verify}; writes
 * {@code target/bench-peers/}: {@code results.json} and {@code results.md} (every run, every
 * system), {@code comparison.md} (side by side, ratios, targets), {@code sim.json},
 * {@code sim.md} and the charts ({@code *.svg}).
 *
 * <p>It asserts nothing about the numbers; it fails only if nothing was measured, or at once if
 * Serf is to be measured and is not installed: the build installs nothing on the machine.
 */
class PeersBenchmarkIT {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");
    /** What installs Serf where it is missing (Debian's package: the version the results were measured with). */
    static final String INSTALL_SERF = "sudo apt-get install serf";

    @Test
    void side_by_side() throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/bench-peers"));
        Files.createDirectories(out);
        List<String> summary = new ArrayList<>();
        requireSerfIfMeasured();
        double load = waitForQuietMachine();
        summary.add(String.format(Locale.ROOT, "1-minute load average when the benchmark started: %.2f", load));
        boolean measured = false;

        if (!"false".equals(System.getProperty("bench.clusters"))) {
            Report report = clusters(out);
            measured |= report.runs().stream().anyMatch(r -> !r.values().isEmpty());
            summary.add(String.format(Locale.ROOT, "1-minute load average when the cluster runs ended: %.2f", load()));
        }
        if (!"false".equals(System.getProperty("bench.sim"))) {
            simulator(out);
            measured = true;
        }
        Files.write(out.resolve("load.txt"), summary);
        LOG.log(Level.INFO, "bench-peers: results in " + out.toAbsolutePath() + "; " + String.join("; ", summary));
        if (!measured) {
            throw new AssertionError("nothing was measured; see " + out);
        }
    }

    // ------------------------------------------------------------------ real clusters

    private Report clusters(Path out) throws IOException {
        TimingProfile lan = TimingProfile.LAN;
        Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> all = new LinkedHashMap<>();
        if (SerfSystem.available()) {
            all.put(PeerComparison.SERF, (p, seed) -> new SerfSystem(p));
        }
        String agentJvm = System.getProperty("bench.agentJvm", AgentSystem.DEFAULT_JVM_OPTIONS);
        AgentSystem.jarFromProperty().filter(Files::isRegularFile).ifPresent(jar -> {
            all.put(PeerComparison.AGENT, (p, seed) -> new AgentSystem(p, jar, agentJvm));
            all.put(PeerComparison.AGENT_FAST, (p, seed) -> new AgentSystem(p, Profile.LAN_FAST.key(), jar, agentJvm));
        });
        all.put(PeerComparison.JVM, (p, seed) -> new GossamerSystem(p, seed, true));
        all.put(PeerComparison.JVM_FAST, (p, seed) -> new GossamerSystem(p, seed, true, Profile.LAN_FAST));
        all.put(PeerComparison.SCALECUBE, (p, seed) -> new ScaleCubeSystem(p));
        List<String> chosen = BenchRunner.list("bench.systems", String.join(",", all.keySet()));
        Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> systems = new LinkedHashMap<>();
        Map<String, List<Integer>> sizes = new LinkedHashMap<>();
        for (String s : chosen) {
            if (!all.containsKey(s)) {
                throw new IllegalArgumentException("unknown or unavailable system " + s + "; have " + all.keySet());
            }
            systems.put(s, all.get(s));
            boolean processes = s.equals(PeerComparison.SERF) || s.equals(PeerComparison.AGENT)
                    || s.equals(PeerComparison.AGENT_FAST);
            sizes.put(s, processes ? BenchRunner.sizes("bench.processSizes", "5,10,25,50")
                    : BenchRunner.sizes("bench.jvmSizes", "5,10,25,50,100"));
        }
        BenchRunner runner = new BenchRunner(systems, sizes, List.of(lan), Integer.getInteger("bench.reps", 3),
                BenchRunner.duration("bench.settle", "5s"), BenchRunner.duration("bench.window", "20s"),
                BenchRunner.duration("bench.pause", "3s"), BenchRunner.duration("bench.pauseObserve", "8s"),
                true, out);
        List<String> inJvm = chosen.stream().filter(s -> s.equals(PeerComparison.JVM)
                || s.equals(PeerComparison.JVM_FAST) || s.equals(PeerComparison.SCALECUBE)).toList();
        if (!"0".equals(System.getProperty("bench.warmup", "1"))) {
            runner.warmUp(inJvm, lan);
        }
        Report report = runner.run();
        PeerComparison c = new PeerComparison(report);
        StringBuilder md = new StringBuilder("### Side by side\n\n").append(c.sideBySide());
        for (String g : List.of(PeerComparison.AGENT, PeerComparison.JVM, PeerComparison.AGENT_FAST,
                PeerComparison.JVM_FAST)) {
            if (chosen.contains(g) && chosen.contains(PeerComparison.SERF)) {
                md.append("### Targets: ").append(g).append(" against serf\n\n").append(c.targetsTable(g)).append('\n');
            }
        }
        Files.writeString(out.resolve("comparison.md"), md.toString());
        Files.writeString(out.resolve("detection-vs-n.svg"), c.detectionChart().svg());
        Files.writeString(out.resolve("bytes-vs-n.svg"), c.chart("Idle traffic: bytes sent per member per second",
                "bytes / member / s (UDP payload; ScaleCube: TCP messages)", Metric.IDLE_BYTES_SENT, 1, s -> true).svg());
        Files.writeString(out.resolve("cpu-vs-n.svg"), c.chart("Idle CPU per member", "% of one core",
                Metric.CPU_PER_MEMBER, 1, s -> true).svg());
        return report;
    }

    // ------------------------------------------------------------------ simulator

    /**
     * lan-fast against N on the same sizes and seeds as the LAN points: a killed process (its host
     * refuses connections) and a silent host, each against LAN's crash.
     */
    private void lanFast(Path out, List<Integer> ns, int manySeeds, Map<Integer, SimBench.Point> lan)
            throws IOException {
        Map<Integer, SimBench.Point> killed = new LinkedHashMap<>();
        Map<Integer, SimBench.Point> silent = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder("| N | seeds | lan: DEAD first / median / last | lan-fast, killed process "
                + "| ratio (last) | lan-fast, silent host | ratio (last) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int n : ns) {
            int seeds = n <= 1000 ? manySeeds : 1;
            List<SimBench.Point> k = new ArrayList<>();
            List<SimBench.Point> s = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                k.add(SimBench.detectionAtScale(n, 1000L * n + i, Profile.LAN_FAST, true));
                s.add(SimBench.detectionAtScale(n, 1000L * n + i, Profile.LAN_FAST, false));
                LOG.log(Level.INFO, "bench-peers: sim lan-fast " + k.get(i) + " / " + s.get(i));
            }
            killed.put(n, median(k));
            silent.put(n, median(s));
            SimBench.Point l = lan.get(n);
            md.append(String.format(Locale.ROOT, "| %,d | %d | %s | %s | %.2f× | %s | %.2f× |%n", n, seeds, dead(l),
                    dead(killed.get(n)), killed.get(n).deadLastMs() / (double) l.deadLastMs(), dead(silent.get(n)),
                    silent.get(n).deadLastMs() / (double) l.deadLastMs()));
            Files.writeString(out.resolve("sim-lan-fast.md"), md.toString());
        }
        SvgChart chart = new SvgChart("Simulator: DEAD at the last survivor, lan against lan-fast", "cluster size N",
                "seconds after the failure", true);
        chart.add("lan (killed process or silent host)", false, series(lan, p -> p.deadLastMs() / 1e3));
        chart.add("lan-fast, silent host", false, series(silent, p -> p.deadLastMs() / 1e3));
        chart.add("lan-fast, killed process", false, series(killed, p -> p.deadLastMs() / 1e3));
        Files.writeString(out.resolve("sim-lan-fast-vs-n.svg"), chart.svg());
    }

    private static String dead(SimBench.Point p) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f s", p.deadFirstMs() / 1e3, p.deadMedianMs() / 1e3,
                p.deadLastMs() / 1e3);
    }

    private void simulator(Path out) throws IOException {
        List<Integer> ns = BenchRunner.sizes("bench.simSizes", "10,30,100,300,1000,2000,3000");
        int manySeeds = Integer.getInteger("bench.simSeeds", 3);
        List<SimBench.Point> points = new ArrayList<>();
        Map<Integer, SimBench.Point> medians = new LinkedHashMap<>();
        for (int n : ns) {
            int seeds = n <= 1000 ? manySeeds : 1;
            List<SimBench.Point> mine = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                SimBench.Point p = SimBench.detectionAtScale(n, 1000L * n + i, Profile.LAN, false);
                LOG.log(Level.INFO, "bench-peers: sim " + p);
                mine.add(p);
                points.add(p);
                writeSim(out, points, null);
            }
            medians.put(n, median(mine));
        }
        lanFast(out, ns, manySeeds, medians);
        int bootN = Integer.getInteger("bench.bootstrapSize", 2000);
        SimBench.Bootstrap boot = SimBench.bootstrap(bootN, 1, 2000);
        LOG.log(Level.INFO, "bench-peers: bootstrap of " + bootN + " through one seed converged at "
                + boot.convergedMs() + " ms virtual, " + boot.wallMs() + " ms wall");
        writeSim(out, points, boot);

        SvgChart detection = new SvgChart("Simulator: crash detection against N (LAN defaults)", "cluster size N",
                "seconds after the crash", true);
        detection.add("first suspicion", false, series(medians, p -> p.firstSuspicionMs() / 1e3));
        detection.add("DEAD at first survivor", false, series(medians, p -> p.deadFirstMs() / 1e3));
        detection.add("DEAD at last survivor", false, series(medians, p -> p.deadLastMs() / 1e3));
        detection.add("theory: e/(e-1) + 1 + 4·max(1, log10 N) s", true,
                curve(medians, PeerComparison::theoryDetectionSeconds));
        Files.writeString(out.resolve("sim-detection-vs-n.svg"), detection.svg());

        SvgChart dissemination = new SvgChart("Simulator: dissemination against N", "cluster size N",
                "seconds", true);
        dissemination.add("leave: LEFT at last member", false, series(medians, p -> p.leftLastMs() / 1e3));
        dissemination.add("leave: LEFT at median member", false, series(medians, p -> p.leftMedianMs() / 1e3));
        dissemination.add("death: first to last DEAD", false, series(medians, p -> p.deadSpreadMs() / 1e3));
        dissemination.add("floor: ceil(log4 N) x 200 ms", true,
                curve(medians, n -> PeerComparison.theoryDisseminationFloorSeconds(n, 3, 0.2)));
        dissemination.add("logistic model, 99.99 %", true,
                curve(medians, n -> PeerComparison.theoryDisseminationLogisticSeconds(n, 3, 0.2)));
        Files.writeString(out.resolve("sim-dissemination-vs-n.svg"), dissemination.svg());

        SvgChart bootstrap = new SvgChart("Simulator: " + bootN + " nodes join through one seed at once",
                "seconds (virtual)", "nodes that see all " + bootN + " alive", false);
        List<double[]> complete = new ArrayList<>();
        for (long[] s : boot.completeOverTime()) {
            complete.add(new double[] {s[0] / 1e3, s[1]});
        }
        bootstrap.add("Gossamer (simulated)", false, complete);
        Files.writeString(out.resolve("bootstrap-" + bootN + ".svg"), bootstrap.svg());
    }

    private static List<double[]> series(Map<Integer, SimBench.Point> m,
                                         java.util.function.ToDoubleFunction<SimBench.Point> f) {
        List<double[]> out = new ArrayList<>();
        m.forEach((n, p) -> {
            double v = f.applyAsDouble(p);
            if (v >= 0) {
                out.add(new double[] {n, v});
            }
        });
        return out;
    }

    private static List<double[]> curve(Map<Integer, SimBench.Point> m, java.util.function.DoubleUnaryOperator f) {
        List<double[]> out = new ArrayList<>();
        int lo = m.keySet().stream().min(Integer::compare).orElse(10);
        int hi = m.keySet().stream().max(Integer::compare).orElse(1000);
        for (double n = lo; n <= hi * 1.0001; n *= 1.25) {
            out.add(new double[] {n, f.applyAsDouble(n)});
        }
        return out;
    }

    /** Field by field medians of several seeds' points (for one seed, the point itself). */
    private static SimBench.Point median(List<SimBench.Point> ps) {
        if (ps.size() == 1) {
            return ps.get(0);
        }
        java.util.function.Function<java.util.function.ToLongFunction<SimBench.Point>, Long> med = f -> {
            long[] v = ps.stream().mapToLong(f).sorted().toArray();
            return v[v.length / 2];
        };
        SimBench.Point first = ps.get(0);
        return new SimBench.Point(first.n(), -1, med.apply(SimBench.Point::convergedMs),
                med.apply(SimBench.Point::firstSuspicionMs), med.apply(SimBench.Point::deadFirstMs),
                med.apply(SimBench.Point::deadMedianMs), med.apply(SimBench.Point::deadLastMs),
                med.apply(SimBench.Point::deadSpreadMs), med.apply(SimBench.Point::leftMedianMs),
                med.apply(SimBench.Point::leftLastMs), first.suspicionMinMs(), med.apply(SimBench.Point::wallMs));
    }

    private static void writeSim(Path out, List<SimBench.Point> points, SimBench.Bootstrap boot) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"points\": [\n");
        json.append(points.stream().map(p -> String.format(Locale.ROOT,
                "    {\"n\": %d, \"seed\": %d, \"converged_ms\": %d, \"first_suspicion_ms\": %d, \"dead_first_ms\": %d, "
                        + "\"dead_median_ms\": %d, \"dead_last_ms\": %d, \"dead_spread_ms\": %d, \"left_median_ms\": %d, "
                        + "\"left_last_ms\": %d, \"suspicion_min_ms\": %d, \"wall_ms\": %d}",
                p.n(), p.seed(), p.convergedMs(), p.firstSuspicionMs(), p.deadFirstMs(), p.deadMedianMs(),
                p.deadLastMs(), p.deadSpreadMs(), p.leftMedianMs(), p.leftLastMs(), p.suspicionMinMs(), p.wallMs()))
                .collect(Collectors.joining(",\n")));
        json.append("\n  ]");
        StringBuilder md = new StringBuilder("| N | seeds | converged | first suspicion | DEAD first / median / last "
                + "| DEAD spread | LEFT median / last | suspicion min | theory (first survivor) | wall |\n"
                + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Map<Integer, List<SimBench.Point>> byN = new LinkedHashMap<>();
        points.forEach(p -> byN.computeIfAbsent(p.n(), k -> new ArrayList<>()).add(p));
        byN.forEach((n, ps) -> {
            SimBench.Point p = median(ps);
            md.append(String.format(Locale.ROOT, "| %,d | %d | %.1f s | %.1f s | %.1f / %.1f / %.1f s | %.2f s | "
                            + "%.2f / %.2f s | %.1f s | %.1f s | %.0f s |%n", n, ps.size(), p.convergedMs() / 1e3,
                    p.firstSuspicionMs() / 1e3, p.deadFirstMs() / 1e3, p.deadMedianMs() / 1e3, p.deadLastMs() / 1e3,
                    p.deadSpreadMs() / 1e3, p.leftMedianMs() / 1e3, p.leftLastMs() / 1e3, p.suspicionMinMs() / 1e3,
                    PeerComparison.theoryDetectionSeconds(n), ps.stream().mapToLong(SimBench.Point::wallMs).sum() / 1e3));
        });
        if (boot != null) {
            json.append(String.format(Locale.ROOT, ",%n  \"bootstrap\": {\"n\": %d, \"seeds\": %d, \"seed\": %d, "
                    + "\"converged_ms\": %d, \"wall_ms\": %d}", boot.n(), boot.seeds(), boot.seed(), boot.convergedMs(),
                    boot.wallMs()));
            md.append(String.format(Locale.ROOT, "%nBootstrap: %,d nodes start and join through one seed at once: "
                    + "every node sees all %,d alive after **%.1f s** (virtual; %.0f s of wall time).%n", boot.n(),
                    boot.n(), boot.convergedMs() / 1e3, boot.wallMs() / 1e3));
        }
        json.append("\n}\n");
        Files.writeString(out.resolve("sim.json"), json.toString());
        Files.writeString(out.resolve("sim.md"), md.toString());
    }

    // ------------------------------------------------------------------ the machine

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Waits (up to {@code bench.loadWait}, default 15 min) for the 1-minute load average to fall
     * below {@code bench.maxLoad} (default 1.2): the machine may be shared. Returns the load when
     * the benchmark starts, which goes into the results either way.
     */
    /**
     * Fails before anything runs when the cluster runs include Serf (as they do unless
     * {@code bench.systems} leaves it out) and no {@code serf} can be started, saying how to get it.
     */
    private static void requireSerfIfMeasured() {
        boolean clusters = !"false".equals(System.getProperty("bench.clusters"));
        if (clusters && BenchRunner.list("bench.systems", PeerComparison.SERF).contains(PeerComparison.SERF)
                && !SerfSystem.available()) {
            throw new AssertionError("serf is not installed (" + System.getProperty("bench.serf", "serf")
                    + " is no executable on the PATH, nor -Dbench.serf's path): install it with '" + INSTALL_SERF
                    + "' (Debian, Ubuntu), or leave it out with"
                    + " -Dbench.systems=" + PeerComparison.AGENT + "," + PeerComparison.JVM + ","
                    + PeerComparison.SCALECUBE);
        }
    }

    private static double waitForQuietMachine() {
        double max = Double.parseDouble(System.getProperty("bench.maxLoad", "1.2"));
        Duration wait = BenchRunner.duration("bench.loadWait", "15m");
        try {
            await().atMost(wait.plusSeconds(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(30))
                    .until(() -> {
                        double now = load();
                        if (now >= max) {
                            LOG.log(Level.INFO, String.format(Locale.ROOT, "bench-peers: load %.2f >= %.2f, waiting",
                                    now, max));
                        }
                        return now < max;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Measured anyway: the load goes into the results.
        }
        double l = load();
        if (l >= max) {
            LOG.log(Level.WARNING, String.format(Locale.ROOT, "bench-peers: starting at load %.2f (waited %s)", l, wait));
        }
        return l;
    }
}
