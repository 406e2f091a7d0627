package io.gossamer.swim;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.LocalRefutation;
import io.gossamer.MembershipEvent;

/**
 * Receives the membership events and the cluster events of one {@link SwimNode}.
 *
 * <p>Events are delivered one at a time, in the order the node recorded them, on a single thread
 * the node owns (named {@code gossamer-events-<node name>}), never on the network event loop: a
 * slow listener delays later events but never probes or acks. That thread's context class loader
 * is the one of the thread that started the node. An exception thrown by a listener is logged and
 * does not stop delivery to it or to other listeners.
 */
@FunctionalInterface
public interface MembershipListener {

    /** Handles one event. */
    void onEvent(MembershipEvent event);

    /**
     * Handles one cluster event, on the same thread and in the same order as membership events;
     * ignored unless overridden.
     */
    default void onClusterEvent(ClusterEvent event) {
    }

    /**
     * Handles one query that the local member matches, on the same thread and in the same order as
     * events; it may be answered now or later, from any thread, until its deadline. Ignored unless
     * overridden.
     */
    default void onClusterQuery(ClusterQuery query) {
    }

    /**
     * Handles the local member's refutation of news about itself, on the same thread and in the
     * same order as events; ignored unless overridden.
     */
    default void onLocalRefutation(LocalRefutation refutation) {
    }
}
