package io.gossamer.swim.transport;

import io.gossamer.KeyResponse;
import io.gossamer.swim.core.JoinRefusal;
import io.gossamer.swim.wire.NodeAddress;
import io.vertx.core.Promise;

import io.gossamer.swim.wire.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The commands waiting for the core to report their outcome: joins, leaves and key operations,
 * each with the promise its caller holds. Confined to the node's context.
 */
final class PendingCommands {

    private record JoinRequest(List<NodeAddress> seeds, Promise<SwimDriver.JoinOutcome> promise) {
    }

    private final Map<Long, JoinRequest> joins = new HashMap<>();
    private final List<Promise<Void>> leaves = new ArrayList<>();
    private final Map<Long, Promise<KeyResponse>> keyOperations = new HashMap<>();
    private final Map<Long, SwimDriver.QuerySink> queries = new HashMap<>();

    void joinStarted(long joinId, List<NodeAddress> seeds, Promise<SwimDriver.JoinOutcome> promise) {
        joins.put(joinId, new JoinRequest(seeds, promise));
    }

    /** @param streamErrors why the streams to some of the seeds failed, for the outcome */
    void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refusals,
                      Function<List<NodeAddress>, Map<NodeAddress, String>> streamErrors) {
        JoinRequest request = joins.remove(joinId);
        if (request == null) {
            return;
        }
        request.promise().tryComplete(new SwimDriver.JoinOutcome(contacted, errors,
                streamErrors.apply(request.seeds()), refusals));
    }

    void leaveStarted(Promise<Void> promise) {
        leaves.add(promise);
    }

    /** Forgets a leave that gave up waiting; false if it was already done. */
    boolean leaveAbandoned(Promise<Void> promise) {
        return leaves.remove(promise);
    }

    /** Completes every leave waiting: the core reports one departure, however often it was asked. */
    void leaveFinished() {
        List<Promise<Void>> done = new ArrayList<>(leaves);
        leaves.clear();
        done.forEach(p -> p.tryComplete());
    }

    void keyOperationStarted(long operationId, Promise<KeyResponse> promise) {
        keyOperations.put(operationId, promise);
    }

    void keyOperationFinished(long operationId, KeyResponse response) {
        Promise<KeyResponse> promise = keyOperations.remove(operationId);
        if (promise != null) {
            promise.tryComplete(response);
        }
    }

    void queryStarted(long ltime, SwimDriver.QuerySink sink) {
        queries.put(ltime, sink);
    }

    void queryResponded(long ltime, Message.QueryResponse response, Instant at) {
        SwimDriver.QuerySink sink = queries.get(ltime);
        if (sink != null) {
            sink.responded(response, at);
        }
    }

    void queryFinished(long ltime, Instant at) {
        SwimDriver.QuerySink sink = queries.remove(ltime);
        if (sink != null) {
            sink.finished(at);
        }
    }

    /** Fails every command still waiting, and ends every query with what it has: the node is closing. */
    void failAll(Throwable cause) {
        List<SwimDriver.QuerySink> pendingQueries = new ArrayList<>(queries.values());
        queries.clear();
        Instant now = Instant.now();
        pendingQueries.forEach(q -> q.finished(now));
        List<JoinRequest> pendingJoins = new ArrayList<>(joins.values());
        joins.clear();
        pendingJoins.forEach(j -> j.promise().tryFail(cause));
        List<Promise<Void>> pendingLeaves = new ArrayList<>(leaves);
        leaves.clear();
        pendingLeaves.forEach(p -> p.tryFail(cause));
        List<Promise<KeyResponse>> pendingKeys = new ArrayList<>(keyOperations.values());
        keyOperations.clear();
        pendingKeys.forEach(p -> p.tryFail(cause));
    }
}
