package io.gossamer.swim.core;

import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.SwimCoreTest.Recorder;
import io.gossamer.swim.metrics.GuardMetrics;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-mixing guard inside the core, driven by hand: records checked wherever they can
 * enter the view, refusals, joins refused as a whole, shedding when the guard is switched on, and
 * a reconnect refused by a member that moved to another datacenter.
 */
class GuardCoreTest {

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);
    static final NodeAddress C = new NodeAddress("10.0.0.3", 7946);
    static final NodeAddress X = new NodeAddress("10.0.9.1", 7946);
    static final NodeAddress Y = new NodeAddress("10.0.9.2", 7946);

    Recorder out = new Recorder();
    SwimCore core;
    long now = 1_000;

    private SwimCore start(UnaryOperator<SwimConfig.Builder> adjust) {
        SwimConfig config = adjust.apply(SwimConfig.builder(Profile.LAN).name("a").cluster("prod").datacenter("dc1")
                .advertise(SELF)).build();
        core = new SwimCore(config, new SplittableRandom(3), out);
        core.start(now, 0);
        return core;
    }

    private static Alive alive(String name, NodeAddress at, String dc, long inc) {
        return new Alive(name, 0, inc, at, dc, "server", Map.of());
    }

    private static MemberRecord record(String name, NodeAddress at, String dc, MemberState state) {
        return new MemberRecord(name, at, dc, "server", Map.of(), 0, 1, state);
    }

    private Optional<Member> member(String name) {
        return core.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private List<String> names() {
        return core.members().stream().map(Member::name).sorted().toList();
    }

    private static ForeignLabel label(String text) {
        return ForeignLabel.of(text);
    }

    /** Gossip about a member of another datacenter changes nothing and is counted by reason. */
    @Test
    void aliveGossipOfAnotherDatacenterIsRefused() {
        start(b -> b);
        core.handlePacket(now, B, List.of(alive("b", B, "dc1", 1), alive("x", X, "dc2", 1)));
        assertThat(names()).containsExactly("a", "b");
        assertThat(out.changes).noneMatch(c -> c.member().name().equals("x"));
        assertThat(core.guardMetrics().refusedRecords()).containsExactly(Map.entry("FOREIGN_DATACENTER", 1L));
    }

    /** Push-pull state: foreign records are skipped one by one, the rest is merged. */
    @Test
    void pushPullRecordsOfAnotherDatacenterAreSkipped() {
        start(b -> b);
        Optional<Message> reply = core.handleStream(now, B, new PushPull(false, List.of(
                record("b", B, "dc1", MemberState.ALIVE), record("x", X, "dc2", MemberState.ALIVE),
                record("y", Y, "dc2", MemberState.DEAD))));
        assertThat(names()).containsExactly("a", "b");
        assertThat(reply).get().isInstanceOfSatisfying(PushPull.class, pp ->
                assertThat(pp.members()).extracting(MemberRecord::name).containsExactlyInAnyOrder("a", "b"));
        assertThat(core.guardMetrics().refusedRecords()).containsEntry("FOREIGN_DATACENTER", 2L);
    }

    /**
     * A join whose state holds a record this pool refuses is refused as a whole, and nothing of it
     * is merged (memberlist #132: no side may believe a refused join happened).
     */
    @Test
    void aJoinWithAForeignRecordIsRefusedAsAWhole() {
        start(b -> b);
        Optional<Message> reply = core.handleStream(now, C, new PushPull(true, List.of(
                record("c", C, "dc1", MemberState.ALIVE), record("x", X, "dc2", MemberState.ALIVE))));
        assertThat(reply).get().isInstanceOfSatisfying(Refuse.class, r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
            assertThat(r.detail()).contains("a (cluster prod, pool lan, datacenter dc1").contains("x");
        });
        assertThat(names()).containsExactly("a");
        assertThat(out.changes).hasSize(1); // our own join only
    }

    /** The joiner: a refusal ends the join with the reason, and nothing of the seed is recorded. */
    @Test
    void aRefusedJoinRecordsNothingAndNamesTheReason() {
        start(b -> b);
        core.join(now, List.of(X));
        SwimCoreTest.Stream s = onlyStream();
        core.handleStreamResult(now, s.id(), Optional.of(new Refuse(RefusalReason.FOREIGN_DATACENTER,
                "x (cluster prod, pool lan, datacenter dc2, role server)")));
        assertThat(out.joins).singleElement().asString().startsWith("0 ").contains("FOREIGN_DATACENTER");
        assertThat(out.refusals).containsExactly(new JoinRefusal(X, RefusalReason.FOREIGN_DATACENTER,
                "x (cluster prod, pool lan, datacenter dc2, role server)"));
        assertThat(names()).containsExactly("a");
    }

    private SwimCoreTest.Stream onlyStream() {
        assertThat(out.streams).hasSize(1);
        return out.streams.get(0);
    }

    /** Streams with a foreign label get a refusal every time; it names who refuses. */
    @Test
    void foreignStreamsAreRefusedWithTheirClassification() {
        start(b -> b.role("client"));
        assertThat(core.refuseStream(now, X, label("prod/lan/dc2")).reason()).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
        assertThat(core.refuseStream(now, X, label("prod/wan")).reason()).isEqualTo(RefusalReason.NOT_A_SERVER);
        Refuse r = core.refuseStream(now, X, label("other/lan/dc1"));
        assertThat(r.reason()).isEqualTo(RefusalReason.FOREIGN_CLUSTER);
        assertThat(r.detail()).isEqualTo("a (cluster prod, pool lan, datacenter dc1, role client)");
        GuardMetrics m = core.guardMetrics();
        assertThat(m.foreignLabels()).containsEntry("FOREIGN_DATACENTER", 1L).containsEntry("NOT_A_SERVER", 1L)
                .containsEntry("FOREIGN_CLUSTER", 1L);
        assertThat(m.refusalsSent()).isEqualTo(3);
        assertThat(names()).containsExactly("a");
    }

    /**
     * Datagram refusals: a few per source host per interval, never larger than the datagram they
     * answer; everything else is counted as suppressed.
     */
    @Test
    void foreignDatagramsAreRefusedSparinglyAndNeverAmplified() {
        start(b -> b);
        ForeignLabel foreign = label("prod/lan/dc2");
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            Optional<Refuse> r = core.refuseDatagram(now, new NodeAddress("10.0.9.1", 5000 + i), foreign, 200);
            if (r.isPresent()) {
                sent++;
                assertThat(PacketCodec.encodeReply(foreign, r.get()).length).isLessThanOrEqualTo(200);
            }
        }
        assertThat(sent).isEqualTo(ForeignLabels.REFUSALS_PER_HOST.burst());
        // A tiny datagram gets a refusal with its detail cut, or none at all.
        Optional<Refuse> small = core.refuseDatagram(now, Y, foreign, 30);
        assertThat(small).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
            assertThat(PacketCodec.encodeReply(foreign, r).length).isLessThanOrEqualTo(30);
        });
        assertThat(core.refuseDatagram(now, C, foreign, 12)).isEmpty();
        GuardMetrics m = core.guardMetrics();
        assertThat(m.refusalsSent()).isEqualTo(4);
        assertThat(m.refusalsSuppressed()).isEqualTo(8);
        assertThat(m.foreignLabels()).containsEntry("FOREIGN_DATACENTER", 12L);
    }

    /** A refusal in a datagram is counted and logged, and changes nothing: its sender may be forged. */
    @Test
    void refusalsReceivedInDatagramsChangeNothing() {
        start(b -> b);
        core.handlePacket(now, B, List.of(alive("b", B, "dc1", 1)));
        core.handlePacket(now, B, List.of(new Refuse(RefusalReason.FOREIGN_DATACENTER, "b lies")));
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
        assertThat(core.guardMetrics().refusalsReceived()).isEqualTo(1);
    }

    /**
     * Guard off: other datacenters' labels and records come in. Switched on: they are shed at once,
     * LEFT with FOREIGN_DATACENTER, and never come back through gossip or push-pull, nor are they
     * gossiped about or sent to anyone.
     */
    @Test
    void switchingTheGuardOnShedsMembersOfOtherDatacenters() {
        start(b -> b.guard(false));
        assertThat(core.acceptsLabel("prod/lan/dc2")).isTrue();
        core.handlePacket(now, B, List.of(alive("b", B, "dc1", 1), alive("x", X, "dc2", 1), alive("y", Y, "dc2", 1)));
        core.handlePacket(now, B, List.of(new Suspect("y", 0, 1, "b")));
        assertThat(member("x")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
        assertThat(member("y")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
        out.changes.clear();

        core.setGuardEnabled(now, true);

        assertThat(core.acceptsLabel("prod/lan/dc2")).isFalse();
        assertThat(out.changes).hasSize(2).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.LEFT);
            assertThat(c.leftReason()).contains(MemberLeft.Reason.FOREIGN_DATACENTER);
            assertThat(c.member().datacenter()).isEqualTo("dc2");
        });
        assertThat(out.changes).extracting(c -> c.member().name() + " " + c.previous().orElseThrow())
                .containsExactlyInAnyOrder("x ALIVE", "y SUSPECT");
        assertThat(core.guardMetrics().membersShed()).isEqualTo(2);
        assertThat(core.guardMetrics().enabled()).isTrue();
        out.changes.clear();
        out.packets.clear();

        // newer news about them, from gossip and from push-pull, is refused
        core.handlePacket(now, B, List.of(alive("x", X, "dc2", 9), new Suspect("x", 0, 9, "b"), new Dead("y", 0, 9, "b")));
        Optional<Message> reply = core.handleStream(now, B, new PushPull(false, List.of(
                new MemberRecord("x", X, "dc2", "server", Map.of(), 0, 10, MemberState.ALIVE))));
        assertThat(out.changes).isEmpty();
        assertThat(member("x")).get().extracting(Member::state).isEqualTo(MemberState.LEFT);
        // and our local LEFT is nobody's news: not in push-pull, not gossiped, not corrected
        assertThat(reply).get().isInstanceOfSatisfying(PushPull.class, pp ->
                assertThat(pp.members()).extracting(MemberRecord::name).containsExactlyInAnyOrder("a", "b"));
        for (int i = 0; i < 20; i++) {
            now += 200;
            core.handleTimers(now);
        }
        assertThat(out.allSent()).noneMatch(m -> m.toString().contains("name=x") || m.toString().contains("name=y"));
        assertThat(out.streams).noneMatch(s -> s.to().equals(X) || s.to().equals(Y));
    }

    /** A shed member that comes back in our datacenter (it was moved here) is a member again. */
    @Test
    void aShedMemberReturnsOnceItPassesTheChecks() {
        start(b -> b.guard(false));
        core.handlePacket(now, B, List.of(alive("x", X, "dc2", 5)));
        core.setGuardEnabled(now, true);
        core.handlePacket(now, X, List.of(alive("x", X, "dc1", 0)));
        assertThat(member("x")).get().satisfies(m -> {
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
            assertThat(m.datacenter()).isEqualTo("dc1");
        });
        assertThat(out.changes).last().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.JOINED);
            assertThat(c.previous()).contains(MemberState.LEFT);
        });
    }

    /**
     * Switching the guard off again lets other datacenters in, but does not bring back the members
     * it shed: they refused us, or we them, and only a record that belongs here revives them.
     */
    @Test
    void switchingTheGuardOffDoesNotBringShedMembersBack() {
        start(b -> b.guard(false));
        core.handlePacket(now, B, List.of(alive("x", X, "dc2", 1)));
        core.setGuardEnabled(now, true);
        core.setGuardEnabled(now, false);
        out.changes.clear();
        core.handlePacket(now, B, List.of(alive("x", X, "dc2", 7), alive("y", Y, "dc2", 1)));
        assertThat(member("x")).get().extracting(Member::state).isEqualTo(MemberState.LEFT);
        assertThat(member("y")).get().extracting(Member::state).isEqualTo(MemberState.ALIVE);
        assertThat(out.changes).extracting(c -> c.member().name()).containsExactly("y");
        assertThat(core.guardEnabled()).isFalse();
    }

    /**
     * A dead member that answers our reconnect with FOREIGN_DATACENTER was moved to another
     * datacenter: it is shed. Any other refusal, or a datagram refusal, changes nothing.
     */
    @Test
    void aReconnectRefusedForAnotherDatacenterShedsTheMember() {
        start(b -> b.pushPullInterval(java.time.Duration.ZERO));
        core.handlePacket(now, B, List.of(alive("b", B, "dc1", 1)));
        core.handlePacket(now, C, List.of(new Dead("b", 0, 1, "c")));
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);
        out.changes.clear();

        reconnectAndAnswer(new Refuse(RefusalReason.FOREIGN_CLUSTER, "b (cluster other)"));
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);
        core.handlePacket(now, B, List.of(new Refuse(RefusalReason.FOREIGN_DATACENTER, "forged?")));
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.DEAD);

        reconnectAndAnswer(new Refuse(RefusalReason.FOREIGN_DATACENTER, "b (cluster prod, pool lan, datacenter dc2)"));
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.LEFT);
        assertThat(out.changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.LEFT);
            assertThat(c.previous()).contains(MemberState.DEAD);
            assertThat(c.leftReason()).contains(MemberLeft.Reason.FOREIGN_DATACENTER);
        });
        // shed members are not reconnected to
        out.streams.clear();
        for (int i = 0; i < 5; i++) {
            now += 30_000;
            core.handleTimers(now);
        }
        assertThat(out.streams).isEmpty();
    }

    /**
     * A member whose TCP probe is refused for another datacenter (its guard went on while ours is
     * off, or it moved) is shed before the probe ends, so it is never suspected; a refusal for any
     * other reason leaves the probe to fail as usual.
     */
    @Test
    void aTcpProbeRefusedForAnotherDatacenterShedsWithoutSuspicion() {
        start(b -> b.guard(false));
        core.handlePacket(now, B, List.of(alive("b", B, "dc2", 1)));
        out.changes.clear();
        SwimCoreTest.Stream tcpPing = awaitTcpProbe();
        core.handleStreamResult(now, tcpPing.id(), Optional.of(new Refuse(RefusalReason.FOREIGN_DATACENTER, "b")));
        for (int i = 0; i < 10; i++) {
            now += 1_000;
            core.handleTimers(now);
        }
        assertThat(out.changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.LEFT);
            assertThat(c.previous()).contains(MemberState.ALIVE);
            assertThat(c.leftReason()).contains(MemberLeft.Reason.FOREIGN_DATACENTER);
        });

        out = new Recorder();
        start(b -> b);
        core.handlePacket(now, B, List.of(alive("b", B, "dc1", 1)));
        core.handleStreamResult(now, awaitTcpProbe().id(), Optional.of(new Refuse(RefusalReason.FOREIGN_CLUSTER, "b")));
        now += 1_000;
        core.handleTimers(now);
        assertThat(member("b")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
    }

    /**
     * In the WAN pool, a member whose TCP probe a LAN pool refuses (a client, or a server's LAN
     * port, now answers at its address) is shed as NOT_A_WAN_MEMBER before the probe ends; another
     * cluster's refusal leaves the probe to fail.
     */
    @Test
    void aWanProbeRefusedByALanPoolShedsWithoutSuspicion() {
        for (RefusalReason lan : List.of(RefusalReason.NOT_A_SERVER, RefusalReason.SERVER_LAN_PORT)) {
            out = new Recorder();
            startWan();
            core.handlePacket(now, B, List.of(new Alive("b.dc2", 0, 1, B, "dc2", "server", Map.of())));
            out.changes.clear();
            core.handleStreamResult(now, awaitTcpProbe().id(), Optional.of(new Refuse(lan, "b")));
            for (int i = 0; i < 10; i++) {
                now += 1_000;
                core.handleTimers(now);
            }
            assertThat(out.changes).as("after %s", lan).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(MemberChange.Kind.LEFT);
                assertThat(c.previous()).contains(MemberState.ALIVE);
                assertThat(c.leftReason()).contains(MemberLeft.Reason.NOT_A_WAN_MEMBER);
            });
        }

        out = new Recorder();
        startWan();
        core.handlePacket(now, B, List.of(new Alive("b.dc2", 0, 1, B, "dc2", "server", Map.of())));
        core.handleStreamResult(now, awaitTcpProbe().id(), Optional.of(new Refuse(RefusalReason.FOREIGN_CLUSTER, "b")));
        for (int i = 0; i < 10; i++) {
            now += 1_000;
            core.handleTimers(now);
        }
        assertThat(member("b.dc2")).get().extracting(Member::state).isEqualTo(MemberState.SUSPECT);
    }

    private void startWan() {
        SwimConfig config = SwimConfig.builder(Profile.WAN).name("a.dc1").cluster("prod").datacenter("dc1")
                .role("server").pool(io.gossamer.Pool.WAN).advertise(SELF).build();
        core = new SwimCore(config, new SplittableRandom(3), out);
        core.start(now, 0);
    }

    private SwimCoreTest.Stream awaitTcpProbe() {
        out.streams.clear();
        while (out.streams.stream().noneMatch(st -> st.request() instanceof Message.Ping)) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        return out.streams.stream().filter(st -> st.request() instanceof Message.Ping).findFirst().orElseThrow();
    }

    private void reconnectAndAnswer(Message reply) {
        out.streams.clear();
        while (out.streams.isEmpty()) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        SwimCoreTest.Stream s = out.streams.get(0);
        assertThat(s.to()).isEqualTo(B);
        assertThat(s.request()).isInstanceOf(PushPull.class);
        core.handleStreamResult(now, s.id(), Optional.of(reply));
    }

    /** Our own refusal of a foreign-labelled reply names how the label differs and fails the join. */
    @Test
    void aForeignReplyIsRefusedByUs() {
        start(b -> b);
        core.join(now, List.of(X));
        Refuse ours = core.refuseReply(now, X, label("prod/lan/dc2"));
        assertThat(ours.reason()).isEqualTo(RefusalReason.FOREIGN_DATACENTER);
        assertThat(ours.detail()).contains("prod/lan/dc2").contains(X.toString());
        core.handleStreamResult(now, onlyStream().id(), Optional.of(ours));
        assertThat(out.refusals).extracting(JoinRefusal::reason).containsExactly(RefusalReason.FOREIGN_DATACENTER);
        assertThat(names()).containsExactly("a");
    }

    /** In the WAN pool, only servers named node.datacenter are taken; switching the guard on sheds the rest. */
    @Test
    void wanPoolTakesOnlyServers() {
        SwimConfig config = SwimConfig.builder(Profile.WAN).name("a.dc1").cluster("prod").datacenter("dc1")
                .role("server").pool(io.gossamer.Pool.WAN).advertise(SELF).guard(false).build();
        core = new SwimCore(config, new SplittableRandom(3), out);
        core.start(now, 0);
        core.handlePacket(now, B, List.of(new Alive("b.dc2", 0, 1, B, "dc2", "server", Map.of()),
                new Alive("c.dc2", 0, 1, C, "dc2", "client", Map.of())));
        assertThat(names()).containsExactly("a.dc1", "b.dc2", "c.dc2");
        out.changes.clear();
        core.setGuardEnabled(now, true);
        assertThat(out.changes).singleElement().satisfies(c -> {
            assertThat(c.member().name()).isEqualTo("c.dc2");
            assertThat(c.leftReason()).contains(MemberLeft.Reason.NOT_A_WAN_MEMBER);
        });
        core.handlePacket(now, B, List.of(new Alive("d.dc1", 0, 1, X, "dc2", "server", Map.of())));
        assertThat(member("d.dc1")).isEmpty();
        assertThat(core.guardMetrics().refusedRecords()).containsEntry("WAN_NAME_MISMATCH", 1L);
        assertThat(core.refuseStream(now, X, label("prod/lan/dc1")).reason()).isEqualTo(RefusalReason.NOT_A_WAN_MEMBER);
    }
}
