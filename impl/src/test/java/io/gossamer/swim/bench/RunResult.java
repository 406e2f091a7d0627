package io.gossamer.swim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one run of one cluster size measured; a metric it could not measure is absent. */
public final class RunResult {

    private final String system;
    private final TimingProfile profile;
    private final int size;
    private final int repetition;
    private final Map<Metric, Double> values = new EnumMap<>(Metric.class);
    private final List<String> notes = new ArrayList<>();
    private double wallSeconds = Double.NaN;

    public RunResult(String system, TimingProfile profile, int size, int repetition) {
        this.system = system;
        this.profile = profile;
        this.size = size;
        this.repetition = repetition;
    }

    public void put(Metric m, double value) {
        if (Double.isFinite(value)) {
            values.put(m, value);
        }
    }

    /** Something a reader of the results must know (a timeout, a failed join). */
    public void note(String text) {
        notes.add(text);
    }

    public void wallSeconds(double s) {
        wallSeconds = s;
    }

    public String system() {
        return system;
    }

    public TimingProfile profile() {
        return profile;
    }

    public int size() {
        return size;
    }

    public int repetition() {
        return repetition;
    }

    /** The value, or NaN if it was not measured. */
    public double get(Metric m) {
        return values.getOrDefault(m, Double.NaN);
    }

    public Map<Metric, Double> values() {
        return Collections.unmodifiableMap(values);
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    public double wallSeconds() {
        return wallSeconds;
    }
}
