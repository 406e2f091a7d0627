package io.gossamer.swim.core;

import io.gossamer.swim.wire.NodeAddress;

import java.util.Comparator;

/**
 * Orders the instances of one member name. An instance is one start of a process under that name:
 * it picks its generation when it starts (the wall clock, so a restart picks a larger one), and
 * keeps it until it stops. A later instance holds the name; two instances started in the same
 * millisecond are ordered by address, so that every node picks the same holder without talking.
 * Within one instance, the incarnation orders its news as in SWIM.
 */
final class InstanceOrder {

    private static final Comparator<NodeAddress> ADDRESSES =
            Comparator.comparing(NodeAddress::host).thenComparingInt(NodeAddress::port);

    private InstanceOrder() {
    }

    /** Negative if instance 1 is older than instance 2, zero if they are the same, positive if newer. */
    static int compare(long generation1, NodeAddress address1, long generation2, NodeAddress address2) {
        int byGeneration = Long.compare(generation1, generation2);
        return byGeneration != 0 ? byGeneration : ADDRESSES.compare(address1, address2);
    }
}
