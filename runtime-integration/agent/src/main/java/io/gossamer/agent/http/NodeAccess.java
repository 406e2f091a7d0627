package io.gossamer.agent.http;

import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.swim.metrics.NodeMetrics;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** What the HTTP API asks of the agent's node. */
public interface NodeAccess {

    /** The node's name (its LAN member's). */
    String name();

    /** The node's pools: LAN, and WAN on a server. */
    List<Pool> pools();

    /**
     * The membership of {@code pool}.
     *
     * @throws IllegalStateException for the WAN pool of a client
     */
    Membership membership(Pool pool);

    /** Joins {@code pool} through {@code seeds} now; completes with how many answered. */
    CompletionStage<Integer> join(Pool pool, List<String> seeds);

    /** Leaves every pool gracefully, then ends the agent (as {@code serf leave} does). */
    void leaveAndStop();

    /** Every counter and gauge of every pool. */
    void readMetrics(Consumer<NodeMetrics.Sample> samples);

    /** The histograms, by metric and pool name. */
    Map<NodeMetrics.Descriptor, Map<String, Histogram.Snapshot>> histograms();

    /** {@code /v1/agent/health}: whether the node is healthy and why (as MicroProfile Health says it). */
    JsonObject health();

    /** {@code /v1/agent/self}: the configuration in force and the node's own figures. */
    JsonObject self();
}
