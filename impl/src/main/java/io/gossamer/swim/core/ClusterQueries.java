package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.QueryOptions;
import io.gossamer.swim.metrics.QueryMetrics;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.QueryResponse;
import io.gossamer.swim.wire.Message.Relay;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.WireLimits;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The application's queries (Serf's): asked by one member, gossiped like events, delivered by the
 * members that match their filters, which acknowledge and answer the asker directly (and through
 * relays) until the query's deadline.
 *
 * <p>Three tables: the queries asked here, until their deadline, with who acknowledged and who
 * answered (each member's first only); the queries delivered here, until their deadline, so that
 * the application answers each once; and the queries seen, so that a copy is neither delivered
 * nor passed on again (Serf's query buffer).
 */
final class ClusterQueries {

    /** Queries remembered as seen at once; beyond, the oldest are forgotten (Serf keeps 512). */
    static final int MAX_SEEN = 4_096;
    /** Character reads one tag pattern may make against one value: a peer's pattern must not stall the loop. */
    static final int MATCH_BUDGET = 100_000;
    /** Serf's {@code QueryTimeoutMult}: a default query lasts this many gossip rounds per ⌈log10(n + 1)⌉. */
    static final int TIMEOUT_MULT = 16;

    private static final class Asked {
        final Set<String> acks = new HashSet<>();
        final Set<String> answers = new HashSet<>();
    }

    private static final class Delivered {
        final Query query;
        boolean answered;

        Delivered(Query query) {
            this.query = query;
        }
    }

    private final MemberTable table;
    private final Timers timers;
    private final Dissemination dissemination;
    private final LamportClock clock;
    private final CoreOutput out;
    private final LongSupplier roundMs;
    private final Map<Long, Asked> asked = new HashMap<>();
    private final Map<String, Delivered> delivered = new HashMap<>();
    /** Key → when it may be forgotten, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private long askedCount;
    private long deliveredCount;
    private long answeredCount;
    private long responsesReceived;
    private long duplicates;
    private long late;
    private long relayed;
    private long relaysRefused;
    private long strangers;
    private long badPatterns;

    /**
     * @param roundMs the time news takes per retransmission: a gossip round (a probe interval with
     *                gossip off)
     */
    ClusterQueries(MemberTable table, Timers timers, Dissemination dissemination, LamportClock clock, CoreOutput out,
                   LongSupplier roundMs) {
        this.table = table;
        this.timers = timers;
        this.dissemination = dissemination;
        this.clock = clock;
        this.out = out;
        this.roundMs = roundMs;
    }

    /**
     * Asks a query: delivered here if the local member matches, then gossiped. Returns its Lamport
     * time, which names it in {@link Output#responded} and {@link Output#finished}.
     *
     * @throws IllegalArgumentException if the name, payload or filters are refused by the wire
     */
    long ask(long now, String name, byte[] payload, QueryOptions options) {
        NodeState self = table.self();
        long timeout = options.timeout().map(t -> Math.max(1, t.toMillis())).orElseGet(this::defaultTimeoutMs);
        Query query = new Query(self.name, self.generation, self.address, clock.tick(), timeout,
                options.requestAck(), options.relayFactor(), List.copyOf(options.nodes()), options.tags(), name,
                payload);
        WireLimits.checkMessage(query);
        dissemination.requireFits(query);
        askedCount++;
        long ltime = query.ltime();
        asked.put(ltime, new Asked());
        timers.schedule(now + timeout, t -> {
            asked.remove(ltime);
            out.queryFinished(ltime);
        });
        take(now, query);
        // Members asked by name get it straight away too: the asker knows who they are, and gossip
        // reaches a given member with high probability, not certainty.
        for (String member : query.nodes()) {
            NodeState named = table.get(member);
            if (named != null && named != self && named.isLive()) {
                dissemination.sendAlone(named.address, List.of(query));
            }
        }
        return ltime;
    }

    /** Serf's default: gossip interval × 16 × ⌈log10(n + 1)⌉ for n live members. */
    long defaultTimeoutMs() {
        int n = Math.max(1, table.liveCount());
        return roundMs.getAsLong() * TIMEOUT_MULT * (long) Math.ceil(Math.log10(n + 1.0));
    }

    /** A query heard from a peer, or a copy of one of ours. */
    void received(long now, Query query) {
        clock.witness(query.ltime());
        NodeState origin = table.get(query.origin());
        if (origin == null || origin.pruned) {
            strangers++;
            return;
        }
        take(now, query);
    }

    private void take(long now, Query query) {
        String key = query.key();
        if (seen.containsKey(key)) {
            duplicates++;
            return;
        }
        remember(now, key, now + Math.max(query.timeoutMs(), 2 * dissemination.retransmitLimit() * roundMs.getAsLong()));
        dissemination.broadcastApplication(query);
        if (!matches(query)) {
            return;
        }
        deliveredCount++;
        if (query.ack()) {
            reply(now, query, new QueryResponse(query.origin(), query.ltime(), table.self().name, true, new byte[0]));
        }
        delivered.put(key, new Delivered(query));
        timers.schedule(now + query.timeoutMs(), t -> delivered.remove(key));
        out.deliverQuery(query);
    }

    private void remember(long now, String key, long until) {
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> oldest = it.next();
            if (oldest.getValue() > now && seen.size() < MAX_SEEN) {
                break;
            }
            it.remove();
        }
        seen.put(key, until);
    }

    /** Whether the local member is one the query asks: named (if names are given) and matching every tag pattern. */
    private boolean matches(Query query) {
        NodeState self = table.self();
        if (!query.nodes().isEmpty() && !query.nodes().contains(self.name)) {
            return false;
        }
        for (Map.Entry<String, String> t : query.tags().entrySet()) {
            String value = self.tags.getOrDefault(t.getKey(), "");
            try {
                if (!Pattern.compile(t.getValue()).matcher(new BudgetedChars(value, MATCH_BUDGET)).find()) {
                    return false;
                }
            } catch (PatternSyntaxException | BudgetedChars.Exhausted e) {
                badPatterns++;
                return false;
            }
        }
        return true;
    }

    /**
     * The application answers a query delivered here.
     *
     * @throws IllegalStateException    if it was answered already or its deadline has passed
     * @throws IllegalArgumentException if the answer is too large
     */
    void respond(long now, String origin, long ltime, byte[] payload) {
        String key = "?" + origin + ' ' + ltime;
        Delivered d = delivered.get(key);
        if (d == null) {
            throw new IllegalStateException("the query's deadline has passed");
        }
        if (d.answered) {
            throw new IllegalStateException("the query was answered already");
        }
        QueryResponse answer = new QueryResponse(origin, ltime, table.self().name, false, payload);
        WireLimits.checkMessage(answer);
        d.answered = true;
        answeredCount++;
        reply(now, d.query, answer);
    }

    /** To the asker, and through {@code relayFactor} other live members. */
    private void reply(long now, Query query, QueryResponse response) {
        if (query.origin().equals(table.self().name)) {
            responded(now, response);
            return;
        }
        dissemination.sendAlone(query.replyTo(), List.of(response));
        if (query.relayFactor() > 0) {
            NodeState self = table.self();
            List<NodeState> relays = table.randomNodes(query.relayFactor(), n -> n != self
                    && n.state == MemberState.ALIVE && !n.name.equals(query.origin()));
            for (NodeState r : relays) {
                dissemination.sendAlone(r.address, List.of(new Relay(query.replyTo(), response)));
            }
        }
    }

    /** An acknowledgement or answer to one of our queries. */
    void responded(long now, QueryResponse response) {
        Asked a = response.origin().equals(table.self().name) ? asked.get(response.ltime()) : null;
        if (a == null) {
            late++;
            return;
        }
        if (!(response.ack() ? a.acks : a.answers).add(response.from())) {
            duplicates++;
            return;
        }
        responsesReceived++;
        out.queryResponded(response.ltime(), response);
    }

    /** A peer asks us to pass a response on: only to the address our view holds for its asker. */
    void relay(long now, NodeAddress from, Relay relay) {
        NodeState asker = table.get(relay.response().origin());
        if (asker == null || !asker.isLive() || !asker.address.equals(relay.to())) {
            relaysRefused++;
            return;
        }
        if (asker == table.self()) {
            responded(now, relay.response());
            return;
        }
        relayed++;
        dissemination.sendAlone(relay.to(), List.of(relay.response()));
    }

    /** Grows whenever a count of {@link #metrics()} does: their sum. */
    long activity() {
        return askedCount + deliveredCount + answeredCount + responsesReceived + duplicates + late + relayed
                + relaysRefused + strangers + badPatterns;
    }

    QueryMetrics metrics() {
        return new QueryMetrics(askedCount, deliveredCount, answeredCount, responsesReceived, duplicates, late,
                relayed, relaysRefused, strangers, badPatterns);
    }

    /** A tag value read by a pattern, which stops the match once it has read too much (a pattern that backtracks without end). */
    private static final class BudgetedChars implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String s;
        private final int[] left;

        BudgetedChars(String s, int budget) {
            this(s, new int[] {budget});
        }

        private BudgetedChars(String s, int[] left) {
            this.s = s;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s.substring(start, end), left);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
