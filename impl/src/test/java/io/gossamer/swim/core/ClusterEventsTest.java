package io.gossamer.swim.core;

import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.UserEvent;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One core's cluster events, driven by hand: the chain of each origin, held events, duplicates. */
class ClusterEventsTest {

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);

    SwimCoreTest.Recorder out;
    SwimCore core;
    long now;

    @BeforeEach
    void start() {
        out = new SwimCoreTest.Recorder();
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).build();
        core = new SwimCore(config, new SplittableRandom(42), out);
        now = 1_000;
        core.start(now, 0);
        core.handlePacket(now, B, List.of(new Alive("b", 5, 1, B, "dc1", "client", Map.of())));
    }

    private static UserEvent fromB(long ltime, long previous) {
        return new UserEvent("b", 5, ltime, previous, "e" + ltime, ("p" + ltime).getBytes(StandardCharsets.UTF_8),
                false);
    }

    private void receive(Message... messages) {
        core.handlePacket(now, B, List.of(messages));
    }

    private void advanceTo(long t) {
        while (core.nextDeadline() <= t) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        now = t;
    }

    private List<Long> deliveredTimes() {
        return out.delivered.stream().map(UserEvent::ltime).toList();
    }

    /** An origin's events arriving newest first (as a packet packs them) are delivered oldest first. */
    @Test
    void reorderedEventsAreDeliveredInTheOriginsOrder() {
        receive(fromB(3, 2), fromB(2, 1), fromB(1, 0));
        assertThat(deliveredTimes()).containsExactly(1L, 2L, 3L);
    }

    /** Every copy after the first is dropped, however many come. */
    @Test
    void duplicatesAreDeliveredOnce() {
        receive(fromB(1, 0));
        receive(fromB(1, 0), fromB(2, 1));
        receive(fromB(2, 1), fromB(1, 0));
        assertThat(deliveredTimes()).containsExactly(1L, 2L);
        assertThat(core.eventMetrics().duplicates()).isEqualTo(3);
    }

    /**
     * An event whose predecessor does not come waits as long as copies of news keep coming, then goes
     * out with the gap counted; the predecessor, should it come after all (a state exchange brings
     * it), is delivered then, late but once.
     */
    @Test
    void aMissingPredecessorIsGivenUpAfterTheHold() {
        receive(fromB(1, 0));
        receive(fromB(3, 2));
        assertThat(deliveredTimes()).containsExactly(1L);
        // lan: 200 ms rounds; two members know each other, so news is sent 4 × ⌈log10 3⌉ = 4 times
        long hold = 4 * 200;
        advanceTo(now + hold - 1);
        assertThat(deliveredTimes()).containsExactly(1L);
        advanceTo(now + 1);
        assertThat(deliveredTimes()).containsExactly(1L, 3L);
        assertThat(core.eventMetrics().gaps()).isEqualTo(1);
        receive(fromB(2, 1));
        receive(fromB(2, 1));
        assertThat(deliveredTimes()).containsExactly(1L, 3L, 2L);
        assertThat(core.eventMetrics().recoveredLate()).isEqualTo(1);
    }

    /** A predecessor that arrives during the hold releases the events held behind it at once. */
    @Test
    void aLatePredecessorReleasesTheHeldEvents() {
        receive(fromB(1, 0));
        receive(fromB(4, 3), fromB(3, 2));
        advanceTo(now + 300);
        receive(fromB(2, 1));
        assertThat(deliveredTimes()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(core.eventMetrics().gaps()).isZero();
    }

    /** The first event heard from an origin is held unless it is the origin's first: one may be on its way. */
    @Test
    void aFirstEventHeardThatIsNotTheOriginsFirstIsHeld() {
        receive(fromB(7, 4));
        assertThat(deliveredTimes()).isEmpty();
        receive(fromB(4, 0));
        assertThat(deliveredTimes()).containsExactly(4L, 7L);
    }

    /** A restarted origin (a later generation) starts a new chain; an earlier one's events are dropped. */
    @Test
    void aRestartedOriginStartsANewChain() {
        receive(fromB(5, 0));
        core.handlePacket(now, B, List.of(new Alive("b", 9, 0, B, "dc1", "client", Map.of())));
        receive(new UserEvent("b", 9, 1, 0, "again", new byte[0], false));
        receive(fromB(6, 5));
        assertThat(out.delivered).extracting(UserEvent::name).containsExactly("e5", "again");
    }

    /**
     * A state exchange brings the recent events of the peer: one missed in gossip is delivered then,
     * once, and not passed on (every exchange carries it); this node's own recent events go out in
     * its exchanges.
     */
    @Test
    void aStateExchangeDeliversMissedEvents() {
        receive(fromB(1, 0));
        int sentBefore = out.packets.size();
        core.handleStream(now, B, new Message.PushPull(false, List.of(), List.of(fromB(1, 0), fromB(2, 1))));
        assertThat(deliveredTimes()).containsExactly(1L, 2L);
        assertThat(core.eventMetrics().duplicates()).isEqualTo(1);
        Message reply = core.handleStream(now, B, new Message.PushPull(false, List.of(), List.of())).orElseThrow();
        assertThat(((Message.PushPull) reply).events()).containsExactly(fromB(1, 0), fromB(2, 1));
        advanceTo(now + 2_000);
        assertThat(out.packets.subList(sentBefore, out.packets.size())).flatExtracting(SwimCoreTest.Sent::messages)
                .doesNotContain(fromB(2, 1));
    }

    /**
     * The reply to this node's own join: the seed's recent events were sent before it joined, so they
     * are taken as seen, not delivered; they also tell it where each sender's chain stands, so the
     * sender's next event is delivered at once, not held.
     */
    @Test
    void eventsOfTheJoinReplyAreSeenNotDelivered() {
        SwimCoreTest.Recorder fresh = new SwimCoreTest.Recorder();
        SwimCore joiner = new SwimCore(SwimConfig.builder(Profile.LAN).name("j").advertise(SELF).build(),
                new SplittableRandom(5), fresh);
        joiner.start(0, 0);
        joiner.join(0, List.of(B));
        SwimCoreTest.Stream join = fresh.streams.get(0);
        Message.MemberRecord b = new Message.MemberRecord("b", B, "dc1", "client", Map.of(), 5, 1,
                io.gossamer.MemberState.ALIVE);
        joiner.handleStreamResult(0, join.id(), java.util.Optional.of(new Message.PushPull(false, List.of(b),
                List.of(fromB(6, 3), fromB(9, 6)))));
        assertThat(fresh.delivered).isEmpty();
        joiner.handlePacket(0, B, List.of(fromB(12, 9)));
        assertThat(fresh.delivered).containsExactly(fromB(12, 9));
    }

    /**
     * With coalescing (3 s, quiet 1 s, Serf's agent's), events sent to be coalesced are held: of a
     * name only the latest is delivered, once none has come for a second; others pass at once.
     * Events that keep coming are delivered at the latest 3 s after the first was held.
     */
    @Test
    void coalescibleEventsAreHeldAndOnlyTheLatestOfANameDelivered() {
        SwimCoreTest.Recorder rec = new SwimCoreTest.Recorder();
        SwimCore c = new SwimCore(SwimConfig.builder(Profile.LAN).name("a").advertise(SELF)
                .eventCoalescePeriod(java.time.Duration.ofSeconds(3))
                .eventQuiescentPeriod(java.time.Duration.ofSeconds(1)).build(), new SplittableRandom(42), rec);
        c.start(0, 0);
        c.handlePacket(0, B, List.of(new Alive("b", 5, 1, B, "dc1", "client", Map.of())));
        UserEvent v1 = new UserEvent("b", 5, 1, 0, "deploy", new byte[] {1}, true);
        UserEvent v2 = new UserEvent("b", 5, 2, 1, "deploy", new byte[] {2}, true);
        UserEvent other = new UserEvent("b", 5, 3, 2, "flush", new byte[0], true);
        UserEvent plain = new UserEvent("b", 5, 4, 3, "deploy", new byte[] {4}, false);
        c.handlePacket(0, B, List.of(v1, v2, other, plain));
        assertThat(rec.delivered).containsExactly(plain);
        long t = 0;
        while (c.nextDeadline() <= 999) {
            t = c.nextDeadline();
            c.handleTimers(t);
        }
        assertThat(rec.delivered).containsExactly(plain);
        c.handleTimers(1_000);
        assertThat(rec.delivered).containsExactly(plain, v2, other);
        assertThat(c.eventMetrics().coalesced()).isEqualTo(1);

        // Events that keep coming, a new one every 500 ms: the held one goes out after 3 s.
        long ltime = 5;
        for (long at = 1_500; at <= 6_000; at += 500) {
            while (c.nextDeadline() <= at) {
                c.handleTimers(c.nextDeadline());
            }
            c.handlePacket(at, B, List.of(new UserEvent("b", 5, ltime, ltime - 1, "tick", new byte[0], true)));
            ltime++;
        }
        assertThat(rec.delivered).extracting(UserEvent::name).containsExactly("deploy", "deploy", "flush", "tick");
        assertThat(rec.delivered.get(3).ltime()).as("the latest tick held when 3 s had passed, at 4.5 s").isEqualTo(10);
    }

    /** Events from a name the view does not hold are dropped: only members send news of a pool. */
    @Test
    void eventsFromStrangersAreDropped() {
        receive(new UserEvent("mallory", 1, 1, 0, "x", new byte[0], false));
        assertThat(out.delivered).isEmpty();
        assertThat(core.eventMetrics().strangers()).isEqualTo(1);
    }

    /**
     * The sender delivers its own event at once, later than every event it heard (Lamport), chained
     * to its previous one, and gossips it.
     */
    @Test
    void aSentEventIsDeliveredLocallyAndGossiped() {
        receive(fromB(41, 0));
        UserEvent first = core.sendEvent(now, "deploy", "v2".getBytes(StandardCharsets.UTF_8), true);
        UserEvent second = core.sendEvent(now, "deploy", "v3".getBytes(StandardCharsets.UTF_8), false);
        assertThat(first.ltime()).isGreaterThan(41);
        assertThat(first.previous()).isZero();
        assertThat(second.previous()).isEqualTo(first.ltime());
        assertThat(out.delivered).containsExactly(fromB(41, 0), first, second);
        advanceTo(now + 1_000);
        assertThat(out.sentTo(B)).contains(first, second);
        // our own events coming back are copies
        receive(first);
        assertThat(out.delivered).hasSize(3);
    }

    /** A name or size the wire would drop is refused before anything is sent. */
    @Test
    void oversizedOrBadlyNamedEventsAreRefused() {
        assertThatThrownBy(() -> core.sendEvent(now, "big", new byte[510], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("513 bytes")
                .hasMessageContaining("512");
        assertThatThrownBy(() -> core.sendEvent(now, "two words", new byte[0], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event name");
        assertThatThrownBy(() -> core.sendEvent(now, "", new byte[0], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThat(core.sendEvent(now, "ok", new byte[510], false).payloadLength()).isEqualTo(510);
        assertThat(out.delivered).hasSize(1);
    }

    /** A member that left sends nothing more. */
    @Test
    void aMemberThatLeftCannotSend() {
        core.leave(now);
        assertThatThrownBy(() -> core.sendEvent(now, "late", new byte[0], false))
                .isInstanceOf(IllegalStateException.class);
    }
}
