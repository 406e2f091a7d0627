package io.gossamer.tck.support;

import io.gossamer.ClusterQuery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The queries one observer (or peer) received. A peer's log also answers each query as it arrives,
 * with {@link #answerTo(String, ClusterQuery)}, unless told not to: the answers a test expects
 * from it. Tests wait on it as on an {@link EventLog}.
 */
public final class ClusterQueryLog {

    private final RecordLog<ClusterQuery> log;
    private volatile boolean answering = true;

    /** @param owner who received the queries, for failure messages */
    public ClusterQueryLog(String owner) {
        this.log = new RecordLog<>(owner, ClusterQueryLog::describe);
    }

    /** The answer a peer named {@code peer} gives to {@code query}: {@code <peer>/<the query's payload>}. */
    public static String answerTo(String peer, ClusterQuery query) {
        return peer + "/" + query.payloadAsString();
    }

    /** Whether queries are answered as they arrive (a peer's default). */
    public void answering(boolean answer) {
        this.answering = answer;
    }

    /** Records a query, and answers it if answering, as a peer named {@code peer}. */
    public void record(String peer, ClusterQuery query) {
        if (answering) {
            query.respond(answerTo(peer, query).getBytes(StandardCharsets.UTF_8));
        }
        log.record(query);
    }

    /** Every query so far, in the order received. */
    public List<ClusterQuery> queries() {
        return log.records();
    }

    /** The queries of that name so far. */
    public List<ClusterQuery> named(String name) {
        return queries().stream().filter(q -> q.name().equals(name)).toList();
    }

    /** Waits until the queries received satisfy {@code condition}; fails after {@code timeout}. */
    public List<ClusterQuery> await(String expectation, Duration timeout, Predicate<List<ClusterQuery>> condition) {
        return log.await(expectation, timeout, condition);
    }

    private static String describe(List<ClusterQuery> queries) {
        return queries.stream().map(q -> q.name() + " from " + q.origin() + " at " + q.lamportTime())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
