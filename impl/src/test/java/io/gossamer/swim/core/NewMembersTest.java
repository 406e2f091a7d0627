package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.SwimCoreTest.Recorder;
import io.gossamer.swim.core.SwimCoreTest.Stream;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may bring members into the view, and how many it holds: a stranger only a few per
 * interval, a member's host and a peer we asked as many as they like, and never more than
 * {@code maxMembers} in all.
 */
class NewMembersTest {

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress STRANGER = new NodeAddress("10.6.6.6", 7946);

    final Recorder out = new Recorder();
    SwimCore core;
    long now = 1_000;

    void start(UnaryOperator<SwimConfig.Builder> config) {
        core = new SwimCore(config.apply(SwimConfig.builder(Profile.LAN).name("a").advertise(SELF)).build(),
                new SplittableRandom(42), out);
        core.start(now, 0);
    }

    static Alive alive(String name, NodeAddress at) {
        return new Alive(name, 1, 1, at, "dc1", "server", Map.of());
    }

    static MemberRecord record(String name, NodeAddress at) {
        return new MemberRecord(name, at, "dc1", "server", Map.of(), 1, 1, MemberState.ALIVE);
    }

    static NodeAddress fake(int i) {
        return new NodeAddress("10.9." + (i / 250) + "." + (i % 250 + 1), 7946);
    }

