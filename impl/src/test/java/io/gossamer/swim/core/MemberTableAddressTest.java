package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a datagram's sender is a remembered member, on a host that holds many members (all
 * nodes of a benchmark on 127.0.0.1), where the table indexes members by address: the answer must
 * be the one the walk over the host's members gives, through adds, moves, removals and prunes.
 */
class MemberTableAddressTest {

    private static final String HOST = "127.0.0.1";

    private final MemberTable table = new MemberTable(new SplittableRandom(1), "c",
            new DampedView(SwimConfig.builder(Profile.LAN).name("self").cluster("c").build(), new Timers(),
                    new SwimCoreTest.Recorder(), new ProtocolCounters()));

    private NodeState member(String name, int port) {
        return new NodeState(name, new NodeAddress(HOST, port), "dc1", "", Map.of(), 1, 0, MemberState.ALIVE, 0);
    }

    @Test
    void aCrowdedHostAnswersAsTheWalkWould() {
        table.addSelf(member("self", 7000));
        List<NodeState> members = new ArrayList<>();
        for (int i = 1; i <= 3 * MemberTable.CROWDED_HOST; i++) {
            NodeState n = member("node-" + i, 7000 + i);
            table.add(n);
            members.add(n);
        }
        // The local member is no peer; every other address is one; an unknown port is nobody.
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 7000))).isFalse();
        for (NodeState n : members) {
            assertThat(table.remembersMemberAt(n.address)).as(n.name).isTrue();
        }
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 9999))).isFalse();
        assertThat(table.remembersMemberAt(new NodeAddress("127.0.0.2", 7001))).isFalse();

        // A member that moves to another port is found there and no longer at its old one.
        NodeState mover = members.get(3);
        NodeAddress old = mover.address;
        table.setAddress(mover, new NodeAddress(HOST, 9999));
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 9999))).isTrue();
        assertThat(table.remembersMemberAt(old)).isFalse();

        // Two members at one address (a new name where an old one was): either keeps it remembered.
        NodeState twin = member("twin", 7001);
        table.add(twin);
        table.remove(members.get(0));
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 7001))).isTrue();
        table.remove(twin);
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 7001))).isFalse();

        // A pruned or shed member is not remembered, as on a host of its own.
        NodeState pruned = members.get(5);
        table.prune(pruned);
        assertThat(table.remembersMemberAt(pruned.address)).isFalse();
        NodeState shed = members.get(6);
        shed.shed = true;
        assertThat(table.remembersMemberAt(shed.address)).isFalse();
    }

    @Test
    void aHostOfFewMembersIsWalked() {
        table.addSelf(member("self", 7000));
        NodeState n = member("node-1", 7001);
        table.add(n);
        assertThat(table.remembersMemberAt(n.address)).isTrue();
        table.setAddress(n, new NodeAddress("10.0.0.1", 7001));
        assertThat(table.remembersMemberAt(new NodeAddress(HOST, 7001))).isFalse();
        assertThat(table.remembersMemberAt(new NodeAddress("10.0.0.1", 7001))).isTrue();
    }
}
