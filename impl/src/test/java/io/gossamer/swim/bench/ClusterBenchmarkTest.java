package io.gossamer.swim.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
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
 * {@code bench.joinAttempts} ({@code 3}), {@code bench.joinBackoff} ({@code 200ms}),
 * {@code bench.joinMaxBackoff} ({@code 2s}), {@code bench.seedAlone} ({@code false}: the seed on
 * a Vert.x of its own), {@code bench.out} ({@code target/bench}); the
 * bench JVM's options are the Maven property {@code bench.argLine} ({@code -Xmx1g}).
 *
 * <p>It asserts nothing about the numbers: a benchmark that fails on a slow machine measures
 * the machine. It fails only if no run produced any result at all.
 */
@Tag("bench")
class ClusterBenchmarkTest {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.bench");

    /**
     * Systems that can be measured, by name. Serf, the agent processes and ScaleCube are measured on
     * the same scenarios by the side-by-side benchmark (runtime-integration/bench-peers).
     */
    static final Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> SYSTEMS = Map.of(
            "gossamer", (profile, seed) -> new GossamerSystem(profile, seed,
                    !Boolean.getBoolean("bench.vertxPerNode")));

    @Test
    void clusters() throws IOException {
        List<String> systems = BenchRunner.list("bench.systems", "gossamer");
        Map<String, BiFunction<TimingProfile, Long, ClusterSystem>> chosen = new LinkedHashMap<>();
        Map<String, List<Integer>> sizes = new LinkedHashMap<>();
        for (String s : systems) {
            if (!SYSTEMS.containsKey(s)) {
                throw new IllegalArgumentException("unknown bench.systems entry '" + s + "', known: " + SYSTEMS.keySet());
            }
            chosen.put(s, SYSTEMS.get(s));
            sizes.put(s, BenchRunner.sizes("bench.sizes", "10,25,50"));
        }
        List<TimingProfile> profiles = BenchRunner.list("bench.profiles", "LAN").stream()
                .map(p -> TimingProfile.valueOf(p.toUpperCase(Locale.ROOT))).toList();
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        BenchRunner runner = new BenchRunner(chosen, sizes, profiles, Integer.getInteger("bench.reps", 3),
                BenchRunner.duration("bench.settle", "5s"), BenchRunner.duration("bench.window", "10s"),
                BenchRunner.duration("bench.pause", "0s"), BenchRunner.duration("bench.pauseObserve", "10s"),
                Boolean.getBoolean("bench.alignWindow"), out);
        if (!"0".equals(System.getProperty("bench.warmup", "1"))) {
            runner.warmUp();
        }
        Report report = runner.run();
        LOG.log(Level.INFO, "bench: results in " + out.toAbsolutePath() + "\n" + report.markdown());
        if (report.runs().stream().allMatch(r -> r.values().isEmpty())) {
            throw new AssertionError("no run measured anything; see " + out.resolve("results.md"));
        }
    }
}
