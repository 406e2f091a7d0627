package io.gossamer.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG text: series of (x, y) points with markers, a linear or
 * logarithmic x axis, a linear y axis from zero, grid lines, tick labels and a legend. No
 * dependency; enough for the benchmark's charts.
 */
public final class SvgChart {

    /** One line. {@code dashed} for theory curves. */
    public record Series(String name, String color, boolean dashed, List<double[]> points) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 300;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;
    /** Colours that stay apart for the colour-blind (Okabe-Ito). */
    public static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
            "#56B4E9", "#000000");

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<Series> series = new ArrayList<>();

    public SvgChart(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Adds a series with the next palette colour; points with a non-finite y are skipped. */
    public SvgChart add(String name, boolean dashed, List<double[]> points) {
        List<double[]> finite = points.stream().filter(p -> Double.isFinite(p[0]) && Double.isFinite(p[1])).toList();
        return add(new Series(name, PALETTE.get(series.size() % PALETTE.size()), dashed, finite));
    }

    public String svg() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (!Double.isFinite(xMin)) {
            xMin = logX ? 1 : 0;
            xMax = logX ? 10 : 1;
        }
        if (logX) {
            xMin = Math.pow(10, Math.floor(Math.log10(xMin)));
            xMax = Math.pow(10, Math.ceil(Math.log10(xMax)));
        } else if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double yStep = niceStep(yMax <= 0 ? 1 : yMax / 5);
        double yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double fxMin = xMin;
        double fxMax = xMax;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + plotW * (logX
                ? (Math.log10(x) - Math.log10(fxMin)) / (Math.log10(fxMax) - Math.log10(fxMin))
                : (x - fxMin) / (fxMax - fxMin));
        java.util.function.DoubleUnaryOperator py = y -> TOP + plotH * (1 - y / yTop);

        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        // y grid and ticks
        for (double y = 0; y <= yTop + yStep / 2; y += yStep) {
            double yy = py.applyAsDouble(y);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, yy, LEFT + plotW, yy));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, yy + 4, tick(y)));
        }
        // x grid and ticks
        List<Double> xTicks = new ArrayList<>();
        if (logX) {
            for (double x = xMin; x <= xMax * 1.0001; x *= 10) {
                xTicks.add(x);
            }
        } else {
            double step = niceStep((xMax - xMin) / 6);
            for (double x = Math.ceil(xMin / step) * step; x <= xMax + step / 1000; x += step) {
                xTicks.add(x);
            }
        }
        for (double x : xTicks) {
            double xx = px.applyAsDouble(x);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    xx, TOP, xx, TOP + plotH));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    xx, TOP + plotH + 16, tick(x)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 12, escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, escape(yLabel)));
        // series
        int legendY = TOP + 10;
        for (Series s : series) {
            if (!s.points().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (double[] p : s.points()) {
                    path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f",
                            px.applyAsDouble(p[0]), py.applyAsDouble(p[1])));
                }
                sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"2\"%s/>%n", path, s.color(), s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
                if (!s.dashed() && s.points().size() <= 40) {
                    for (double[] p : s.points()) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                                px.applyAsDouble(p[0]), py.applyAsDouble(p[1]), s.color()));
                    }
                }
            }
            double lx = LEFT + plotW + 14;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", lx, legendY, lx + 22, legendY, s.color(),
                    s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", lx + 28, legendY + 4,
                    escape(s.name())));
            legendY += 20;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String tick(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            long l = Math.round(v);
            return Math.abs(l) >= 10_000 ? String.format(Locale.ROOT, "%,d", l) : String.valueOf(l);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
