package io.gossamer.agent;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDamped;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.QueryAnswer;
import io.gossamer.QueryResult;
import io.gossamer.cdi.PoolTraffic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the agent's standard output, which is its interface: people read it, and the demo
 * parses it. Every line is {@code <instant> <node> <WORD> <rest>}, for example
 *
 * <pre>
 * 2026-11-26T10:00:01.234Z node-2 STARTED 127.0.0.1:40211 cluster=default datacenter=dc1 role=client profile=local seeds=-
 * 2026-11-26T10:00:01.301Z node-2 JOINED node-4 127.0.0.1:40213 (was -) pool=lan
 * 2026-11-26T10:00:09.020Z node-2 SUSPECTED node-4 127.0.0.1:40213 (was ALIVE) pool=lan
 * 2026-11-26T10:00:12.410Z node-2 DEAD node-4 127.0.0.1:40213 (was SUSPECT) pool=lan
 * 2026-11-26T10:00:13.002Z node-2 UPDATED node-3 127.0.0.1:40212 (was ALIVE) pool=lan tags=zone=a was-tags=zone=b
 * 2026-11-26T10:00:13.500Z node-2 REFUTED SUSPECT by=node-4 incarnation=3 pool=lan
 * 2026-11-26T10:00:14.120Z node-2 JOINED node-1.dc2 127.0.0.1:40301 (was -) pool=wan
 * 2026-11-26T10:00:15.100Z node-2 LEFT node-7 127.0.0.1:40220 (was ALIVE) pool=lan reason=FOREIGN_DATACENTER
 * 2026-11-26T10:00:19.500Z node-2 EVENT deploy from=node-3 ltime=12 pool=lan payload=v2.4.1
 * 2026-11-26T10:00:19.600Z node-2 QUERY load from=node-3 ltime=13 pool=lan payload=
 * 2026-11-26T10:00:19.700Z node-2 ACK load from=node-5
 * 2026-11-26T10:00:19.702Z node-2 ANSWER load from=node-5 payload=0.42
 * 2026-11-26T10:00:22.900Z node-2 QUERY-DONE load acks=4 answers=4
 * 2026-11-26T10:00:19.950Z node-2 RTT node-2 node-5 estimate=0.412ms pool=lan
 * 2026-11-26T10:00:20.000Z node-2 MEMBERS 5 pool=lan
 * 2026-11-26T10:00:20.000Z node-2 MEMBER node-1 127.0.0.1:40210 ALIVE
 * 2026-11-26T10:00:22.000Z node-2 KEYS install pool=lan key=1a2b3c4d acknowledged=4/5
 * 2026-11-26T10:00:22.000Z node-2 KEY node-1 ACK pool=lan primary=0badc0de keys=0badc0de,1a2b3c4d
 * 2026-11-26T10:00:22.000Z node-2 KEY node-5 FAILED pool=lan error=no answer from 10.0.0.9:7946: ...
 * 2026-11-26T10:00:23.000Z node-2 KEYCOUNT 1a2b3c4d pool=lan installed=5/5 primary=5
 * 2026-11-26T10:00:25.500Z node-2 STOPPED
 * </pre>
 *
 * <p>The {@code keys} commands print a {@code KEYS} line (the operation, the pool, the key's
 * fingerprint, how many members acknowledged), one {@code KEY} line per member, and for
 * {@code keys list} one {@code KEYCOUNT} line per key. Keys appear by fingerprint only (the first
 * 8 hex digits of their SHA-256), never themselves.
 *
 * <p>A server's {@code STARTED} line also gives its WAN pool:
 * {@code ... role=server profile=lan seeds=- wan=127.0.0.1:40212 wan-profile=wan wan-seeds=10.0.0.9:7947}.
 *
 * <p>The instant of an event line is the event's own (when the node recorded the transition), so
 * lines of several agents on one host merge into one timeline by sorting.
 *
 * @param at   when it happened, to the millisecond
 * @param node the agent's own node name
 * @param word what happened: an event kind ({@link #EVENT_WORDS}), {@code EVENT} (a cluster event), {@code QUERY},
 *             {@code ACK}, {@code ANSWER}, {@code QUERY-DONE} (queries), {@code RTT}, {@code REFUTED}, {@code STARTED},
 *             {@code MEMBERS}, {@code MEMBER}, {@code STATS}, {@code STOPPED}
 * @param rest the rest of the line, possibly empty
 */
record AgentLine(Instant at, String node, String word, String rest) {

    /** The words of event lines, one per event type. */
    static final List<String> EVENT_WORDS = List.of("JOINED", "SUSPECTED", "ALIVE", "DEAD", "LEFT", "UPDATED");

    /** Always three decimals, so lines align and sort as text too. */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern LINE = Pattern.compile("(\\S+) (\\S+) ([A-Z]+)(?: (.*))?");
    private static final Pattern MEMBER_REST = Pattern.compile("(\\S+) (\\S+)(?: (.*))?");
    private static final Pattern POOL = Pattern.compile("(?:^| )pool=(lan|wan)(?: |$)");
    private static final Pattern HTTP = Pattern.compile("(?:^| )http=(\\S+)");

    AgentLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(rest, "rest");
    }

    /** The line as printed. */
    String text() {
        return INSTANT.format(at) + " " + node + " " + word + (rest.isEmpty() ? "" : " " + rest);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Parses a line printed by an agent; anything else (a stray log line) is empty. */
    static Optional<AgentLine> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.parse(m.group(1));
            return Optional.of(new AgentLine(at, m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ lines the agent prints

    /**
     * A server's WAN pool, for its {@code STARTED} line.
     *
     * @param local   the local member in the WAN pool
     * @param profile the WAN pool's timing profile
     * @param seeds   the WAN seeds
     */
    record WanStart(Member local, String profile, List<String> seeds) {
    }

    static AgentLine event(String self, MembershipEvent event) {
        Member m = event.member();
        String was = event.previousState().map(Enum::name).orElse("-");
        String rest = m.name() + " " + address(m) + " (was " + was + ") pool=" + pool(event.pool());
        if (event instanceof MemberUpdated updated) {
            rest += " tags=" + tags(m.tags()) + " was-tags=" + tags(updated.previous().tags());
        }
        // A plain leave reads as before; only the guard's removals say why.
        if (event instanceof MemberLeft left && left.reason() != MemberLeft.Reason.LEFT) {
            rest += " reason=" + left.reason().name();
        }
        return new AgentLine(event.at(), self, word(event), rest);
    }

    /**
     * The local member refuted news about itself: {@code REFUTED <SUSPECT|DEAD|OTHER_DETAILS>
     * by=<accuser or -> incarnation=<n> pool=lan}.
     */
    static AgentLine refuted(LocalRefutation r) {
        return new AgentLine(r.at(), r.member().name(), "REFUTED", r.claimed().name() + " by="
                + r.accuser().orElse("-") + " incarnation=" + r.member().incarnation() + " pool=" + pool(r.pool()));
    }

    /**
     * A cluster event delivered: {@code EVENT <name> from=<origin> ltime=<n> pool=lan
     * payload=<text>}, the payload as UTF-8 with control characters and backslashes escaped
     * (a backslash, x and two hex digits), so that one event is one line whatever its bytes.
     */
    static AgentLine clusterEvent(String self, ClusterEvent e) {
        return new AgentLine(e.at(), self, "EVENT", e.name() + " from=" + e.origin() + " ltime=" + e.lamportTime()
                + " pool=" + pool(e.pool()) + " payload=" + escaped(e.payloadAsString()));
    }

    /**
     * A query delivered here: {@code QUERY <name> from=<origin> ltime=<n> pool=lan payload=<text>}
     * (escaped as in {@link #clusterEvent}).
     */
    static AgentLine query(String self, Instant at, ClusterQuery q) {
        return new AgentLine(at, self, "QUERY", q.name() + " from=" + q.origin() + " ltime=" + q.lamportTime()
                + " pool=" + pool(q.pool()) + " payload=" + escaped(q.payloadAsString()));
    }

    /** An acknowledgement of this agent's query: {@code ACK <query name> from=<member>}. */
    static AgentLine queryAck(String self, Instant at, String query, String member) {
        return new AgentLine(at, self, "ACK", query + " from=" + member);
    }

    /** An answer to this agent's query: {@code ANSWER <query name> from=<member> payload=<text>}. */
    static AgentLine queryAnswer(String self, String query, QueryAnswer a) {
        return new AgentLine(a.at(), self, "ANSWER", query + " from=" + a.from() + " payload="
                + escaped(a.payloadAsString()));
    }

    /** The end of this agent's query: {@code QUERY-DONE <name> acks=<n> answers=<n>}. */
    static AgentLine queryDone(String self, Instant at, QueryResult r) {
        return new AgentLine(at, self, "QUERY-DONE", r.name() + " acks=" + r.acks().size() + " answers="
                + r.answers().size());
    }

    /**
     * An estimated round trip ({@code rtt} command): {@code RTT <a> <b> estimate=<ms>ms pool=lan},
     * the milliseconds to three decimals, as {@code serf rtt} prints them.
     */
    static AgentLine rtt(Instant at, String self, Pool pool, String a, String b, java.time.Duration estimate) {
        return new AgentLine(at, self, "RTT", a + " " + b + String.format(Locale.ROOT, " estimate=%.3fms",
                estimate.toNanos() / 1e6) + " pool=" + pool(pool));
    }

    /**
     * {@code s} with every control character and backslash written as a backslash, x and two hex
     * digits (the line separators U+2028 and U+2029 as a backslash, u and four).
     */
    static String escaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\\' || Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                b.append(cp <= 0xFF ? String.format(Locale.ROOT, "\\x%02x", cp) : String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** The start of a run; {@code http} is where the HTTP API listens, if it does. */
    static AgentLine started(Instant at, Member local, String profile, List<String> seeds, Optional<WanStart> wan,
                             Optional<String> http) {
        String rest = address(local) + " cluster=" + local.cluster() + " datacenter=" + local.datacenter()
                + " role=" + local.role() + " profile=" + profile + " seeds=" + list(seeds);
        if (wan.isPresent()) {
            WanStart w = wan.get();
            rest += " wan=" + address(w.local()) + " wan-profile=" + w.profile() + " wan-seeds=" + list(w.seeds());
        }
        rest += " http=" + http.orElse("-");
        return new AgentLine(at, local.name(), "STARTED", rest);
    }

    /** The header of a members table: how many {@code MEMBER} lines follow, and of which pool. */
    static AgentLine membersHeader(Instant at, String self, int count, Pool pool) {
        return new AgentLine(at, self, "MEMBERS", count + " pool=" + pool(pool));
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    /** {@code lan} or {@code wan}, as configuration keys and profiles are written. */
    static String pool(Pool pool) {
        return pool.name().toLowerCase(Locale.ROOT);
    }

    static AgentLine member(Instant at, String self, Member m) {
        return new AgentLine(at, self, "MEMBER", m.name() + " " + address(m) + " " + m.state().name());
    }

    /**
     * The engine's counters ({@code stats} command): {@code STATS pool=lan packets-sent=.. bytes-sent=..
     * packets-received=.. bytes-received=.. streams-opened=.. stream-bytes-sent=.. drops=..
     * drops-by-reason=BAD_MAGIC:3,INVALID_FIELD:1}, the last only once something was dropped.
     */
    static AgentLine stats(Instant at, String self, Pool pool, PoolTraffic t) {
        return new AgentLine(at, self, "STATS", String.format(Locale.ROOT,
                "pool=%s packets-sent=%d bytes-sent=%d packets-received=%d bytes-received=%d streams-opened=%d"
                        + " stream-bytes-sent=%d drops=%d%s",
                pool(pool), t.packetsSent(), t.bytesSent(), t.packetsReceived(), t.bytesReceived(),
                t.streamsOpened(), t.streamBytesSent(), t.drops(), t.dropsByReason().isEmpty() ? ""
                        : " drops-by-reason=" + t.dropsByReason().entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","))));
    }

    /** The header of a key operation's report: {@code KEY} lines follow, one per member. */
    static AgentLine keysHeader(Instant at, String self, KeyResponse r) {
        return new AgentLine(at, self, "KEYS", r.operation().name().toLowerCase(Locale.ROOT) + " pool=" + pool(r.pool())
                + r.key().map(k -> " key=" + k).orElse("") + " acknowledged=" + r.acknowledged().size() + "/"
                + r.answers().size());
    }

    /** One member's answer to a key operation. */
    static AgentLine keyAnswer(Instant at, String self, Pool pool, String member, KeyResponse.Answer a) {
        String rest = member + (a.acknowledged() ? " ACK" : " FAILED") + " pool=" + pool(pool)
                + a.primary().map(p -> " primary=" + p + " keys=" + String.join(",", a.keys())).orElse("")
                + (a.acknowledged() ? "" : " error=" + a.error().replaceAll("\\s+", " "));
        return new AgentLine(at, self, "KEY", rest);
    }

    /** For {@code keys list}: how many of the members that answered hold a key, and seal with it. */
    static AgentLine keyCount(Instant at, String self, KeyResponse r, String key) {
        long answered = r.answers().values().stream().filter(a -> !a.keys().isEmpty()).count();
        return new AgentLine(at, self, "KEYCOUNT", key + " pool=" + pool(r.pool()) + " installed="
                + r.keyCounts().getOrDefault(key, 0) + "/" + answered + " primary=" + r.primaryCounts().getOrDefault(key, 0));
    }

    static AgentLine stopped(Instant at, String self) {
        return new AgentLine(at, self, "STOPPED", "");
    }

    static String word(MembershipEvent event) {
        // Java 17 has no pattern matching for switch; the sealed hierarchy keeps this complete.
        if (event instanceof MemberJoined) {
            return "JOINED";
        } else if (event instanceof MemberSuspected) {
            return "SUSPECTED";
        } else if (event instanceof MemberAlive) {
            return "ALIVE";
        } else if (event instanceof MemberDead) {
            return "DEAD";
        } else if (event instanceof MemberLeft) {
            return "LEFT";
        } else if (event instanceof MemberUpdated) {
            return "UPDATED";
        } else if (event instanceof MemberDamped) {
            return "DAMPED";
        }
        throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
    }

    private static String address(Member m) {
        // IPv6 literals in brackets, as seeds are written, so "address:port" stays unambiguous.
        return (m.address().indexOf(':') >= 0 ? "[" + m.address() + "]" : m.address()) + ":" + m.port();
    }

    private static String tags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(tags).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    // ------------------------------------------------------------------ reading them back

    boolean isEvent() {
        return EVENT_WORDS.contains(word);
    }

    /** For event and {@code MEMBER} lines: the member the line is about. */
    Optional<String> member() {
        return memberPart(1);
    }

    /** For event and {@code MEMBER} lines: the member's {@code address:port}. */
    Optional<String> memberAddress() {
        return memberPart(2);
    }

    /**
     * The state the member is in after this line: for events, the state the transition leads to
     * ({@code UPDATED} changes none, so it is empty); for {@code MEMBER} lines, the listed state.
     */
    Optional<MemberState> memberState() {
        switch (word) {
            case "JOINED", "ALIVE":
                return Optional.of(MemberState.ALIVE);
            case "SUSPECTED":
                return Optional.of(MemberState.SUSPECT);
            case "DEAD":
                return Optional.of(MemberState.DEAD);
            case "LEFT":
                return Optional.of(MemberState.LEFT);
            case "MEMBER":
                return memberPart(3).flatMap(s -> {
                    try {
                        return Optional.of(MemberState.valueOf(s));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
            default:
                return Optional.empty();
        }
    }

    /** For {@code MEMBERS} lines: how many {@code MEMBER} lines follow. */
    Optional<Integer> memberCount() {
        if (!word.equals("MEMBERS")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(rest.strip().split(" ", 2)[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** For event and {@code MEMBERS} lines: the pool they are about. */
    Optional<Pool> pool() {
        if (!isEvent() && !word.equals("MEMBERS")) {
            return Optional.empty();
        }
        Matcher m = POOL.matcher(rest);
        return m.find() ? Optional.of(Pool.valueOf(m.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    /** For {@code STARTED} lines: the node's own {@code address:port}. */
    Optional<String> startedAddress() {
        if (!word.equals("STARTED") || rest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rest.split(" ", 2)[0]);
    }

    /** For {@code STARTED} lines: where the HTTP API listens, if it does. */
    Optional<String> startedHttp() {
        if (!word.equals("STARTED")) {
            return Optional.empty();
        }
        Matcher m = HTTP.matcher(rest);
        return m.find() && !m.group(1).equals("-") ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Optional<String> memberPart(int group) {
        if (!isEvent() && !word.equals("MEMBER")) {
            return Optional.empty();
        }
        Matcher m = MEMBER_REST.matcher(rest);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (group == 3) {
            return Optional.ofNullable(m.group(3)).map(s -> s.split(" ", 2)[0]);
        }
        return Optional.of(m.group(group));
    }
}
