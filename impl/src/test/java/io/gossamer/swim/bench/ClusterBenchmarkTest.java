package io.gossamer.swim.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
 * The cluster benchmark: real UDP clusters in this JVM, every size repeated, results written to
 * {@code target/bench/results.json} and {@code results.md}. Excluded from the default build; run
 * it with {@code mvn -B -Pbench -pl impl -am verify}.
 *
 * <p>System properties: {@code bench.systems} (default {@code gossamer}), {@code bench.profiles}
 * ({@code LAN}), {@code bench.sizes} ({@code 10,25,50}), {@code bench.reps} ({@code 3}),
 * {@code bench.settle} ({@code 5s}), {@code bench.window} ({@code 10s}), {@code bench.joinTimeout}
 * ({@code 60s}), {@code bench.detectTimeout} ({@code 120s}), {@code bench.leaveTimeout}
 * ({@code 30s}), {@code bench.seed} ({@code 1}), {@code bench.vertxPerNode} ({@code false}),
 * {@code bench.warmup} ({@code 1}: one unrecorded LOCAL N=5 run first; {@code 0} skips it),
 * {@code bench.out} ({@code target/bench}).
 *
 * <p>It asserts nothing about the numbers: a benchmark that fails on a slow machine measures
 * the machine. It fails only if no run produced any result at all.
 */
@Tag("bench")
class ClusterBenchmarkTest {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");

    /** Systems that can be measured, by name. A later system registers here. */
    private static final Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> SYSTEMS = Map.of(
            "gossamer", (profile, seed) -> new GossamerSystem(profile, seed,
                    !Boolean.getBoolean("bench.vertxPerNode")));

    @Test
    void clusters() throws IOException {
        List<String> systems = list("bench.systems", "gossamer");
        List<TimingProfile> profiles = list("bench.profiles", "LAN").stream()
                .map(p -> TimingProfile.valueOf(p.toUpperCase(Locale.ROOT))).toList();
        List<Integer> sizes = list("bench.sizes", "10,25,50").stream().map(Integer::valueOf).toList();
        int reps = Integer.getInteger("bench.reps", 3);
        Duration settle = duration("bench.settle", "5s");
        Duration window = duration("bench.window", "10s");
        Duration joinTimeout = duration("bench.joinTimeout", "60s");
        Duration detectTimeout = duration("bench.detectTimeout", "120s");
        Duration leaveTimeout = duration("bench.leaveTimeout", "30s");
        long seed = Long.getLong("bench.seed", 1L);
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sizes", sizes.toString());
        settings.put("repetitions", String.valueOf(reps));
        settings.put("settle", settle.toString());
        settings.put("idle_window", window.toString());
        settings.put("join_timeout", joinTimeout.toString());
        settings.put("detect_timeout", detectTimeout.toString());
        settings.put("leave_timeout", leaveTimeout.toString());
        settings.put("seed", String.valueOf(seed));
        String resources = null;
        for (String s : systems) {
            for (TimingProfile p : profiles) {
                try (ClusterSystem probe = system(s, p, seed)) {
                    probe.settings().forEach((k, v) -> settings.put(s + "." + p + "." + k, v));
                    resources = probe.resources().describe();
                }
            }
        }
        Report report = new Report(environment(), settings, resources);

        if (!"0".equals(System.getProperty("bench.warmup", "1"))) {
            // The first cluster in a fresh JVM pays for class loading and interpreted code (seen as
            // seconds of extra join time); a short unrecorded run keeps that out of the first size.
            for (String s : systems) {
                ClusterRun.Settings ws = new ClusterRun.Settings(5, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        joinTimeout, detectTimeout, leaveTimeout, seed);
                RunResult w = new ClusterRun(system(s, TimingProfile.LOCAL, seed), ws, 0).execute();
                LOG.log(Level.INFO, "bench: warm-up of " + s + " took "
                        + String.format(Locale.ROOT, "%.1f s", w.wallSeconds()) + " (not recorded)"
                        + (w.notes().isEmpty() ? "" : ", notes " + w.notes()));
            }
        }

        // Repetitions outermost, so slow drift of a shared machine's load spreads over all sizes.
        for (int rep = 1; rep <= reps; rep++) {
            for (String s : systems) {
                for (TimingProfile p : profiles) {
                    for (int n : sizes) {
                        long runSeed = seed * 7919 + rep * 31L + n;
                        LOG.log(Level.INFO, "bench: " + s + " " + p + " N=" + n + " run " + rep + "/" + reps);
                        ClusterRun.Settings rs = new ClusterRun.Settings(n, settle, window, joinTimeout,
                                detectTimeout, leaveTimeout, runSeed);
                        ClusterRun run = new ClusterRun(system(s, p, runSeed), rs, rep);
                        RunResult r = run.execute();
                        writeEvents(out.resolve(String.format(Locale.ROOT, "events-%s-%s-n%d-r%d.csv",
                                s, p.name().toLowerCase(Locale.ROOT), n, rep)), run.events());
                        LOG.log(Level.INFO, "bench: " + s + " " + p + " N=" + n + " run " + rep + " took "
                                + String.format(Locale.ROOT, "%.1f s", r.wallSeconds()) + ": " + r.values()
                                + (r.notes().isEmpty() ? "" : " notes " + r.notes()));
                        report.add(r);
                        // Written after every run, so an aborted benchmark still leaves its results.
                        report.write(out);
                    }
                }
            }
        }
        LOG.log(Level.INFO, "bench: results in " + out.toAbsolutePath() + "\n" + report.markdown());
        if (report.runs().stream().allMatch(r -> r.values().isEmpty())) {
            throw new AssertionError("no run measured anything; see " + out.resolve("results.md"));
        }
    }

    /** The raw timeline, so a surprising number can be explained after the fact. */
    private static void writeEvents(Path file, List<EventLog.Event> events) throws IOException {
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

    private static ClusterSystem system(String name, TimingProfile profile, long seed) {
        BiFunction<TimingProfile, Long, ClusterSystem> factory = SYSTEMS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown bench.systems entry '" + name + "', known: " + SYSTEMS.keySet());
        }
        return factory.apply(profile, seed);
    }

    private static List<String> list(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** Accepts {@code 500ms}, {@code 10s}, {@code 2m} or plain seconds. */
    static Duration duration(String property, String fallback) {
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

    private static Map<String, String> environment() {
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
