package io.gossamer.tck.deployment;

import io.gossamer.ClusterEvent;
import io.gossamer.EventName;
import io.gossamer.InPool;
import io.gossamer.Pool;
import io.gossamer.tck.support.ClusterEventLog;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

/**
 * Observers of cluster events: every one (synchronous and asynchronous), the LAN pool's, one name
 * only, and one that records then throws before the others are called.
 */
@ApplicationScoped
public class ClusterEventObservers {

    /** The one name {@link #named()} observes. */
    public static final String WANTED = "wanted";

    private final ClusterEventLog all = new ClusterEventLog("observer of every cluster event");
    private final ClusterEventLog async = new ClusterEventLog("asynchronous observer of cluster events");
    private final ClusterEventLog lan = new ClusterEventLog("observer of @InPool(LAN) cluster events");
    private final ClusterEventLog named = new ClusterEventLog("observer of @EventName(\"" + WANTED + "\")");
    private final ClusterEventLog throwing = new ClusterEventLog("throwing observer called first");

    void onFirst(@Observes @Priority(1) ClusterEvent event) {
        throwing.record(event);
        throw new IllegalStateException("TCK: this observer always throws");
    }

    void onEvery(@Observes ClusterEvent event) {
        all.record(event);
    }

    void onAsync(@ObservesAsync ClusterEvent event) {
        async.record(event);
    }

    void onLan(@Observes @InPool(Pool.LAN) ClusterEvent event) {
        lan.record(event);
    }

    void onWanted(@Observes @EventName(WANTED) ClusterEvent event) {
        named.record(event);
    }

    public ClusterEventLog all() {
        return all;
    }

    public ClusterEventLog async() {
        return async;
    }

    public ClusterEventLog lan() {
        return lan;
    }

    public ClusterEventLog named() {
        return named;
    }

    public ClusterEventLog throwing() {
        return throwing;
    }
}
