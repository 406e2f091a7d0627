package io.gossamer.swim.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured numbers of one scenario run, written to {@code target/sim/<scenario>-<size>.json} (and
 * echoed on stdout) so that {@code impl/README.md (The simulator)} can quote real runs.
 */
final class SimReport {

    private final String scenario;
    private final String size;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final long wallStart = System.nanoTime();

    SimReport(String scenario, String size, SimSeed seed) {
        this.scenario = scenario;
        this.size = size;
        values.put("scenario", scenario);
        values.put("size", size);
        values.put("seed", seed.value());
    }

    SimReport put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** first / median / p99 / last of a sample, in the sample's unit. */
    static Map<String, Object> spread(Collection<Long> sample) {
        List<Long> sorted = new ArrayList<>(sample);
        sorted.sort(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", sorted.size());
        if (!sorted.isEmpty()) {
            m.put("first", sorted.get(0));
            m.put("median", sorted.get(sorted.size() / 2));
            m.put("p99", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
            m.put("last", sorted.get(sorted.size() - 1));
        }
        return m;
    }

    void write(Simulator sim) {
        values.put("virtualMillis", sim.now());
        values.put("events", sim.eventsProcessed());
        values.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        String json = toJson(values);
        System.out.println("[sim] " + json);
        try {
            Path dir = Path.of("target", "sim");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(scenario + "-" + size + ".json"), json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(Object v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                append(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.3f", d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            sb.append('"');
            for (char c : v.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
    }
}
