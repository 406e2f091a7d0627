package io.gossamer.tck.support;

import io.gossamer.ClusterQuery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The queries one observer (or peer) received. A peer's log also answers each query as it arrives,
 * with {@link #answerTo(String, ClusterQuery)}, unless told not to: the answers a test expects
 * from it.
 */
public final class ClusterQueryLog {

    private final String owner;
    private final List<ClusterQuery> queries = new ArrayList<>();
    private final List<CompletionStage<Void>> answers = new ArrayList<>();
    private volatile boolean answering = true;

    /** @param owner who received the queries: the name a peer answers with */
    public ClusterQueryLog(String owner) {
        this.owner = owner;
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
        CompletionStage<Void> answer = answering
                ? query.respond(answerTo(peer, query).getBytes(StandardCharsets.UTF_8)) : null;
        synchronized (this) {
            queries.add(query);
            if (answer != null) {
                answers.add(answer);
            }
            notifyAll();
        }
    }

    /** Every query so far, in the order received. */
    public synchronized List<ClusterQuery> queries() {
        return List.copyOf(queries);
    }

    /** The queries of that name so far. */
    public List<ClusterQuery> named(String name) {
        return queries().stream().filter(q -> q.name().equals(name)).toList();
    }

    /** Waits until the queries received satisfy {@code condition}; fails after {@code timeout}. */
    public synchronized List<ClusterQuery> await(String expectation, Duration timeout,
                                                 Predicate<List<ClusterQuery>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ClusterQuery> now = List.copyOf(queries);
            if (condition.test(now)) {
                return now;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(owner + ": no " + expectation + " within " + timeout + "; received: " + describe(now));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(owner + ": interrupted while waiting for " + expectation);
            }
        }
    }

    private static String describe(List<ClusterQuery> queries) {
        return queries.stream().map(q -> q.name() + " from " + q.origin() + " at " + q.lamportTime())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return owner + ": " + describe(queries());
    }
}
