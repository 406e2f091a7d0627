package io.gossamer.tck.spi;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.MembershipEvent;

/**
 * What a peer delivers, as a deployment's observers would receive it ({@link Peers#start(java.util.Map,
 * PeerObserver)}).
 */
@FunctionalInterface
public interface PeerObserver {

    /** A transition the peer recorded, of any of its pools. */
    void membershipEvent(MembershipEvent event);

    /** A cluster event the peer delivered. */
    default void clusterEvent(ClusterEvent event) {
    }

    /** A query the peer matches; answered through {@link ClusterQuery#respond}, now or later. */
    default void clusterQuery(ClusterQuery query) {
    }
}