    /** {@code count} made-up members, in datagrams of 20 alives. */
    void forge(NodeAddress from, int count) {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(alive("fake-" + from.host() + "-" + i, fake(i)));
            if (batch.size() == 20 || i == count - 1) {
                core.handlePacket(now, from, List.copyOf(batch));
                batch.clear();
            }
        }
    }

    int held() {
        return core.members().size();
    }

    /** A member joins over a stream, as peers do: its host is then a member's. */
    void joins(String name, NodeAddress at, MemberRecord... others) {
        List<MemberRecord> state = new ArrayList<>(List.of(record(name, at)));
        state.addAll(List.of(others));
        assertThat(core.handleStream(now, at, new PushPull(true, state))).get().isInstanceOf(PushPull.class);
    }

    static final int BURST = NewMembers.PER_HOST.burst();

    @Test
    void aStrangerIntroducesAFewMembersPerInterval() {
        start(b -> b);
        forge(STRANGER, 1_000);
        assertThat(held()).isEqualTo(1 + BURST);
        assertThat(core.guardMetrics().newMembersLimited()).isEqualTo(1_000 - BURST);

        now += HostRateLimiter.INTERVAL_MS;
        forge(STRANGER, 1_000);
        assertThat(held()).as("then a few per interval").isEqualTo(1 + BURST + NewMembers.PER_HOST.perInterval());
    }

    /**
     * A stranger that first announces a member at its own address over UDP gains nothing: that
     * member's only word is the stranger's own, which a forged source address gives anyone.
     */
    @Test
    void announcingAMemberAtItsOwnAddressEarnsAStrangerNothing() {
        start(b -> b);
        core.handlePacket(now, STRANGER, List.of(alive("me", STRANGER)));
        forge(STRANGER, 100);
        assertThat(held()).isEqualTo(1 + BURST);
    }

    @Test
    void strangersOverUdpIntroduceAFewInAllWhateverTheirAddresses() {
        start(b -> b);
        int inAll = NewMembers.DATAGRAM_STRANGERS_IN_ALL.burst();
        for (int i = 0; i < inAll + 100; i++) {
            NodeAddress forged = new NodeAddress("10.7." + (i / 250) + "." + (i % 250 + 1), 7946);
            core.handlePacket(now, forged, List.of(alive("self-" + i, forged)));
        }
        assertThat(held()).isEqualTo(1 + inAll);
        assertThat(core.guardMetrics().newMembersLimited()).isEqualTo(100);
    }

    /**
     * A joiner introduces itself over a stream from its own host, which a forger cannot do, and
     * brings the members it knows; once it is a member, its gossip brings new members freely.
     */
    @Test
    void aJoinerBringsItsViewAndItsHostIsThenTrusted() {
        start(b -> b);
        NodeAddress joiner = new NodeAddress("10.0.0.2", 7946);
        MemberRecord[] itsView = new MemberRecord[50];
        for (int i = 0; i < itsView.length; i++) {
            itsView[i] = record("known-" + i, fake(i));
        }
        joins("b", joiner, itsView);
        assertThat(held()).isEqualTo(2 + 50);

        forge(joiner, 500);
        assertThat(held()).isEqualTo(2 + 50 + 500);
        assertThat(core.guardMetrics().newMembersLimited()).isZero();
    }

    /** The reply to our own join comes from a seed we chose: the whole cluster gets in. */
    @Test
    void aSeedsReplyIsTrusted() {
        start(b -> b);
        NodeAddress seed = new NodeAddress("10.0.0.2", 7946);
        core.join(now, List.of(seed));
        Stream join = out.streams.get(0);
        List<MemberRecord> cluster = new ArrayList<>(List.of(record("seed", seed)));
        for (int i = 0; i < 300; i++) {
            cluster.add(record("m" + i, fake(i)));
        }
        core.handleStreamResult(now, join.id(), Optional.of(new PushPull(false, cluster)));
        assertThat(held()).isEqualTo(1 + 301);
        assertThat(core.guardMetrics().newMembersLimited()).isZero();
    }

    /** A member heard of from a stranger first is vouched for once a member's host gossips it. */
    @Test
    void aMemberFirstHeardFromAStrangerIsVouchedForByGossip() {
        start(b -> b);
        NodeAddress member = new NodeAddress("10.0.0.2", 7946);
        joins("b", member);
        NodeAddress newcomer = new NodeAddress("10.0.0.3", 7946);
        core.handlePacket(now, newcomer, List.of(alive("c", newcomer)));
        forge(newcomer, 100);
        assertThat(held()).isEqualTo(2 + BURST);

        core.handlePacket(now, member, List.of(alive("c", newcomer)));
        now += 1;
        forge(newcomer, 100);
        assertThat(held()).as("c's host now introduces freely").isEqualTo(3 + 100);
    }

    /**
     * A full view forgets the members DEAD the longest, a batch at a time, to take new ones, and
     * refuses new members while every one it holds is live; updates of members it holds go on.
     */
    @Test
    void aFullViewMakesRoomFromTheDeadAndOtherwiseRefuses() {
        int max = 100;
        start(b -> b.maxMembers(max));
        NodeAddress seed = new NodeAddress("10.0.0.2", 7946);
        joins("b", seed);
        forge(seed, 500);
        assertThat(held()).isEqualTo(max);
        assertThat(core.guardMetrics().newMembersRefused()).isEqualTo(500 - (max - 2));

        int dead = NewMembers.EVICTED_AT_ONCE + 6;
        List<String> deadInOrder = new ArrayList<>();
        for (int i = 0; i < dead; i++) {
            String name = "fake-" + seed.host() + "-" + i;
            core.handlePacket(now, seed, List.of(new Dead(name, 1, 1, "b")));
            deadInOrder.add(name);
            now += 10;
        }
        core.handlePacket(now, seed, List.of(alive("late", fake(999))));
        assertThat(core.guardMetrics().membersEvicted()).isEqualTo(NewMembers.EVICTED_AT_ONCE);
        List<String> names = core.members().stream().map(m -> m.name()).toList();
        assertThat(names).contains("late")
                .doesNotContainAnyElementsOf(deadInOrder.subList(0, NewMembers.EVICTED_AT_ONCE))
                .containsAll(deadInOrder.subList(NewMembers.EVICTED_AT_ONCE, dead));
        assertThat(held()).isEqualTo(max - NewMembers.EVICTED_AT_ONCE + 1);

        long refused = core.guardMetrics().newMembersRefused();
        List<Message> more = new ArrayList<>();
        int room = max - held();
        for (int i = 0; i < room + 6 + 1; i++) {
            more.add(alive("more-" + i, fake(1_000 + i)));
        }
        core.handlePacket(now, seed, more);
        assertThat(held()).isEqualTo(max);
        assertThat(core.guardMetrics().membersEvicted()).as("the last 6 dead made room too")
                .isEqualTo(NewMembers.EVICTED_AT_ONCE + 6);
        assertThat(core.guardMetrics().newMembersRefused()).isEqualTo(refused + 1);

        core.handlePacket(now, seed, List.of(new Alive("b", 1, 2, seed, "dc1", "server", Map.of("v", "2"))));
        assertThat(core.members()).filteredOn(m -> m.name().equals("b")).singleElement()
                .satisfies(m -> assertThat(m.tags()).containsEntry("v", "2"));
    }
}
