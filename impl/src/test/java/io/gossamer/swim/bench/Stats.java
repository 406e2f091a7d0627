package io.gossamer.swim.bench;

import java.util.Arrays;
import java.util.Collection;

/** The few statistics the report needs. NaN stands for "not measured" and is skipped. */
public final class Stats {

    private Stats() {
    }

    /**
     * Median, minimum and maximum of the measured values, and how many there were.
     * All NaN when nothing was measured.
     */
    public record Summary(double median, double min, double max, int count) {

        public static final Summary EMPTY = new Summary(Double.NaN, Double.NaN, Double.NaN, 0);

        public boolean isEmpty() {
            return count == 0;
        }
    }

    public static Summary summarize(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Summary.EMPTY;
        }
        return new Summary(quantileOfSorted(v, 0.5), v[0], v[v.length - 1], v.length);
    }

    /** Median of the finite values; NaN if there are none. Even counts average the middle two. */
    public static double median(double... values) {
        return quantile(0.5, values);
    }

    /**
     * Quantile with linear interpolation between closest ranks (the "R-7" rule of spreadsheets
     * and numpy's default), so the median of an even count is the mean of the middle two.
     */
    public static double quantile(double q, double... values) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return v.length == 0 ? Double.NaN : quantileOfSorted(v, q);
    }

    private static double quantileOfSorted(double[] v, double q) {
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
