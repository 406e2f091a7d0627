package io.gossamer.swim.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

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
    void jsonHasNoNaNAndEscapesStrings() {
        assertThat(Report.num(Double.NaN)).isEqualTo("null");
        assertThat(Report.num(3)).isEqualTo("3");
        assertThat(Report.num(0.5)).isEqualTo("0.5000");
        assertThat(Report.string("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }
}
