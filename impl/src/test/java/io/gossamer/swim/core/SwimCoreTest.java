package io.gossamer.swim.core;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.Pool;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Dead;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.MemberRecord;
import io.gossamer.swim.wire.Message.Nack;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.PushPull;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** One core driven by hand: every output is recorded, every input is explicit. */
class SwimCoreTest {

    record Sent(NodeAddress to, List<Message> messages) { }

    record Stream(long id, NodeAddress to, Message request) { }

    static class Recorder implements CoreOutput {
        final List<Sent> packets = new ArrayList<>();
        final List<Stream> streams = new ArrayList<>();
        final List<MemberChange> changes = new ArrayList<>();
        final List<String> joins = new ArrayList<>();
        final List<JoinRefusal> refusals = new ArrayList<>();
        int leaves;

        @Override
        public void sendPacket(NodeAddress to, List<Message> messages) {
            packets.add(new Sent(to, messages));
        }

        @Override
        public void openStream(long streamId, NodeAddress to, Message request) {
            streams.add(new Stream(streamId, to, request));
        }

        @Override
        public void memberChanged(MemberChange change) {
            changes.add(change);
        }

        final List<LocalRefutation> refutations = new ArrayList<>();
        final List<Long> roundTrips = new ArrayList<>();

        @Override
        public void probeRoundTrip(long roundTripNanos) {
            roundTrips.add(roundTripNanos);
        }

        @Override
        public void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser) {
            refutations.add(new LocalRefutation(self, claimed, accuser, Pool.LAN, Instant.EPOCH));
        }

        final List<Message.UserEvent> delivered = new ArrayList<>();

        @Override
        public void deliverEvent(Message.UserEvent event) {
            delivered.add(event);
        }

        final List<Message.Query> queries = new ArrayList<>();
        final List<String> queryOutcomes = new ArrayList<>();

        @Override
        public void deliverQuery(Message.Query query) {
            queries.add(query);
        }

