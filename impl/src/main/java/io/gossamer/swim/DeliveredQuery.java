package io.gossamer.swim;

import io.gossamer.ClusterQuery;
import io.gossamer.Pool;
import io.gossamer.swim.wire.Message.Query;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * A query delivered to this node's listeners; {@link #respond} answers it through the node. The
 * returned stage completes on the node's event loop: callers that chain work onto it hop off
 * first (the CDI extension does).
 */
final class DeliveredQuery implements ClusterQuery {

    /** Sends an answer for the query that {@code origin} asked at {@code ltime}. */
    @FunctionalInterface
    interface Responder {
        CompletionStage<Void> respond(String origin, long ltime, byte[] answer);
    }

    private final Query query;
    private final Pool pool;
    private final Instant deadline;
    private final Responder responder;

    DeliveredQuery(Query query, Pool pool, Instant deliveredAt, Responder responder) {
        this.query = query;
        this.pool = pool;
        this.deadline = deliveredAt.plusMillis(query.timeoutMs());
        this.responder = responder;
    }

    @Override
    public String name() {
        return query.name();
    }

    @Override
    public byte[] payload() {
        return query.payload();
    }

    @Override
    public String origin() {
        return query.origin();
    }

    @Override
    public long lamportTime() {
        return query.ltime();
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public CompletionStage<Void> respond(byte[] answer) {
        return responder.respond(query.origin(), query.ltime(), answer.clone());
    }

    @Override
    public String toString() {
        return "ClusterQuery[" + query.name() + " from " + query.origin() + " at " + query.ltime() + ", " + pool + "]";
    }
}
