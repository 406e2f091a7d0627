package io.gossamer.agent.http;

import io.gossamer.swim.metrics.NodeMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4) of the node's metrics: each metric of
 * {@link NodeMetrics} once, with its help and type, and its series labelled by pool and by the
 * metric's own attribute. OpenTelemetry names become Prometheus names the way OpenTelemetry's own
 * Prometheus exporter makes them: dots become underscores, the unit is appended ({@code _seconds},
 * {@code _bytes}), and counters end in {@code _total}.
 */
public final class PrometheusText {

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final Map<NodeMetrics.Descriptor, List<NodeMetrics.Sample>> samples = new LinkedHashMap<>();
    private final Map<NodeMetrics.Descriptor, Map<String, Histogram.Snapshot>> histograms = new LinkedHashMap<>();

    /** Adds a counter's or gauge's value. */
    public void add(NodeMetrics.Sample sample) {
        samples.computeIfAbsent(sample.metric(), d -> new ArrayList<>()).add(sample);
    }

    /** Adds a histogram of {@code pool}. */
    public void add(NodeMetrics.Descriptor metric, String pool, Histogram.Snapshot histogram) {
        histograms.computeIfAbsent(metric, d -> new LinkedHashMap<>()).put(pool, histogram);
    }

    /** The text, every metric in {@link NodeMetrics#ALL}'s order. */
    public String text() {
        out.setLength(0);
        for (NodeMetrics.Descriptor d : NodeMetrics.ALL) {
            if (d.kind() == NodeMetrics.Kind.HISTOGRAM) {
                Map<String, Histogram.Snapshot> h = histograms.get(d);
                if (h != null) {
                    writeHistogram(d, h);
                }
            } else {
                List<NodeMetrics.Sample> s = samples.get(d);
                if (s != null) {
                    writeSeries(d, s);
                }
            }
        }
        return out.toString();
    }

    /** The metric's Prometheus name. */
    public static String name(NodeMetrics.Descriptor d) {
        String base = d.name().replace('.', '_');
        String unit = switch (d.unit()) {
            case "s" -> "_seconds";
            case "By" -> "_bytes";
            default -> "";
        };
        if (!unit.isEmpty() && !base.endsWith(unit)) {
            base += unit;
        }
        return d.kind() == NodeMetrics.Kind.COUNTER ? base + "_total" : base;
    }

    private void header(NodeMetrics.Descriptor d, String name, String type) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(d.description())).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void writeSeries(NodeMetrics.Descriptor d, List<NodeMetrics.Sample> series) {
        String name = name(d);
        header(d, name, d.kind() == NodeMetrics.Kind.COUNTER ? "counter" : "gauge");
        for (NodeMetrics.Sample s : series) {
            out.append(name).append("{pool=\"").append(escapeLabel(s.pool())).append('"');
            if (!d.attribute().isEmpty()) {
                out.append(',').append(d.attribute()).append("=\"").append(escapeLabel(s.attribute())).append('"');
            }
            out.append("} ").append(number(s.value())).append('\n');
        }
    }

    private void writeHistogram(NodeMetrics.Descriptor d, Map<String, Histogram.Snapshot> byPool) {
        String name = name(d);
        header(d, name, "histogram");
        byPool.forEach((pool, h) -> {
            String labels = "pool=\"" + escapeLabel(pool) + "\"";
            for (int i = 0; i < h.bounds().length; i++) {
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(number(h.bounds()[i]))
                        .append("\"} ").append(h.cumulative()[i]).append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(h.count()).append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(number(h.sum())).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(h.count()).append('\n');
        });
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