        @Override
        public void queryResponded(long ltime, Message.QueryResponse response) {
            queryOutcomes.add(ltime + " " + (response.ack() ? "ack" : "answer") + " " + response.from()
                    + (response.ack() ? "" : " " + new String(response.payload(), java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Override
        public void queryFinished(long ltime) {
            queryOutcomes.add(ltime + " finished");
        }

        @Override
        public void joinFinished(long joinId, int contacted, List<String> errors, List<JoinRefusal> refused) {
            joins.add(contacted + " " + errors);
            refusals.addAll(refused);
        }

        @Override
        public void leaveFinished() {
            leaves++;
        }

        final List<io.gossamer.swim.security.Keyring> keyrings = new ArrayList<>();
        final List<io.gossamer.KeyResponse> keyResponses = new ArrayList<>();

        @Override
        public void keyringChanged(io.gossamer.swim.security.Keyring keyring) {
            keyrings.add(keyring);
        }

        @Override
        public void keyOperationFinished(long operationId, io.gossamer.KeyResponse response) {
            keyResponses.add(response);
        }

        List<Message> sentTo(NodeAddress to) {
            return packets.stream().filter(p -> p.to.equals(to)).flatMap(p -> p.messages.stream()).toList();
        }

        List<Message> allSent() {
            return packets.stream().flatMap(p -> p.messages.stream()).toList();
        }
    }

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);
    static final NodeAddress C = new NodeAddress("10.0.0.3", 7946);
    static final NodeAddress D = new NodeAddress("10.0.0.4", 7946);

    Recorder out;
    SwimCore core;
    long now;

    @BeforeEach
    void start() {
        out = new Recorder();
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).build();
        core = new SwimCore(config, new SplittableRandom(42), out);
        now = 1_000;
        core.start(now, 0);
    }

    /** Peers that do not answer pings; all others ack at once. */
    final java.util.Set<NodeAddress> silent = new java.util.HashSet<>();
    int answered;

    private void advanceTo(long t) {
        while (core.nextDeadline() <= t) {
            now = core.nextDeadline();
            core.handleTimers(now);
            answerPings();
        }
        now = t;
    }

    private void answerPings() {
        while (answered < out.packets.size()) {
            Sent p = out.packets.get(answered++);
            if (silent.contains(p.to())) {
                continue;
            }
            for (Message m : p.messages()) {
                if (m instanceof Ping ping) {
                    core.handlePacket(now, p.to(), List.of(new Ack(ping.seq())));
                }
            }
        }
    }

    private void learn(String name, NodeAddress addr, long inc) {
        core.handlePacket(now, addr, List.of(new Alive(name, 0, inc, addr, "dc1", "server", Map.of())));
    }

    private void announce(String name, long generation, long inc, NodeAddress addr) {
        core.handlePacket(now, addr, List.of(new Alive(name, generation, inc, addr, "dc1", "server", Map.of())));
    }

    private MemberState stateOf(String name) {
        return core.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().state();
    }

    /** Starting emits the local member's own join. */
    @Test
    void startAnnouncesSelf() {
        assertThat(out.changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.JOINED);
            assertThat(c.member().name()).isEqualTo("a");
            assertThat(c.previous()).isEmpty();
        });
        assertThat(core.localMember().state()).isEqualTo(MemberState.ALIVE);
    }

    /** A ping for our name is acked; a ping for another name is not. */
    @Test
    void answersOnlyPingsForItsOwnName() {
        core.handlePacket(now, B, List.of(new Ping(7, "a")));
        core.handlePacket(now, C, List.of(new Ping(8, "someone-else")));
        assertThat(out.sentTo(B)).contains(new Ack(7));
        assertThat(out.sentTo(C)).isEmpty();
    }

    /** An unanswered probe goes indirect and over TCP, then ends in suspicion, sent to the suspect. */
    @Test
    void failedProbeLeadsToSuspicion() {
        learn("b", B, 1);
        learn("c", C, 1);
        learn("d", D, 1);
        silent.addAll(List.of(B, C, D));
        advanceTo(now + 1_000);
        Ping ping = (Ping) out.allSent().stream().filter(m -> m instanceof Ping).findFirst().orElseThrow();
        NodeAddress target = out.packets.stream().filter(p -> p.messages.contains(ping)).findFirst().orElseThrow().to();
        advanceTo(now + 500);
        assertThat(out.allSent()).filteredOn(m -> m instanceof IndirectPing).hasSize(2);
        assertThat(out.streams).anySatisfy(s -> assertThat(s.request()).isEqualTo(new Ping(ping.seq(), ping.target())));
        advanceTo(now + 600);
        assertThat(stateOf(ping.target())).isEqualTo(MemberState.SUSPECT);
        assertThat(out.sentTo(target)).contains(new Suspect(ping.target(), 0, 1, "a"));
        assertThat(out.changes).anySatisfy(c -> assertThat(c.kind()).isEqualTo(MemberChange.Kind.SUSPECTED));
        // both relays sent no nack: two points against our own health
        assertThat(core.localHealth()).isEqualTo(2);
    }

    /**
     * Lifeguard's buddy system: the probe of a suspect carries the suspicion ahead of the ping, so
     * the suspect has queued its refutation by the time it acks, and the refutation rides back on
     * the ack (the other way round the ack leaves first, without it).
     */
    @Test
    void probeOfASuspectSendsTheSuspicionBeforeThePing() {
        learn("b", B, 1);
        silent.add(B);
        advanceTo(now + 3_000);
        assertThat(stateOf("b")).isEqualTo(MemberState.SUSPECT);
        int before = out.packets.size();
        advanceTo(now + 1_500);
        List<List<Message>> probes = out.packets.subList(before, out.packets.size()).stream()
                .filter(p -> p.to().equals(B) && p.messages().stream().anyMatch(m -> m instanceof Ping))
                .map(Sent::messages).toList();
        assertThat(probes).as("probes of the suspect").isNotEmpty().allSatisfy(messages -> {
            int suspect = indexOf(messages, Suspect.class);
            int ping = indexOf(messages, Ping.class);
            assertThat(suspect).as("the suspicion in %s", messages).isNotNegative().isLessThan(ping);
        });
    }

    private static int indexOf(List<Message> messages, Class<? extends Message> type) {
        for (int i = 0; i < messages.size(); i++) {
            if (type.isInstance(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** An ack relayed through an indirect probe counts as success. */
    @Test
    void relayedAckIsSuccess() {
        learn("b", B, 1);
        learn("c", C, 1);
        silent.addAll(List.of(B, C));
        advanceTo(now + 1_000);
        Ping ping = (Ping) out.allSent().stream().filter(m -> m instanceof Ping).reduce((x, y) -> y).orElseThrow();
        advanceTo(now + 500);
        core.handlePacket(now, C, List.of(new Ack(ping.seq())));
        advanceTo(now + 1_000);
        assertThat(stateOf(ping.target())).isEqualTo(MemberState.ALIVE);
        assertThat(core.localHealth()).isZero();
    }

    /**
     * Our own loop stalls while a ping is out, until two seconds after the probe ticker was due:
     * the ack came in time but waits unread behind the timers, so the probe looks failed. The
     * ticker's lateness counts against our own health (each half probe timeout of it one point),
     * and so unhealthy a prober does not accuse on one failure; the ack, read next, ends it.
     */
    @Test
    void ownTimersRunningLateCountAgainstHealthNotAgainstTheTarget() {
        learn("b", B, 1);
        silent.add(B);
        while (out.sentTo(B).stream().noneMatch(m -> m instanceof Ping)) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        Ping ping = (Ping) out.sentTo(B).stream().filter(m -> m instanceof Ping).findFirst().orElseThrow();
        now += 3_000;
        core.handleTimers(now);
        core.handlePacket(now, B, List.of(new Ack(ping.seq())));
        assertThat(core.localHealth()).as("2 s late at a 500 ms probe timeout, saturated at 8 - 1").isEqualTo(7);
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
        assertThat(out.changes).noneSatisfy(c -> assertThat(c.kind()).isEqualTo(MemberChange.Kind.SUSPECTED));
    }

    /**
     * News of a death goes to the live members its full retransmit limit of times: the extra
     * gossip packet to the member just declared dead (so that one wrongly declared refutes) carries
     * it too, but counts no transmission, since the dead read none.
     */
    @Test
    void gossipToTheDeadCountsNoTransmission() {
        learn("b", B, 1);
        learn("c", C, 1);
        learn("d", D, 1);
        NodeAddress e = new NodeAddress("10.0.0.5", 7946);
        learn("e", e, 1);
        advanceTo(now + 10_000); // the news of the joins has run out
        int before = out.packets.size();
        Dead death = new Dead("e", 0, 1, "c");
        core.handlePacket(now, C, List.of(death));
        assertThat(stateOf("e")).isEqualTo(MemberState.DEAD);
        advanceTo(now + 5_000);
        List<Sent> carrying = out.packets.subList(before, out.packets.size()).stream()
                .filter(p -> p.messages().contains(death)).toList();
        // 4 × ⌈log10(5 + 1)⌉ transmissions for 5 remembered members
        assertThat(carrying).filteredOn(p -> !p.to().equals(e)).hasSize(4);
        assertThat(carrying).filteredOn(p -> p.to().equals(e)).isNotEmpty();
    }

    /**
     * The packet to the recently dead goes out on every gossip round that has news, the last one
     * included: in a small cluster news lasts a few rounds, and one taken by the fanout first
     * would leave the last round's news nothing for the dead.
     */
    @Test
    void gossipToTheDeadGoesOnEveryRoundWithNews() {
        learn("b", B, 1);
        NodeAddress e = new NodeAddress("10.0.0.5", 7946);
        learn("e", e, 1);
        advanceTo(now + 10_000); // the news of the joins has run out
        Dead death = new Dead("e", 0, 1, "b");
        core.handlePacket(now, B, List.of(death));
        int rounds = 0;
        for (long end = now + 5_000; core.nextDeadline() <= end; ) {
            int before = out.packets.size();
            now = core.nextDeadline();
            core.handleTimers(now);
            List<Sent> step = List.copyOf(out.packets.subList(before, out.packets.size()));
            answerPings();
            boolean gossipToB = step.stream().anyMatch(p -> p.to().equals(B) && p.messages().contains(death)
                    && p.messages().stream().allMatch(m -> m instanceof Dead || m instanceof Alive));
            if (gossipToB) {
                rounds++;
                assertThat(step).as("round " + rounds).anyMatch(p -> p.to().equals(e) && p.messages().contains(death));
            }
        }
        assertThat(rounds).isGreaterThan(1);
    }

    /** As a relay, we ping the target and nack the requester at 80 % of the probe timeout. */
    @Test
    void relaySendsNack() {
        learn("b", B, 1);
        silent.add(C);
        core.handlePacket(now, B, List.of(new IndirectPing(55, "c", C, true)));
        Ping relayed = (Ping) out.sentTo(C).get(0);
        assertThat(relayed.target()).isEqualTo("c");
        advanceTo(now + 399);
        assertThat(out.sentTo(B)).doesNotContain(new Nack(55));
        advanceTo(now + 1);
        assertThat(out.sentTo(B)).contains(new Nack(55));
    }

    /** Hearing that we are suspected makes us refute with a higher incarnation. */
    @Test
    void refutesSuspicionAboutItself() {
        learn("b", B, 1);
        core.handlePacket(now, B, List.of(new Suspect("a", 0, 0, "b")));
        core.handlePacket(now, B, List.of(new Ping(1, "a")));
        assertThat(out.sentTo(B)).anySatisfy(m -> {
            assertThat(m).isInstanceOf(Alive.class);
            assertThat(((Alive) m).name()).isEqualTo("a");
            assertThat(((Alive) m).incarnation()).isEqualTo(1);
        });
        assertThat(core.localMember().incarnation()).isEqualTo(1);
        assertThat(core.localHealth()).isEqualTo(1);
        assertThat(out.refutations).singleElement().satisfies(r -> {
            assertThat(r.claimed()).isEqualTo(LocalRefutation.Claim.SUSPECT);
            assertThat(r.accuser()).contains("b");
            assertThat(r.member().incarnation()).isEqualTo(1);
        });
    }

    /**
     * Each accusation refuted is reported once, naming what was claimed and by whom; one of an
     * incarnation already refuted is not refuted, nor reported, again.
     */
    @Test
    void reportsEachRefutationOnce() {
        learn("b", B, 1);
        learn("c", C, 1);
        core.handlePacket(now, B, List.of(new Suspect("a", 0, 0, "b")));
        core.handlePacket(now, C, List.of(new Suspect("a", 0, 0, "c")));
        core.handlePacket(now, C, List.of(new Dead("a", 0, 1, "c")));
        core.handlePacket(now, B, List.of(new Alive("a", 0, 5, SELF, "dc1", "server", Map.of("x", "y"))));
        assertThat(out.refutations).extracting(LocalRefutation::claimed, LocalRefutation::accuser,
                        r -> r.member().incarnation())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalRefutation.Claim.SUSPECT, Optional.of("b"), 1L),
                        org.assertj.core.groups.Tuple.tuple(LocalRefutation.Claim.DEAD, Optional.of("c"), 2L),
                        org.assertj.core.groups.Tuple.tuple(LocalRefutation.Claim.OTHER_DETAILS, Optional.empty(), 6L));
    }

    /**
     * A suspicion without confirmations ends, at the max timeout, with one last direct probe of
     * the suspect; without an answer it is DEAD one probe interval later.
     */
    @Test
    void suspicionExpiresIntoDeadAfterAFinalCheck() {
        for (int i = 0; i < 5; i++) {
            learn("m" + i, new NodeAddress("10.0.1." + i, 7946), 1);
        }
        // m0 acks our probes (so we never confirm the suspicion ourselves) but never refutes
        NodeAddress m0 = new NodeAddress("10.0.1.0", 7946);
        core.handlePacket(now, B, List.of(new Suspect("m0", 0, 1, "m1")));
        assertThat(stateOf("m0")).isEqualTo(MemberState.SUSPECT);
        // n = 6 live: min 4 s, max 24 s, k = 2
        long suspectedAt = now;
        advanceTo(suspectedAt + 23_999);
        assertThat(stateOf("m0")).isEqualTo(MemberState.SUSPECT);
        out.packets.clear();
        answered = 0;
        advanceTo(suspectedAt + 24_000);
        assertThat(out.sentTo(m0)).anySatisfy(m -> assertThat(m).isInstanceOf(Ping.class))
                .contains(new Suspect("m0", 0, 1, "a"));
        assertThat(stateOf("m0")).isEqualTo(MemberState.SUSPECT);
        advanceTo(suspectedAt + 25_000);
        assertThat(stateOf("m0")).isEqualTo(MemberState.DEAD);
    }

    /** A refutation that answers the final check keeps the member alive. */
    @Test
    void finalCheckCatchesALostRefutation() {
        for (int i = 0; i < 5; i++) {
            learn("m" + i, new NodeAddress("10.0.1." + i, 7946), 1);
        }
        core.handlePacket(now, B, List.of(new Suspect("m0", 0, 1, "m1")));
        advanceTo(now + 24_000);
        core.handlePacket(now, new NodeAddress("10.0.1.0", 7946),
                List.of(new Alive("m0", 0, 2, new NodeAddress("10.0.1.0", 7946), "dc1", "server", Map.of())));
        advanceTo(now + 60_000);
        assertThat(stateOf("m0")).isEqualTo(MemberState.ALIVE);
    }

    /** Independent confirmations shorten the suspicion to its minimum. */
    @Test
    void confirmationsShortenSuspicion() {
        for (int i = 0; i < 5; i++) {
            learn("m" + i, new NodeAddress("10.0.1." + i, 7946), 1);
        }
        long suspectedAt = now;
        core.handlePacket(now, B, List.of(new Suspect("m0", 0, 1, "m1"), new Suspect("m0", 0, 1, "m2"),
                new Suspect("m0", 0, 1, "m3")));
        advanceTo(suspectedAt + 3_999);
        assertThat(stateOf("m0")).isEqualTo(MemberState.SUSPECT);
        advanceTo(suspectedAt + 4_000);
        assertThat(stateOf("m0")).isEqualTo(MemberState.DEAD);
    }

    /** A newer alive refutes a suspicion: the member is ALIVE again and the event says so. */
    @Test
    void aliveWithHigherIncarnationClearsSuspicion() {
        learn("b", B, 1);
        learn("c", C, 1);
        learn("d", D, 1);
        core.handlePacket(now, C, List.of(new Suspect("b", 0, 1, "c")));
        learn("b", B, 2);
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
        assertThat(out.changes).last().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.ALIVE);
            assertThat(c.previous()).contains(MemberState.SUSPECT);
        });
        advanceTo(now + 60_000);
        assertThat(stateOf("b")).isNotEqualTo(MemberState.DEAD);
    }

    /** A dead message from the member itself means it left. */
    @Test
    void selfDeclaredDeadIsLeft() {
        learn("b", B, 3);
        core.handlePacket(now, B, List.of(new Dead("b", 0, 3, "b")));
        assertThat(stateOf("b")).isEqualTo(MemberState.LEFT);
        assertThat(out.changes).last().extracting(MemberChange::kind).isEqualTo(MemberChange.Kind.LEFT);
    }

    /**
     * A member restarted elsewhere is a later instance of its name: it holds the name at once,
     * whatever state the earlier one is in, and news about the earlier instance (its suspicion or
     * death, still gossiped) no longer touches it; the sender of such stale news is corrected.
     */
    @Test
    void aLaterInstanceTakesTheNameAtOnceAndNewsOfTheEarlierOneNoLongerApplies() {
        announce("b", 100, 5, B);
        NodeAddress moved = new NodeAddress("10.0.0.9", 8000);
        announce("b", 200, 0, moved);
        assertThat(core.members()).filteredOn(m -> m.name().equals("b")).singleElement().satisfies(m -> {
            assertThat(m.port()).isEqualTo(8000);
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
            assertThat(m.incarnation()).isZero();
        });
        core.handlePacket(now, C, List.of(new Suspect("b", 100, 5, "c"), new Dead("b", 100, 6, "c")));
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
        assertThat(out.changes).filteredOn(c -> c.member().name().equals("b")).extracting(MemberChange::kind)
                .containsExactly(MemberChange.Kind.JOINED, MemberChange.Kind.UPDATED);
        advanceTo(now + 1_000);
        assertThat(out.allSent()).contains(new Alive("b", 200, 0, moved, "dc1", "server", Map.of()));

        core.handlePacket(now, C, List.of(new Dead("b", 200, 0, "c")));
        assertThat(stateOf("b")).isEqualTo(MemberState.DEAD);
    }

    /**
     * A probe of an instance that a later one replaces while the probe is out: the silence was the
     * earlier instance's, and the later one is not suspected for it.
     */
    @Test
    void aProbeOfAnEarlierInstanceDoesNotMakeUsSuspectTheLaterOne() {
        announce("b", 100, 0, B);
        silent.add(B);
        while (out.sentTo(B).stream().noneMatch(m -> m instanceof Ping)) {
            advanceTo(now + 100);
        }
        NodeAddress moved = new NodeAddress("10.0.0.9", 8000);
        announce("b", 200, 0, moved);
        advanceTo(now + 3_000);
        assertThat(out.allSent()).noneMatch(m -> m instanceof Suspect s && s.name().equals("b"));
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
    }

    /** A LEFT or DEAD name goes to a later instance at its own incarnation: nothing to outnumber. */
    @Test
    void aLaterInstanceTakesALeftNameAtIncarnationZero() {
        announce("b", 100, 3, B);
        core.handlePacket(now, B, List.of(new Dead("b", 100, 3, "b")));
        assertThat(stateOf("b")).isEqualTo(MemberState.LEFT);
        NodeAddress moved = new NodeAddress("10.0.0.9", 8000);
        announce("b", 200, 0, moved);
        // the earlier instance's leave, arriving late, does not end the later one
        core.handlePacket(now, C, List.of(new Dead("b", 100, 3, "b")));
        assertThat(core.members()).filteredOn(m -> m.name().equals("b")).singleElement().satisfies(m -> {
            assertThat(m.port()).isEqualTo(8000);
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
        });
        assertThat(out.changes).filteredOn(c -> c.member().name().equals("b")).extracting(MemberChange::kind)
                .containsExactly(MemberChange.Kind.JOINED, MemberChange.Kind.LEFT, MemberChange.Kind.JOINED);
    }

    /**
     * An earlier instance announcing itself while a later one holds the name is told directly who
     * holds it (so a process still running under the name learns it lost), once per probe interval.
     */
    @Test
    void anEarlierInstanceIsToldWhoHoldsTheName() {
        NodeAddress moved = new NodeAddress("10.0.0.9", 8000);
        announce("b", 200, 0, moved);
        announce("b", 100, 7, B);
        assertThat(out.packets).last().satisfies(p -> {
            assertThat(p.to()).isEqualTo(B);
            assertThat(p.messages()).first().isEqualTo(new Alive("b", 200, 0, moved, "dc1", "server", Map.of()));
        });
        int sent = out.packets.size();
        announce("b", 100, 8, B);
        assertThat(out.packets).hasSize(sent);
        assertThat(core.members()).filteredOn(m -> m.name().equals("b")).singleElement().satisfies(m -> {
            assertThat(m.port()).isEqualTo(8000);
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
        });
    }

    /** A death of a later instance than the one held ends the name: the one held was replaced. */
    @Test
    void theDeathOfALaterInstanceEndsTheOneHeld() {
        announce("b", 100, 2, B);
        core.handlePacket(now, C, List.of(new Dead("b", 200, 0, "c")));
        assertThat(stateOf("b")).isEqualTo(MemberState.DEAD);
        // the earlier instance's news is now stale
        announce("b", 100, 9, B);
        assertThat(stateOf("b")).isEqualTo(MemberState.DEAD);
    }

    /** Two instances started in the same millisecond: every node picks the one at the larger address. */
    @Test
    void instancesOfTheSameGenerationAreOrderedByAddress() {
        NodeAddress larger = new NodeAddress("10.0.0.9", 8000);
        announce("b", 100, 4, larger);
        announce("b", 100, 9, B);
        assertThat(core.members()).filteredOn(m -> m.name().equals("b")).singleElement()
                .satisfies(m -> assertThat(m.port()).isEqualTo(8000));
    }

    /**
     * A later instance of the local member's name runs elsewhere: this one lost the name. It says
     * so (its own member LEFT, NAME_CONFLICT), stops refuting and probing, and a leave ends at once.
     */
    @Test
    void theLocalMemberLosesItsNameToALaterInstanceWithoutAWar() {
        learn("b", B, 0);
        NodeAddress other = new NodeAddress("10.0.0.7", 7946);
        core.handlePacket(now, B, List.of(new Alive("a", 5, 0, other, "dc1", "server", Map.of())));
        // The claimant is asked first, with a ping of our name; it answers.
        assertThat(out.sentTo(other)).anyMatch(m -> m instanceof Ping p && p.target().equals("a"));
        assertThat(core.nameHolder()).isEmpty();
        advanceTo(now + 500); // the next timer lets the claimant's answer in
        assertThat(core.nameHolder()).contains(other);
        assertThat(out.changes).last().satisfies(c -> {
            assertThat(c.member().name()).isEqualTo("a");
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.LEFT);
            assertThat(c.leftReason()).contains(io.gossamer.MemberLeft.Reason.NAME_CONFLICT);
        });
        int sent = out.packets.size();
        core.handlePacket(now, B, List.of(new Suspect("a", 0, 0, "b"), new Alive("a", 5, 3, other, "dc1",
                "server", Map.of())));
        advanceTo(now + 10_000);
        assertThat(out.packets.subList(sent, out.packets.size())).flatExtracting(Sent::messages)
                .noneMatch(m -> m instanceof Alive a && a.name().equals("a") || m instanceof Ping);
        core.leave(now);
        assertThat(out.leaves).isEqualTo(1);
    }

    /**
     * A claim on the local name that its claimant does not back (nobody answers there to our name:
     * a forgery, or a process already gone) is not yielded to: the local member becomes a later
     * instance still, so that every node holds it again.
     */
    @Test
    void aClaimNobodyAnswersForIsOutbidNotYieldedTo() {
        learn("b", B, 0);
        NodeAddress forged = new NodeAddress("10.0.0.66", 7946);
        silent.add(forged);
        core.handlePacket(now, B, List.of(new Alive("a", 5, 0, forged, "dc1", "server", Map.of())));
        advanceTo(now + 2_000);
        assertThat(core.nameHolder()).isEmpty();
        assertThat(core.localMember().state()).isEqualTo(MemberState.ALIVE);
        assertThat(out.changes).noneMatch(c -> c.member().name().equals("a") && c.kind() == MemberChange.Kind.LEFT);
        assertThat(out.allSent()).contains(new Alive("a", 6, 0, SELF, "dc1", "server", Map.of()));
        // a claim at the largest generation no clock reaches is not followed (and does not overflow)
        core.handlePacket(now, B, List.of(new Alive("a", Long.MAX_VALUE, 0, forged, "dc1", "server", Map.of())));
        advanceTo(now + 2_000);
        assertThat(core.nameHolder()).isEmpty();
        assertThat(core.localMember().state()).isEqualTo(MemberState.ALIVE);
    }

    /**
     * News of a later instance of the local name at the local address, or of its end anywhere, can
     * only be about a predecessor started while the wall clock read later: the local member starts
     * a later instance still, so that none of it applies, instead of refuting at its incarnation.
     */
    @Test
    void aPredecessorWithALaterClockMakesTheLocalMemberStartALaterInstance() {
        learn("b", B, 0);
        core.handlePacket(now, B, List.of(new Dead("a", 50, 3, "b")));
        assertThat(core.localMember().state()).isEqualTo(MemberState.ALIVE);
        advanceTo(now + 1_000);
        assertThat(out.allSent()).contains(new Alive("a", 51, 0, SELF, "dc1", "server", Map.of()));
        core.handlePacket(now, B, List.of(new Alive("a", 70, 0, SELF, "dc1", "server", Map.of())));
        assertThat(core.nameHolder()).isEmpty();
        advanceTo(now + 1_000);
        assertThat(out.allSent()).contains(new Alive("a", 71, 0, SELF, "dc1", "server", Map.of()));
    }

    /** News about an earlier instance of the local name is not refuted: it is not about us. */
    @Test
    void newsOfAnEarlierInstanceOfTheLocalNameIsNotRefuted() {
        out = new Recorder();
        core = new SwimCore(SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).build(),
                new SplittableRandom(42), out);
        core.start(now, 500);
        learn("b", B, 0);
        core.handlePacket(now, B, List.of(new Suspect("a", 400, 7, "b"), new Dead("a", 400, 8, "b")));
        assertThat(core.localMember().incarnation()).isZero();
        assertThat(core.localMember().state()).isEqualTo(MemberState.ALIVE);
    }

    /** A push-pull request is merged before the reply is built, and the reply holds everyone. */
    @Test
    void pushPullMergesAndReplies() {
        Optional<Message> reply = core.handleStream(now, B, new PushPull(true, List.of(
                new MemberRecord("b", B, "dc1", "server", Map.of("k", "v"), 0, 2, MemberState.ALIVE),
                new MemberRecord("a", SELF, "dc1", "server", Map.of(), 0, 4, MemberState.DEAD))));
        assertThat(reply).get().isInstanceOfSatisfying(PushPull.class, pp -> {
            assertThat(pp.members()).extracting(MemberRecord::name).containsExactlyInAnyOrder("a", "b");
            // we were reported dead at incarnation 4: the reply already carries the refutation
            assertThat(pp.members()).filteredOn(r -> r.name().equals("a")).singleElement()
                    .satisfies(r -> assertThat(r.incarnation()).isEqualTo(5));
        });
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
    }

    /** A join is a push-pull with each seed; the outcome counts the seeds that answered. */
    @Test
    void joinReportsContactedSeeds() {
        core.join(now, List.of(B, C, SELF));
        assertThat(out.streams).hasSize(2);
        core.handleStreamResult(now, out.streams.get(0).id(), Optional.of(new PushPull(false, List.of(
                new MemberRecord("b", B, "dc1", "server", Map.of(), 0, 1, MemberState.ALIVE)))));
        core.handleStreamResult(now, out.streams.get(1).id(), Optional.empty());
        assertThat(out.joins).singleElement().satisfies(j -> {
            assertThat(j).startsWith("1 ");
            assertThat(j).contains("10.0.0.3:7946").contains("is this node");
        });
        assertThat(stateOf("b")).isEqualTo(MemberState.ALIVE);
    }

    /** Leaving gossips our own dead message and reports completion once it is spread. */
    @Test
    void leaveSpreadsThenFinishes() {
        learn("b", B, 1);
        learn("c", C, 1);
        core.leave(now);
        assertThat(core.localMember().state()).isEqualTo(MemberState.LEFT);
        advanceTo(now + 5_000);
        assertThat(out.allSent()).contains(new Dead("a", 0, 0, "a"));
        assertThat(out.leaves).isEqualTo(1);
    }

    /** A tags update bumps the incarnation and is announced. */
    @Test
    void tagsUpdateIsAnnounced() {
        learn("b", B, 1);
        core.updateTags(now, Map.of("zone", "z1"));
        assertThat(core.localMember().incarnation()).isEqualTo(1);
        assertThat(out.changes).last().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(MemberChange.Kind.UPDATED);
            assertThat(c.member().tags()).containsEntry("zone", "z1");
            assertThat(c.before()).hasValueSatisfying(before -> assertThat(before.tags()).isEmpty());
        });
        advanceTo(now + 1_000);
        assertThat(out.sentTo(B)).anySatisfy(m -> assertThat(m).isEqualTo(
                new Alive("a", 0, 1, SELF, "dc1", "server", Map.of("zone", "z1"))));
    }

    /** Tags whose alive message could never fit a packet are refused with a clear reason. */
    @Test
    void refusesTagsThatFitNoPacket() {
        java.util.Map<String, String> big = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            big.put("key" + i, "v".repeat(95));
        }
        SwimConfig small = SwimConfig.builder(Profile.LAN).name("a".repeat(200)).datacenter("d".repeat(200)).advertise(SELF).packetSize(576).tags(big).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SwimCore(small, new SplittableRandom(1), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packet-size");
        big.put("k", "v".repeat(100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.updateTags(now, big))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 512");
    }

    /** Force-leave turns a DEAD member LEFT and gossips its leave; alive members cannot be force-left. */
    @Test
    void forceLeaveOnlyForDeadMembers() {
        learn("b", B, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.forceLeave(now, "b", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ALIVE");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.forceLeave(now, "nobody", false))
                .isInstanceOf(IllegalArgumentException.class);
        core.handlePacket(now, C, List.of(new Dead("b", 0, 2, "c")));
        core.forceLeave(now, "b", false);
        assertThat(stateOf("b")).isEqualTo(MemberState.LEFT);
        learn("c", C, 1);
        advanceTo(now + 1_000);
        assertThat(out.sentTo(C)).contains(new Dead("b", 0, 2, "b"));
    }

    /** Gossip older than what we know makes us gossip our newer news again, once it stopped circulating. */
    @Test
    void staleGossipIsCorrected() {
        learn("b", B, 1);
        learn("c", C, 1);
        core.handlePacket(now, B, List.of(new Dead("b", 0, 1, "b")));
        advanceTo(now + 10_000);
        out.packets.clear();
        answered = 0;
        // c missed b's departure and now suspects it
        core.handlePacket(now, C, List.of(new Suspect("b", 0, 1, "c")));
        advanceTo(now + 1_000);
        assertThat(out.sentTo(C)).contains(new Dead("b", 0, 1, "b"));
        assertThat(stateOf("b")).isEqualTo(MemberState.LEFT);
    }

    /** State learned by push-pull does not trigger corrections: the peer already gets our state. */
    @Test
    void pushPullDoesNotTriggerCorrections() {
        learn("b", B, 3);
        advanceTo(now + 10_000);
        int queued = core.queuedBroadcasts();
        core.handleStream(now, C, new PushPull(false, List.of(
                new MemberRecord("b", B, "dc1", "server", Map.of(), 0, 1, MemberState.ALIVE))));
        assertThat(core.queuedBroadcasts()).isEqualTo(queued);
    }

    /**
     * A straggler still suspecting a member we have long held dead gets our confirmation, and the
     * member itself is told, so it refutes if it lives; our verdict is not gossiped.
     */
    @Test
    void stragglerSuspicionOfADeadMemberIsConfirmed() {
        learn("b", B, 1);
        learn("c", C, 1);
        core.handlePacket(now, D, List.of(new Dead("b", 0, 1, "d")));
        advanceTo(now + 30_000);
        out.packets.clear();
        answered = 0;
        core.handlePacket(now, C, List.of(new Suspect("b", 0, 1, "c")));
        assertThat(out.sentTo(C)).contains(new Suspect("b", 0, 1, "a"));
        assertThat(out.sentTo(B)).contains(new Dead("b", 0, 1, "a"));
        // once per probe interval, however many stale copies arrive
        core.handlePacket(now, C, List.of(new Suspect("b", 0, 1, "c")));
        assertThat(out.sentTo(C)).filteredOn(m -> m.equals(new Suspect("b", 0, 1, "a"))).hasSize(1);
    }

    /** Several deaths at once trigger one extra push-pull once the wave has passed; one death does not. */
    /**
     * Members held DEAD coming back in a wave is a partition healing: one extra push-pull one
     * probe interval later carries our stale DEADs to a peer, whose suspicions make members that
     * nobody else suspected refute (a lone return triggers nothing).
     */
    @Test
    void aWaveOfMembersComingBackTriggersOneExtraPushPull() {
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF)
                .pushPullInterval(java.time.Duration.ofHours(1)).reconnectInterval(java.time.Duration.ofHours(1))
                .build();
        out = new Recorder();
        core = new SwimCore(config, new SplittableRandom(7), out);
        core.start(now, 0);
        answered = 0;
        learn("b", B, 0);
        for (int i = 0; i < 6; i++) {
            learn("m" + i, new NodeAddress("10.0.1." + i, 7946), 1);
            core.handlePacket(now, B, List.of(new Dead("m" + i, 0, 1, "b")));
        }
        advanceTo(now + 20_000);
        int afterDeaths = (int) out.streams.stream().filter(st -> st.request() instanceof PushPull).count();
        learn("m0", new NodeAddress("10.0.1.0", 7946), 2);
        advanceTo(now + 5_000);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(afterDeaths);
        learn("m1", new NodeAddress("10.0.1.1", 7946), 2);
        learn("m2", new NodeAddress("10.0.1.2", 7946), 2);
        advanceTo(now + 999);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(afterDeaths);
        // one probe interval, plus up to one of stagger
        advanceTo(now + 1_001);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(afterDeaths + 1);
        learn("m3", new NodeAddress("10.0.1.3", 7946), 2);
        advanceTo(now + 10_000);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(afterDeaths + 1);
    }

    @Test
    void massFailureTriggersOneExtraPushPull() {
        // periodic push-pull and reconnect far apart, so that any push-pull seen here is the extra one
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF)
                .pushPullInterval(java.time.Duration.ofHours(1)).reconnectInterval(java.time.Duration.ofHours(1))
                .build();
        out = new Recorder();
        core = new SwimCore(config, new SplittableRandom(7), out);
        core.start(now, 0);
        answered = 0;
        for (int i = 0; i < 6; i++) {
            learn("m" + i, new NodeAddress("10.0.1." + i, 7946), 1);
        }
        core.handlePacket(now, B, List.of(new Dead("m0", 0, 1, "b")));
        advanceTo(now + 20_000);
        assertThat(out.streams).noneMatch(st -> st.request() instanceof PushPull);
        core.handlePacket(now, B, List.of(new Dead("m1", 0, 1, "b"), new Dead("m2", 0, 1, "b")));
        // min suspicion at 4 live members is 4 s, plus up to one probe interval of stagger
        advanceTo(now + 3_999);
        assertThat(out.streams).noneMatch(st -> st.request() instanceof PushPull);
        advanceTo(now + 1_001);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(1);
        core.handlePacket(now, B, List.of(new Dead("m3", 0, 1, "b")));
        advanceTo(now + 10_000);
        assertThat(out.streams).filteredOn(st -> st.request() instanceof PushPull).hasSize(1);
    }

    /** A death heard before any suspicion is recorded as a suspicion, then the death, in that order. */
    @Test
    void deathNewsBeforeSuspicionStillSuspectsFirst() {
        learn("b", B, 1);
        core.handlePacket(now, C, List.of(new Dead("b", 0, 1, "c")));
        assertThat(out.changes).filteredOn(c -> c.member().name().equals("b")).extracting(MemberChange::kind)
                .containsExactly(MemberChange.Kind.JOINED, MemberChange.Kind.SUSPECTED, MemberChange.Kind.DEAD);
        assertThat(out.changes).last().satisfies(c -> assertThat(c.previous()).contains(MemberState.SUSPECT));
    }

    private final PacketCodec sizing = new PacketCodec(
            SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).build().label(), 1400);

    private static List<Message> manyPings(int n) {
        List<Message> pings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pings.add(new Ping(i, "a"));
        }
        return pings;
    }

    /**
     * 255 pings in one datagram from an address where no member lives (forgeable): one datagram
     * of acks goes back, no larger than the request; the acks that did not fit are counted.
     */
    @Test
    void pingsFromAStrangerGetOneReplyNoLargerThanTheRequest() {
        learn("b", B, 1);
        core.handlePacket(now, C, List.of(new Suspect("a", 0, 0, "b")));
        int before = out.packets.size();
        List<Message> request = manyPings(255);
        core.handlePacket(now, D, request);

        List<Sent> replies = out.packets.subList(before, out.packets.size());
        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.to()).isEqualTo(D);
            assertThat(sizing.datagramSize(reply.messages())).isLessThanOrEqualTo(sizing.datagramSize(request));
            assertThat(reply.messages()).filteredOn(m -> m instanceof Ack).isNotEmpty();
        });
        long acks = replies.get(0).messages().stream().filter(m -> m instanceof Ack).count();
        assertThat(core.guardMetrics().repliesWithheld()).isEqualTo(255 - acks);
    }

    /** A single ping from a stranger is still acked, with news only as far as the request's size. */
    @Test
    void aSinglePingFromAStrangerIsAckedWithinItsSize() {
        for (int i = 0; i < 20; i++) {
            learn("member-with-a-long-name-" + i, new NodeAddress("10.0.2." + i, 7946), 1);
        }
        int before = out.packets.size();
        List<Message> request = List.of(new Ping(9, "a"));
        core.handlePacket(now, D, request);
        Sent reply = out.packets.get(before);
        assertThat(reply.messages().get(0)).isEqualTo(new Ack(9));
        assertThat(sizing.datagramSize(reply.messages())).isLessThanOrEqualTo(sizing.datagramSize(request));
        assertThat(core.guardMetrics().repliesWithheld()).isZero();
    }

    /** A member's ping gets its ack with as much news as fits in a datagram, as before. */
    @Test
    void aMembersPingCarriesNewsBack() {
        for (int i = 0; i < 20; i++) {
            learn("member-with-a-long-name-" + i, new NodeAddress("10.0.2." + i, 7946), 1);
        }
        learn("b", B, 1);
        int before = out.packets.size();
        core.handlePacket(now, B, List.of(new Ping(9, "a")));
        Sent reply = out.packets.get(before);
        // our coordinate, then the ack, then news
        assertThat(reply.messages().get(0)).isInstanceOf(Message.NetworkCoordinate.class);
        assertThat(reply.messages().get(1)).isEqualTo(new Ack(9));
        assertThat(sizing.datagramSize(reply.messages())).isGreaterThan(1_000);
    }

    /** 255 pings from a member's address (forgeable too) still get one datagram back. */
    @Test
    void pingsFromAMemberGetOneReply() {
        learn("b", B, 1);
        int before = out.packets.size();
        core.handlePacket(now, B, manyPings(255));
        assertThat(out.packets.subList(before, out.packets.size())).singleElement()
                .satisfies(reply -> assertThat(sizing.datagramSize(reply.messages())).isLessThanOrEqualTo(1_400));
        assertThat(core.guardMetrics().repliesWithheld()).isPositive();
    }

    /**
     * 255 indirect pings in one datagram: from a stranger none is relayed; from a member only the
     * first, with a bare ping (no news) to a target address where no member lives, and one nack.
     */
    @Test
    void indirectPingsAreRelayedOncePerDatagramAndOnlyForMembers() {
        NodeAddress victim = new NodeAddress("10.0.9.9", 7946);
        silent.add(victim);
        List<Message> request = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            request.add(new IndirectPing(i, "v", victim, true));
        }
        int before = out.packets.size();
        core.handlePacket(now, D, request);
        advanceTo(now + 1_000);
        assertThat(out.packets.subList(before, out.packets.size())).isEmpty();
        assertThat(core.guardMetrics().repliesWithheld()).isEqualTo(255);

        learn("b", B, 1);
        before = out.packets.size();
        core.handlePacket(now, B, request);
        assertThat(out.packets.subList(before, out.packets.size())).singleElement().satisfies(ping -> {
            assertThat(ping.to()).isEqualTo(victim);
            assertThat(ping.messages()).singleElement().isInstanceOf(Ping.class);
        });
        advanceTo(now + 400);
        assertThat(out.sentTo(B)).filteredOn(m -> m instanceof Nack).containsExactly(new Nack(0));
        assertThat(out.sentTo(victim)).hasSize(1);
        assertThat(core.guardMetrics().repliesWithheld()).isEqualTo(255 + 254);
    }

    /** A member that moved (a later instance on another port) leaves a stranger's address behind. */
    @Test
    void aMovedMembersOldAddressIsAStrangers() {
        announce("b", 100, 0, B);
        NodeAddress moved = new NodeAddress("10.0.0.2", 8000);
        announce("b", 200, 0, moved);
        core.handlePacket(now, B, List.of(new IndirectPing(1, "c", C, true)));
        assertThat(out.sentTo(C)).isEmpty();
        assertThat(core.guardMetrics().repliesWithheld()).isEqualTo(1);
        core.handlePacket(now, moved, List.of(new IndirectPing(2, "c", C, true)));
        assertThat(out.sentTo(C)).singleElement().isInstanceOf(Ping.class);
    }
}
