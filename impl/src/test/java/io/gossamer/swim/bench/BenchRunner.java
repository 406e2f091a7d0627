package io.gossamer.swim.bench;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The loop shared by the benchmarks: for each repetition (outermost, so drift of a shared
 * machine's load spreads over everything), each system, each profile and each of that system's
 * sizes, one {@link ClusterRun}; results written after every run. Settings come from system
 * properties (see {@code impl/README.md}, Benchmarks).
 */
public final class BenchRunner {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");

    private final Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> systems;
    private final Map<String, List<Integer>> sizes;
    private final List<TimingProfile> profiles;
    private final int reps;
    private final Duration settle;
    private final Duration window;
    private final Duration joinTimeout;
    private final Duration detectTimeout;
    private final Duration leaveTimeout;
    private final Duration pause;
    private final Duration pauseObserve;
    private final boolean alignWindow;
    private final int crashes;
    private final long seed;
    private final Path out;
    private final Report report;

    /**
     * @param systems      the systems to run, by name, in this order
     * @param sizes        each system's cluster sizes
     * @param pause        the SIGSTOP test's freeze (zero: no such test)
     * @param alignWindow  whether idle windows start on 10 s wall-clock boundaries
     */
    public BenchRunner(Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> systems,
                       Map<String, List<Integer>> sizes, List<TimingProfile> profiles, int reps, Duration settle,
                       Duration window, Duration pause, Duration pauseObserve, boolean alignWindow, Path out) {
        this.systems = new LinkedHashMap<>(systems);
        this.sizes = new LinkedHashMap<>(sizes);
        this.profiles = List.copyOf(profiles);
        this.reps = reps;
        this.settle = settle;
        this.window = window;
        this.pause = pause;
        this.pauseObserve = pauseObserve;
        this.alignWindow = alignWindow;
        this.joinTimeout = duration("bench.joinTimeout", "60s");
        this.detectTimeout = duration("bench.detectTimeout", "120s");
        this.leaveTimeout = duration("bench.leaveTimeout", "30s");
        this.seed = Long.getLong("bench.seed", 1L);
        this.crashes = Integer.getInteger("bench.crashes", 3);
        this.out = out;

        Map<String, String> settings = new LinkedHashMap<>();
        this.sizes.forEach((s, n) -> settings.put("sizes." + s, n.toString()));
        settings.put("repetitions", String.valueOf(reps));
        settings.put("settle", settle.toString());
        settings.put("idle_window", window.toString() + (alignWindow ? " (starting on a 10 s wall-clock boundary)" : ""));
        settings.put("pause", pause.toString());
        settings.put("pause_observe", pauseObserve.toString());
        settings.put("join_timeout", joinTimeout.toString());
        settings.put("detect_timeout", detectTimeout.toString());
        settings.put("leave_timeout", leaveTimeout.toString());
        settings.put("crashes_per_run", crashes + " (at most N - 3)");
        settings.put("seed", String.valueOf(seed));
        Map<String, String> resources = new LinkedHashMap<>();
        for (String s : this.systems.keySet()) {
            for (TimingProfile p : this.profiles) {
                try (ClusterSystem probe = system(s, p, seed)) {
                    probe.settings().forEach((k, v) -> settings.put(s + "." + p + "." + k, v));
                    resources.put(s, probe.resources().describe());
                }
            }
        }
        this.report = new Report(environment(), settings, String.join(" | ", resources.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
    }

    public Report report() {
        return report;
    }

    /** One unrecorded small run per system, so class loading and JIT stay out of the first size. */
    public void warmUp() {
        warmUp(List.copyOf(systems.keySet()), TimingProfile.LOCAL);
    }

    /** One unrecorded N=5 run of each of {@code which} with {@code profile}. */
    public void warmUp(List<String> which, TimingProfile profile) {
        for (String s : which) {
            ClusterRun.Settings ws = new ClusterRun.Settings(5, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    joinTimeout, detectTimeout, leaveTimeout, seed);
            RunResult w = new ClusterRun(system(s, profile, seed), ws, 0).execute();
            LOG.log(Level.INFO, "bench: warm-up of " + s + " took "
                    + String.format(Locale.ROOT, "%.1f s", w.wallSeconds()) + " (not recorded)"
                    + (w.notes().isEmpty() ? "" : ", notes " + w.notes()));
        }
    }

    /** Runs everything; returns the report (also written to {@code out} after every run). */
    public Report run() throws IOException {
        for (int rep = 1; rep <= reps; rep++) {
            for (String s : systems.keySet()) {
                for (TimingProfile p : profiles) {
                    for (int n : sizes.get(s)) {
                        long runSeed = seed * 7919 + rep * 31L + n;
                        LOG.log(Level.INFO, "bench: " + s + " " + p + " N=" + n + " run " + rep + "/" + reps);
                        ClusterRun.Settings rs = new ClusterRun.Settings(n, settle, window, joinTimeout,
                                detectTimeout, leaveTimeout, runSeed, pause, pauseObserve, alignWindow, crashes);
                        ClusterRun run = new ClusterRun(system(s, p, runSeed), rs, rep);
                        RunResult r = run.execute();
                        writeEvents(out.resolve(String.format(Locale.ROOT, "events-%s-%s-n%d-r%d.csv",
                                s, p.name().toLowerCase(Locale.ROOT), n, rep)), run.events());
                        LOG.log(Level.INFO, "bench: " + s + " " + p + " N=" + n + " run " + rep + " took "
                                + String.format(Locale.ROOT, "%.1f s", r.wallSeconds()) + ": " + r.values()
                                + (r.notes().isEmpty() ? "" : " notes " + r.notes()));
                        report.add(r);
                        report.write(out);
                    }
                }
            }
        }
        return report;
    }

    private ClusterSystem system(String name, TimingProfile profile, long runSeed) {
        BiFunction<TimingProfile, Long, ClusterSystem> factory = systems.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown system '" + name + "', known: " + systems.keySet());
        }
        return factory.apply(profile, runSeed);
    }

    /** The raw timeline, so a surprising number can be explained after the fact. */
    static void writeEvents(Path file, List<EventLog.Event> events) throws IOException {
        Files.createDirectories(file.getParent());
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        List<String> lines = new ArrayList<>();
        lines.add("ms,observer,subject,kind");
        for (EventLog.Event e : events) {
            lines.add(String.format(Locale.ROOT, "%.3f,%s,%s,%s", (e.nanos() - origin) / 1e6, e.observer(),
                    e.subject(), e.kind()));
        }
        Files.write(file, lines);
    }

    public static List<String> list(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    public static List<Integer> sizes(String property, String fallback) {
        return list(property, fallback).stream().map(Integer::valueOf).toList();
    }

    /** Accepts {@code 500ms}, {@code 10s}, {@code 2m} or plain seconds. */
    public static Duration duration(String property, String fallback) {
        String v = System.getProperty(property, fallback).trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put("available_processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("cpu", cpuModel());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("max_heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        env.put("gc", String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName()).toList()));
        // The machine may be shared: the load before starting says how much the numbers can be trusted.
        env.put("load_average_at_start", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return env;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
