package io.gossamer.swim.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns an event log into the timings of the report. Pure functions of the events, so they are
 * unit-tested without a network.
 */
public final class Analysis {

    private Analysis() {
    }

    /**
     * When every node first saw every other node alive, as a delay from {@code startNanos}. A node
     * sees a member alive from its JOINED or ALIVE event until a SUSPECT, DEAD or LEFT event.
     *
     * @param events all events, oldest first
     * @param nodes  the names of the nodes that must converge
     * @return the delay of the slowest node, empty if some node never converged
     */
    public static OptionalLong convergence(List<EventLog.Event> events, Collection<String> nodes, long startNanos) {
        Map<String, Set<String>> alive = new LinkedHashMap<>();
        Map<String, Long> convergedAt = new LinkedHashMap<>();
        Set<String> all = new HashSet<>(nodes);
        for (String n : nodes) {
            alive.put(n, new HashSet<>());
        }
        for (EventLog.Event e : events) {
            Set<String> seen = alive.get(e.observer());
            if (seen == null || e.subject().equals(e.observer()) || !all.contains(e.subject())) {
                continue;
            }
            switch (e.kind()) {
                case JOINED, ALIVE -> seen.add(e.subject());
                case SUSPECT, DEAD, LEFT -> seen.remove(e.subject());
            }
            if (!convergedAt.containsKey(e.observer()) && seen.size() == all.size() - 1) {
                convergedAt.put(e.observer(), e.nanos());
            }
        }
        if (convergedAt.size() < all.size()) {
            return OptionalLong.empty();
        }
        long last = convergedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return OptionalLong.of(Math.max(0, last - startNanos));
    }

    /**
     * For each observer, the delay from {@code startNanos} to its first event of {@code kind}
     * about {@code subject} at or after the start. Observers that saw none are absent.
     */
    public static Map<String, Long> firstSeen(List<EventLog.Event> events, EventKind kind, String subject,
                                              Collection<String> observers, long startNanos) {
        Set<String> wanted = new HashSet<>(observers);
        Map<String, Long> out = new LinkedHashMap<>();
        for (EventLog.Event e : events) {
            if (e.kind() == kind && e.subject().equals(subject) && wanted.contains(e.observer())
                    && e.nanos() - startNanos >= 0 && !out.containsKey(e.observer())) {
                out.put(e.observer(), e.nanos() - startNanos);
            }
        }
        return out;
    }

    /**
     * First, median and last of the per-observer delays, in milliseconds. "Last" is NaN unless
     * every one of {@code expected} observers reported, so a partial spread is never passed off
     * as complete.
     */
    public record Spread(double firstMs, double medianMs, double lastMs, int reported, int expected) {
    }

    public static Spread spread(Map<String, Long> delays, int expected) {
        List<Double> ms = new ArrayList<>();
        delays.values().forEach(ns -> ms.add(ns / 1e6));
        double[] v = ms.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0, expected);
        }
        double first = Stats.quantile(0, v);
        double last = v.length >= expected ? Stats.quantile(1, v) : Double.NaN;
        return new Spread(first, Stats.median(v), last, v.length, expected);
    }
}
