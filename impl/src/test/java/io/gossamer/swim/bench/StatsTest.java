package io.gossamer.swim.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertThat(Stats.median(9, 1, 5)).isEqualTo(5);
    }

    @Test
    void medianOfEvenCountAveragesTheMiddleTwo() {
        assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void notMeasuredValuesAreSkipped() {
        assertThat(Stats.median(Double.NaN, 7, 3)).isEqualTo(5);
        assertThat(Stats.median(Double.NaN)).isNaN();
        assertThat(Stats.median()).isNaN();
    }

    @Test
    void quantilesInterpolateBetweenRanks() {
        assertThat(Stats.quantile(0, 10, 20, 30)).isEqualTo(10);
        assertThat(Stats.quantile(1, 10, 20, 30)).isEqualTo(30);
        assertThat(Stats.quantile(0.25, 10, 20, 30)).isCloseTo(15, within(1e-9));
        assertThatThrownBy(() -> Stats.quantile(1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryReportsMedianRangeAndCount() {
        Stats.Summary s = Stats.summarize(Arrays.asList(12.0, Double.NaN, 10.0, 30.0));
        assertThat(s).isEqualTo(new Stats.Summary(12, 10, 30, 3));
        assertThat(Stats.summarize(List.of())).isEqualTo(Stats.Summary.EMPTY);
    }

    @Test
    void tableCellShowsRangeOnlyWhenItExists() {
        assertThat(Report.cell(new Stats.Summary(12, 10, 30, 3), 0)).isEqualTo("12 (10 – 30)");
        assertThat(Report.cell(new Stats.Summary(1.5, 1.5, 1.5, 3), 1)).isEqualTo("1.5");
        assertThat(Report.cell(Stats.Summary.EMPTY, 0)).isEqualTo("n/a");
    }

    @Test
    void jsonHasNoNaNAndKeepsStringsIntact() {
        Report report = new Report(Map.of("os", "Linux \"x\""), Map.of(), "2 cores\n");
        RunResult run = new RunResult("serf", TimingProfile.LAN, 5, 1);
        run.put(Metric.DETECT_ALL_MS, 3);
        run.put(Metric.JOIN_CONVERGENCE_MS, 0.5);
        run.put(Metric.IDLE_PACKETS_SENT, Double.NaN);
        run.note("a\"b\\c\n");
        report.add(run);
        String json = report.json();
        assertThat(json).contains("0.5000").doesNotContain("NaN");
        JsonObject back = new JsonObject(json);
        assertThat(back.getJsonObject("environment").getString("os")).isEqualTo("Linux \"x\"");
        assertThat(back.getString("resources")).isEqualTo("2 cores\n");
        JsonObject first = back.getJsonArray("runs").getJsonObject(0);
        assertThat(first.getJsonArray("notes").getString(0)).isEqualTo("a\"b\\c\n");
        JsonObject metrics = first.getJsonObject("metrics");
        assertThat(metrics.getLong(Metric.DETECT_ALL_MS.key())).isEqualTo(3);
        assertThat(metrics.getDouble(Metric.JOIN_CONVERGENCE_MS.key())).isEqualTo(0.5);
        assertThat(first.containsKey("wall_seconds")).isTrue();
        assertThat(first.getValue("wall_seconds")).as("not measured").isNull();
        JsonObject summary = back.getJsonArray("summary").getJsonObject(0);
        assertThat(summary.getString("system")).isEqualTo("serf");
        JsonObject idle = summary.getJsonObject("metrics").getJsonObject(Metric.IDLE_PACKETS_SENT.key());
        assertThat(idle.getValue("median")).isNull();
        assertThat(idle.getInteger("count")).isZero();
    }
}
