package io.gossamer.agent;

import io.gossamer.MemberState;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the demo learns from its agents' output, with no processes involved: the lines of every
 * agent merged into one timeline in time order, each agent's view of the membership (from its
 * events), and the tables agents print on {@code members}. Thread-safe: one reader thread per
 * agent feeds it while the demo polls it.
 */
final class Timeline {

    /** A line to show: when it happened, who says it (a node name or {@code demo}), what. */
    record Entry(Instant at, long seq, String source, String text) {
    }

    /** A member as one node sees it. */
    record Row(String member, String address, MemberState state) {
    }

    static final String DEMO = "demo";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::at).thenComparingLong(Entry::seq);

    private final PriorityQueue<Entry> pending = new PriorityQueue<>(ORDER);
    private long seq;
    /** observer → member → row, from event lines. */
    private final Map<String, Map<String, Row>> views = new HashMap<>();
    private final Map<String, String> started = new HashMap<>();
    /** observer → the members table being read, and how many rows it announced. */
    private final Map<String, List<Row>> tables = new HashMap<>();
    private final Map<String, Integer> tableSizes = new HashMap<>();

    /** One line of {@code source}'s standard output, received at {@code received}. */
    synchronized void accept(String source, String line, Instant received) {
        Optional<AgentLine> parsed = AgentLine.parse(line);
        if (parsed.isEmpty()) {
            if (!line.isBlank()) {
                add(received, source, "| " + line.strip());
            }
            return;
        }
        AgentLine l = parsed.get();
        switch (l.word()) {
            case "MEMBERS" -> {
                tables.put(source, new ArrayList<>());
                tableSizes.put(source, l.memberCount().orElse(0));
            }
            case "MEMBER" -> {
                List<Row> rows = tables.get(source);
                if (rows != null && l.member().isPresent() && l.memberState().isPresent()) {
                    rows.add(new Row(l.member().get(), l.memberAddress().orElse("-"), l.memberState().get()));
                }
            }
            case "STARTED" -> {
                l.startedAddress().ifPresent(a -> started.put(source, a));
                add(l.at(), source, display(l));
            }
            default -> {
                if (l.isEvent() && l.member().isPresent()) {
                    String member = l.member().get();
                    Map<String, Row> view = views.computeIfAbsent(source, k -> new HashMap<>());
                    Row before = view.get(member);
                    MemberState state = l.memberState()
                            .orElse(before == null ? MemberState.ALIVE : before.state());
                    view.put(member, new Row(member, l.memberAddress().orElse("-"), state));
                }
                add(l.at(), source, display(l));
            }
        }
    }

    /** A line of the demo's own. */
    synchronized void narrate(Instant at, String text) {
        add(at, DEMO, text);
    }

    private void add(Instant at, String source, String text) {
        pending.add(new Entry(at, seq++, source, text));
    }

    /**
     * Takes the entries up to {@code upTo}, in time order. The demo holds lines back a little
     * before taking them, so that a line that reached it late still goes where its time puts it.
     */
    synchronized List<Entry> drain(Instant upTo) {
        List<Entry> out = new ArrayList<>();
        while (!pending.isEmpty() && !pending.peek().at().isAfter(upTo)) {
            out.add(pending.poll());
        }
        return out;
    }

    synchronized List<Entry> drainAll() {
        return drain(Instant.MAX);
    }

    synchronized Optional<String> startedAddress(String node) {
        return Optional.ofNullable(started.get(node));
    }

    /** The state {@code observer} last reported for {@code member}, if any. */
    synchronized Optional<MemberState> state(String observer, String member) {
        return Optional.ofNullable(views.getOrDefault(observer, Map.of()).get(member)).map(Row::state);
    }

    /** Whether every one of {@code observers} sees every one of {@code members} in {@code state}. */
    synchronized boolean all(Collection<String> observers, Collection<String> members, MemberState state) {
        for (String o : observers) {
            for (String m : members) {
                if (state(o, m).orElse(null) != state) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Forgets any earlier table of {@code observer}: the next {@code MEMBERS} line starts one. */
    synchronized void expectTable(String observer) {
        tables.remove(observer);
        tableSizes.remove(observer);
    }

    /** The table {@code observer} printed, once all its rows are in. */
    synchronized Optional<List<Row>> table(String observer) {
        List<Row> rows = tables.get(observer);
        Integer size = tableSizes.get(observer);
        if (rows == null || size == null || rows.size() < size) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(rows));
    }

    // ------------------------------------------------------------------ rendering

    /** {@code 10:00:01.234  node-2  JOINED     node-4 127.0.0.1:40211 (was -)}; times are UTC. */
    static String render(Entry e) {
        return TIME.format(e.at()) + "  " + pad(e.source(), 7) + " " + e.text();
    }

    private static String display(AgentLine l) {
        return l.rest().isEmpty() ? l.word() : pad(l.word(), 10) + " " + l.rest();
    }

    /**
     * The members as each observer sees them: one row per member, its address, and one column
     * per observer with the state it reports ({@code -} where it does not list the member).
     */
    static String renderTable(List<String> observers, Map<String, List<Row>> tables) {
        Map<String, String> addresses = new TreeMap<>(Comparator.comparing(Timeline::nameOrder));
        Map<String, Map<String, MemberState>> states = new LinkedHashMap<>();
        for (String o : observers) {
            for (Row r : tables.getOrDefault(o, List.of())) {
                addresses.putIfAbsent(r.member(), r.address());
                states.computeIfAbsent(o, k -> new HashMap<>()).put(r.member(), r.state());
            }
        }
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("member", "address"));
        observers.forEach(o -> header.add("seen by " + o));
        cells.add(header);
        addresses.forEach((member, address) -> {
            List<String> row = new ArrayList<>(List.of(member, address));
            for (String o : observers) {
                MemberState s = states.getOrDefault(o, Map.of()).get(member);
                row.add(s == null ? "-" : s.name());
            }
            cells.add(row);
        });
        int[] widths = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            List<String> row = cells.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                b.append(rule).append('\n');
            }
        }
        return b.toString();
    }

    /** Orders {@code node-2} before {@code node-10}: the number part compares as a number. */
    static String nameOrder(String name) {
        Objects.requireNonNull(name, "name");
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (Character.isDigit(c)) {
                int j = i;
                while (j < name.length() && Character.isDigit(name.charAt(j))) {
                    j++;
                }
                String digits = name.substring(i, j);
                b.append(String.format("%20s", digits).replace(' ', '0'));
                i = j;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** The distinct observers that ever reported anything, in name order. */
    synchronized List<String> observers() {
        TreeSet<String> names = new TreeSet<>(Comparator.comparing(Timeline::nameOrder));
        names.addAll(views.keySet());
        return List.copyOf(names);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
