package io.gossamer.swim;

import io.gossamer.QueryAnswer;
import io.gossamer.QueryListener;
import io.gossamer.QueryResult;
import io.gossamer.swim.transport.SwimDriver;
import io.gossamer.swim.wire.Message.QueryResponse;
import io.vertx.core.Promise;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Gathers one query's acknowledgements and answers on the event loop, tells the application's
 * listener of each on the delivery thread, and completes the result there once the query ends,
 * after the listener has heard everything.
 */
final class QueryCollector implements SwimDriver.QuerySink {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim");

    private final String name;
    private final QueryListener listener;
    private final Executor delivery;
    private final Promise<QueryResult> result = Promise.promise();
    // Confined to the event loop.
    private final List<String> acks = new ArrayList<>();
    private final List<QueryAnswer> answers = new ArrayList<>();
    private long ltime;

    QueryCollector(String name, QueryListener listener, Executor delivery) {
        this.name = name;
        this.listener = listener;
        this.delivery = delivery;
    }

    /** The query was asked at Lamport time {@code ltime}. */
    void asked(long ltime) {
        this.ltime = ltime;
    }

    Promise<QueryResult> result() {
        return result;
    }

    @Override
    public void responded(QueryResponse response, Instant at) {
        if (response.ack()) {
            acks.add(response.from());
            delivery.execute(() -> tell(() -> listener.acknowledged(response.from())));
        } else {
            QueryAnswer answer = new QueryAnswer(response.from(), response.payload(), at);
            answers.add(answer);
            delivery.execute(() -> tell(() -> listener.answered(answer)));
        }
    }

    @Override
    public void finished(Instant at) {
        QueryResult done = new QueryResult(name, ltime, acks, answers);
        delivery.execute(() -> result.tryComplete(done));
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "query listener " + listener + " failed on query " + name, e);
        }
    }
}
