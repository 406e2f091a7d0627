package io.gossamer.swim.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The measured numbers of one scenario run, written to {@code target/sim/<scenario>-<size>.json} (and
 * echoed on stdout) so that {@code impl/README.md (The simulator)} can quote real runs.
 */
final class SimReport {

    private final String scenario;
    private final String size;
    private final JsonObject values = new JsonObject();
    private final long wallStart = System.nanoTime();

    SimReport(String scenario, String size, SimSeed seed) {
        this.scenario = scenario;
        this.size = size;
        values.put("scenario", scenario).put("size", size).put("seed", seed.value());
    }

    /** {@code value}: a number, boolean, string, or a map or collection of them. */
    SimReport put(String key, Object value) {
        values.put(key, json(value));
        return this;
    }

    /** first / median / p99 / last of a sample, in the sample's unit. */
    static JsonObject spread(Collection<Long> sample) {
        List<Long> sorted = new ArrayList<>(sample);
        sorted.sort(null);
        JsonObject m = new JsonObject().put("count", sorted.size());
        if (!sorted.isEmpty()) {
            m.put("first", sorted.get(0))
                    .put("median", sorted.get(sorted.size() / 2))
                    .put("p99", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)))
                    .put("last", sorted.get(sorted.size() - 1));
        }
        return m;
    }

    /** Writes the report; {@code sim} (null for a report over several runs) adds its clock and event count. */
    void write(Simulator sim) {
        if (sim != null) {
            values.put("virtualMillis", sim.now()).put("events", sim.eventsProcessed());
        }
        values.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        String json = values.encode();
        System.out.println("[sim] " + json);
        try {
            Path dir = Path.of("target", "sim");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(scenario + "-" + size + ".json"), json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Measurements to three decimals, JSON has no NaN or infinity; what is not a number is its text. */
    private static Object json(Object v) {
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.put(String.valueOf(k), json(x)));
            return o;
        } else if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(json(x)));
            return a;
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_EVEN) : null;
        } else if (v == null || v instanceof Number || v instanceof Boolean || v instanceof JsonObject
                || v instanceof JsonArray) {
            return v;
        }
        return v.toString();
    }
}
