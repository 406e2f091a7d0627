package io.gossamer.swim.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One running node of a {@link ClusterSystem}, as the scenarios drive and observe it. */
public interface BenchNode {

    /** The member name, as other nodes report it in events. */
    String name();

    /** {@code host:port} that other nodes can join through. */
    String seedAddress();

    /** Joins through the given seeds; completes when the system considers the join done. */
    CompletableFuture<Void> join(List<String> seeds);

    /** Names of the members this node currently considers alive (itself may be included). */
    Set<String> aliveMembers();

    /**
     * Stops the node abruptly, as a crash would: sockets closed, no leave announced. Returns once
     * the node no longer answers.
     */
    void crash() throws Exception;

    /** Leaves gracefully; completes when the system says the leave has been announced. */
    CompletableFuture<Void> leave(Duration timeout);

    /** The node's traffic counters now. */
    Traffic traffic();

    /** Stops the node (abruptly if it has not left). Idempotent, never throws. */
    void close();
}
