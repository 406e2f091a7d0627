package io.gossamer.swim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Collects run results and writes them as JSON (every run plus the summaries) and as a markdown
 * table of medians with min-max ranges, one column per cluster size.
 */
public final class Report {

    /** Identifies one column of the table: the same system, profile and size. */
    public record Group(String system, TimingProfile profile, int size) {
    }

    private final Map<String, String> environment;
    private final Map<String, String> settings;
    private final String resources;
    private final List<RunResult> runs = new ArrayList<>();

    public Report(Map<String, String> environment, Map<String, String> settings, String resources) {
        this.environment = new LinkedHashMap<>(environment);
        this.settings = new LinkedHashMap<>(settings);
        this.resources = resources;
    }

    public void add(RunResult r) {
        runs.add(r);
    }

    public List<RunResult> runs() {
        return List.copyOf(runs);
    }

    /** Per group, per metric: the summary over its repetitions, groups in the order first run. */
    public Map<Group, Map<Metric, Stats.Summary>> summaries() {
        Map<Group, List<RunResult>> byGroup = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byGroup.computeIfAbsent(new Group(r.system(), r.profile(), r.size()), g -> new ArrayList<>()).add(r);
        }
        Map<Group, Map<Metric, Stats.Summary>> out = new LinkedHashMap<>();
        byGroup.forEach((g, rs) -> {
            Map<Metric, Stats.Summary> m = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                m.put(metric, Stats.summarize(rs.stream().map(r -> r.get(metric)).toList()));
            }
            out.put(g, m);
        });
        return out;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        Map<Group, Map<Metric, Stats.Summary>> summaries = summaries();
        Map<String, List<Group>> tables = new LinkedHashMap<>();
        summaries.keySet().forEach(g -> tables.computeIfAbsent(g.system() + " / " + g.profile(),
                k -> new ArrayList<>()).add(g));
        for (Map.Entry<String, List<Group>> t : tables.entrySet()) {
            List<Group> groups = t.getValue();
            sb.append("#### ").append(t.getKey()).append(" timings\n\n");
            sb.append("Median of ").append(repetitionsLabel(groups)).append(" (min – max).\n\n");
            sb.append("| Metric | unit |");
            groups.forEach(g -> sb.append(" N = ").append(g.size()).append(" |"));
            sb.append("\n| --- | --- |");
            groups.forEach(g -> sb.append(" ---: |"));
            sb.append('\n');
            for (Metric m : Metric.values()) {
                sb.append("| ").append(m.label()).append(" | ").append(m.unit()).append(" |");
                for (Group g : groups) {
                    sb.append(' ').append(cell(summaries.get(g).get(m), m.decimals())).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        List<RunResult> noted = runs.stream().filter(r -> !r.notes().isEmpty()).toList();
        if (!noted.isEmpty()) {
            sb.append("Notes:\n\n");
            for (RunResult r : noted) {
                sb.append("- ").append(r.system()).append(' ').append(r.profile()).append(" N=").append(r.size())
                        .append(" run ").append(r.repetition()).append(": ").append(String.join("; ", r.notes()))
                        .append('\n');
            }
            sb.append('\n');
        }
        double wall = runs.stream().mapToDouble(RunResult::wallSeconds).filter(Double::isFinite).sum();
        sb.append(String.format(Locale.ROOT, "Total wall time of the runs: %.0f s.%n%n", wall));
        sb.append("Environment: ").append(environment.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "))).append(".\n\n");
        sb.append("Resources: ").append(resources).append('\n');
        return sb.toString();
    }

    private String repetitionsLabel(List<Group> groups) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (Group g : groups) {
            counts.add((int) runs.stream().filter(r -> new Group(r.system(), r.profile(), r.size()).equals(g)).count());
        }
        String n = counts.stream().map(String::valueOf).collect(Collectors.joining("/"));
        return n + (counts.size() == 1 && counts.first() == 1 ? " run" : " runs");
    }

    static String cell(Stats.Summary s, int decimals) {
        if (s.isEmpty()) {
            return "n/a";
        }
        String median = number(s.median(), decimals);
        if (s.count() == 1 || s.min() == s.max()) {
            return median;
        }
        return median + " (" + number(s.min(), decimals) + " – " + number(s.max(), decimals) + ")";
    }

    private static String number(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public String json() {
        JsonArray summary = new JsonArray();
        summaries().forEach((g, metrics) -> {
            JsonObject m = new JsonObject();
            metrics.forEach((metric, x) -> m.put(metric.key(), new JsonObject().put("median", num(x.median()))
                    .put("min", num(x.min())).put("max", num(x.max())).put("count", x.count())));
            summary.add(new JsonObject().put("system", g.system()).put("profile", g.profile().name())
                    .put("size", g.size()).put("metrics", m));
        });
        JsonArray all = new JsonArray();
        for (RunResult r : runs) {
            JsonObject m = new JsonObject();
            r.values().forEach((metric, v) -> m.put(metric.key(), num(v)));
            all.add(new JsonObject().put("system", r.system()).put("profile", r.profile().name())
                    .put("size", r.size()).put("repetition", r.repetition()).put("wall_seconds", num(r.wallSeconds()))
                    .put("metrics", m).put("notes", new JsonArray(new ArrayList<>(r.notes()))));
        }
        JsonObject env = new JsonObject();
        environment.forEach(env::put);
        JsonObject set = new JsonObject();
        settings.forEach(set::put);
        return new JsonObject().put("environment", env).put("settings", set).put("resources", resources)
                .put("summary", summary).put("runs", all).encodePrettily() + "\n";
    }

    /** JSON has no NaN: unmeasured values are null; whole numbers stay whole, others keep four decimals. */
    static Number num(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (long) v;
        }
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN);
    }
}
