package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;

import java.util.Map;

/** The core's mutable record of one member; only the core's thread touches it. */
final class NodeState {

    final String name;
    NodeAddress address;
    String datacenter;
    String role;
    Map<String, String> tags;
    /** Which start of the member this is (see {@link InstanceOrder}); news about another is not about it. */
    long generation;
    long incarnation;
    MemberState state;
    long stateChangedAt;
    /** Position in the core's member list, for O(1) removal and random sampling. */
    int index = -1;
    /** The next member on the same host, in the table's index by host; null for the last. */
    NodeState nextOnHost;
    /**
     * Removed by the guard (LEFT, another datacenter or not a WAN member): never gossiped about,
     * never sent in push-pull, never corrected; only a record that passes the checks brings it back.
     */
    boolean shed;
    /**
     * Forgotten by a prune: hidden from the view and from push-pull, and kept only as a tombstone
     * until the tombstone timeout, so that stale news cannot bring it back. A later incarnation
     * (the member really came back) replaces it as a new member.
     */
    boolean pruned;
    /**
     * Whether news of it came from a host this node trusts, or it introduced itself over TCP from
     * its own host; only such members make their host trusted (see {@link NewMembers}), so that a
     * stranger cannot earn trust by announcing a member of its own.
     */
    boolean vouched;
    /** Whether its name is in the probe ring's order (see {@link ProbeRing}). */
    boolean inRing;

    NodeState(String name, NodeAddress address, String datacenter, String role, Map<String, String> tags,
              long generation, long incarnation, MemberState state, long now) {
        this.name = name;
        this.address = address;
        this.datacenter = datacenter;
        this.role = role;
        this.tags = tags;
        this.generation = generation;
        this.incarnation = incarnation;
        this.state = state;
        this.stateChangedAt = now;
    }

    boolean isLive() {
        return state == MemberState.ALIVE || state == MemberState.SUSPECT;
    }

    Member toMember(String cluster) {
        return new Member(name, address.host(), address.port(), cluster, datacenter, role, tags, incarnation, state);
    }
}
