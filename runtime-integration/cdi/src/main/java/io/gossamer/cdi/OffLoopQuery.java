package io.gossamer.cdi;

import io.gossamer.ClusterQuery;
import io.gossamer.Pool;

import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** A query as observers receive it: the engine's, with {@link #respond} completing off the event loop. */
final class OffLoopQuery implements ClusterQuery {

    private final ClusterQuery query;
    private final Executor completions;

    OffLoopQuery(ClusterQuery query, Executor completions) {
        this.query = query;
        this.completions = completions;
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
        return query.lamportTime();
    }

    @Override
    public Pool pool() {
        return query.pool();
    }

    @Override
    public Instant deadline() {
        return query.deadline();
    }

    @Override
    public CompletionStage<Void> respond(byte[] answer) {
        return OffLoop.complete(query.respond(java.util.Objects.requireNonNull(answer, "answer")), completions);
    }

    @Override
    public String toString() {
        return query.toString();
    }
}
