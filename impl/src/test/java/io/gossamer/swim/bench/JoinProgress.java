package io.gossamer.swim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a join that has not converged looks like: which members are missing from which views, in
 * what state each view holds them, how the kernel's UDP receive-buffer drops grew, and what the
 * event log says about the worst pair. A stalled join (1,000 nodes at 994–998 for minutes) can only
 * be explained from this, not from the alive counts alone.
 */
final class JoinProgress {

    private static final Path SNMP = Path.of("/proc/net/snmp");

    private final List<BenchNode> nodes;
    private final Set<String> all;
    private final EventLog log;
    private final long start;
    private long lastRcvbufErrors = rcvbufErrors();
    private Traffic lastTraffic = Traffic.ZERO;
    private long lastAt;
    private long lastCpu = -1;
    private final ResourceProbe resources;
    private final Map<EventKind, Long> kinds = new java.util.EnumMap<>(EventKind.class);
    private long countedUpTo;

    JoinProgress(List<BenchNode> nodes, Set<String> all, EventLog log, long start, ResourceProbe resources) {
        this.nodes = nodes;
        this.all = all;
        this.log = log;
        this.start = start;
        this.resources = resources;
        this.lastAt = start;
        this.countedUpTo = start;
        this.lastTraffic = total();
        this.lastCpu = resources.cpuTimeNanos();
    }

    private Traffic total() {
        Traffic t = Traffic.ZERO;
        for (BenchNode x : nodes) {
            t = t.plus(x.traffic());
        }
        return t;
    }

    /** Datagrams sent and received per node per second, and the JVM's CPU in cores, since the last call. */
    private String rates() {
        long now = System.nanoTime();
        Traffic t = total();
        long cpu = resources.cpuTimeNanos();
        double seconds = (now - lastAt) / 1e9;
        Traffic d = t.minus(lastTraffic);
        String out = String.format(Locale.ROOT, "per node %.1f datagrams/s sent, %.1f received; process CPU %.2f cores",
                d.packetsSent() / seconds / nodes.size(), d.packetsReceived() / seconds / nodes.size(),
                cpu < 0 || lastCpu < 0 ? Double.NaN : (cpu - lastCpu) / 1e9 / seconds);
        lastAt = now;
        lastTraffic = t;
        lastCpu = cpu;
        return out;
    }

    /** One line (and a few more for the worst subjects) describing the views now. */
    String describe() {
        int converged = 0;
        List<Integer> aliveCounts = new ArrayList<>();
        Map<String, Integer> byState = new TreeMap<>();
        Map<String, Map<String, Integer>> missingBySubject = new HashMap<>();
        Map<String, String> example = new HashMap<>();
        for (BenchNode node : nodes) {
            Map<String, String> states = node.memberStates();
            int alive = 0;
            for (String subject : all) {
                String state = subject.equals(node.name()) ? "ALIVE" : states.getOrDefault(subject, "ABSENT");
                if (state.equals("ALIVE")) {
                    alive++;
                    continue;
                }
                byState.merge(state, 1, Integer::sum);
                missingBySubject.computeIfAbsent(subject, s -> new TreeMap<>()).merge(state, 1, Integer::sum);
                example.putIfAbsent(subject, node.name());
            }
            aliveCounts.add(alive);
            if (alive == all.size()) {
                converged++;
            }
        }
        aliveCounts.sort(Comparator.naturalOrder());
        long rcvbuf = rcvbufErrors();
        long drops = rcvbuf < 0 || lastRcvbufErrors < 0 ? -1 : rcvbuf - lastRcvbufErrors;
        lastRcvbufErrors = rcvbuf;
        // Only the events since the last call are read for the counts: with 1,000 nodes the log holds
        // millions, and this runs beside the nodes it describes.
        long now = System.nanoTime();
        for (EventLog.Event e : log.since(countedUpTo)) {
            if (e.nanos() - now < 0) {
                kinds.merge(e.kind(), 1L, Long::sum);
            }
        }
        countedUpTo = now;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "join +%.0f s: %d of %d converged; alive counts min %d, median %d; missing (observer, member)"
                        + " pairs by state %s; %d members missing somewhere; kernel UDP receive-buffer drops"
                        + " since last %d; %s; events %s",
                (System.nanoTime() - start) / 1e9, converged, nodes.size(), aliveCounts.get(0),
                aliveCounts.get(aliveCounts.size() / 2), byState, missingBySubject.size(), drops, rates(), kinds));
        List<Map.Entry<String, Map<String, Integer>>> worst = missingBySubject.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, Integer>> e) ->
                        e.getValue().values().stream().mapToInt(Integer::intValue).sum()).reversed())
                .limit(5)
                .toList();
        // One pass over the log for the few subjects shown.
        Map<String, List<String>> histories = new HashMap<>();
        Map<String, Map<String, Long>> abouts = new HashMap<>();
        Map<String, String> wanted = new HashMap<>();
        worst.forEach(e -> wanted.put(e.getKey(), example.get(e.getKey())));
        for (EventLog.Event x : log.since(start)) {
            String observer = wanted.get(x.subject());
            if (observer == null) {
                continue;
            }
            abouts.computeIfAbsent(x.subject(), k -> new TreeMap<>()).merge(x.kind().name(), 1L, Long::sum);
            if (x.observer().equals(observer)) {
                histories.computeIfAbsent(x.subject(), k -> new ArrayList<>())
                        .add(String.format(Locale.ROOT, "%s@%.1fs", x.kind(), (x.nanos() - start) / 1e9));
            }
        }
        worst.forEach(e -> {
                    String subject = e.getKey();
                    String observer = example.get(subject);
                    BenchNode self = nodes.stream().filter(x -> x.name().equals(subject)).findFirst().orElseThrow();
                    long selfAlive = self.aliveCount();
                    String history = String.join(" ", histories.getOrDefault(subject, List.of()));
                    String about = String.valueOf(abouts.getOrDefault(subject, Map.of()));
                    out.append(String.format(Locale.ROOT, "%n  %s missing from %s views; it sees %d alive;"
                                    + " events about it %s; e.g. %s's events about it: [%s]",
                            subject, e.getValue(), selfAlive, about, observer, history));
                });
        return out.toString();
    }

    /** The kernel's count of UDP datagrams dropped for a full receive buffer, or -1 off Linux. */
    static long rcvbufErrors() {
        try {
            List<String> lines = Files.readAllLines(SNMP);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    int at = names.indexOf("RcvbufErrors");
                    return at < 0 ? -1 : Long.parseLong(values[at]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
