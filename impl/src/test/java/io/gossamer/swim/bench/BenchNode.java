package io.gossamer.swim.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One running node of a {@link ClusterSystem}, as the scenarios drive and observe it. */
public interface BenchNode {

    /** The member name, as other nodes report it in events. */
    String name();

    /**
     * Waits until the node is up (bound, ready to join). Systems whose {@code startNode} returns
     * before that (processes started in parallel) wait here; the harness calls it for every node
     * before any join is timed.
     */
    default void awaitReady() throws Exception {
    }

    /** {@code host:port} that other nodes can join through. */
    String seedAddress();

    /** Joins through the given seeds; completes when the system considers the join done. */
    CompletableFuture<Void> join(List<String> seeds);

    /** Names of the members this node currently considers alive (itself may be included). */
    Set<String> aliveMembers();

    /**
     * How many members this node considers alive: a cheap lower bound check while a large join is
     * polled (1,000 nodes, each building a set of 1,000 names every 20 ms, took a core).
     */
    default int aliveCount() {
        return aliveMembers().size();
    }

    /**
     * Every member this node holds, by name, with the state it shows (ALIVE, SUSPECT, DEAD, ...),
     * for explaining a join that does not converge; empty if the system cannot tell.
     */
    default java.util.Map<String, String> memberStates() {
        return java.util.Map.of();
    }

    /**
     * Stops the node abruptly, as a crash would: sockets closed, no leave announced. Returns once
     * the node no longer answers.
     */
    void crash() throws Exception;

    /**
     * Freezes the node as SIGSTOP would: it stops handling anything (timers, received traffic) until
     * {@link #resume()}, and what is sent to it waits. Systems that cannot do so throw
     * {@link UnsupportedOperationException}.
     */
    default void pause() throws Exception {
        throw new UnsupportedOperationException("pause");
    }

    /** Undoes {@link #pause()}, as SIGCONT would. */
    default void resume() throws Exception {
        throw new UnsupportedOperationException("resume");
    }

    /** Leaves gracefully; completes when the system says the leave has been announced. */
    CompletableFuture<Void> leave(Duration timeout);

    /** The node's traffic counters now. */
    Traffic traffic();

    /** Stops the node (abruptly if it has not left). Idempotent, never throws. */
    void close();
}
