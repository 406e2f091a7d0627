package io.gossamer.swim.core;

import io.gossamer.QueryOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.QueryResponse;
import io.gossamer.swim.wire.Message.Relay;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One core's queries, driven by hand: filters, acknowledgements, answers once, relays, the deadline. */
class ClusterQueriesTest {

    static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);
    static final NodeAddress C = new NodeAddress("10.0.0.3", 7946);

    SwimCoreTest.Recorder out;
    SwimCore core;
    long now;

    @BeforeEach
    void start() {
        out = new SwimCoreTest.Recorder();
        SwimConfig config = SwimConfig.builder(Profile.LAN).name("a").advertise(SELF)
                .tags(Map.of("role", "web-frontend-for-the-whole-of-the-cluster")).build();
        core = new SwimCore(config, new SplittableRandom(42), out);
        now = 1_000;
        core.start(now, 0);
        core.handlePacket(now, B, List.of(new Alive("b", 5, 1, B, "dc1", "client", Map.of())));
        core.handlePacket(now, C, List.of(new Alive("c", 6, 1, C, "dc1", "client", Map.of())));
    }

    private static Query fromB(long ltime, boolean ack, int relays, List<String> nodes, Map<String, String> tags) {
        return new Query("b", 5, B, ltime, 2_000, ack, relays, nodes, tags, "load", new byte[0]);
    }

    private void advanceTo(long t) {
        while (core.nextDeadline() <= t) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        now = t;
    }

    private List<Message> sentTo(NodeAddress to) {
        return out.sentTo(to);
    }

    /** A query for everyone is delivered once, acknowledged at once to the asker, and passed on. */
    @Test
    void aMatchingQueryIsDeliveredOnceAndAcknowledged() {
        Query q = fromB(3, true, 0, List.of(), Map.of());
        core.handlePacket(now, B, List.of(q));
        core.handlePacket(now, C, List.of(q));
        assertThat(out.queries).containsExactly(q);
        assertThat(sentTo(B)).containsOnlyOnce(new QueryResponse("b", 3, "a", true, new byte[0]));
        advanceTo(now + 1_000);
        assertThat(sentTo(C)).contains(q);
        assertThat(core.queryMetrics().duplicates()).isEqualTo(1);
    }

    /** Names and tag patterns (found anywhere in the value; a missing tag reads as empty) select who answers. */
    @Test
    void filtersSelectTheMembersThatDeliver() {
        core.handlePacket(now, B, List.of(fromB(1, true, 0, List.of("b", "c"), Map.of())));
        core.handlePacket(now, B, List.of(fromB(2, false, 0, List.of(), Map.of("role", "^web"))));
        core.handlePacket(now, B, List.of(fromB(3, false, 0, List.of(), Map.of("role", "^api"))));
        core.handlePacket(now, B, List.of(fromB(4, false, 0, List.of(), Map.of("zone", "^$"))));
        core.handlePacket(now, B, List.of(fromB(5, false, 0, List.of("a"), Map.of("role", "front", "zone", "x"))));
        assertThat(out.queries).extracting(Query::ltime).containsExactly(2L, 4L);
        assertThat(sentTo(B)).noneMatch(m -> m instanceof QueryResponse);
    }

    /**
     * A pattern that does not compile, or that backtracks without end, is taken as no match. (The
     * second backtracks for more than a minute on this tag value without the budget.)
     */
    @Test
    void hostilePatternsMatchNothingAndStallNothing() {
        core.handlePacket(now, B, List.of(fromB(1, false, 0, List.of(), Map.of("role", "(unclosed"))));
        core.handlePacket(now, B, List.of(fromB(2, false, 0, List.of(), Map.of("role", "(([\\w-]*)*)*!"))));
        assertThat(out.queries).isEmpty();
        assertThat(core.queryMetrics().badPatterns()).isEqualTo(2);
    }

    /** An answer goes to the asker directly and through the relays; a second answer is refused. */
    @Test
    void anAnswerGoesOnceDirectlyAndThroughRelays() {
        Query q = fromB(7, false, 1, List.of(), Map.of());
        core.handlePacket(now, B, List.of(q));
        core.respond(now, "b", 7, "42".getBytes(StandardCharsets.UTF_8));
        QueryResponse answer = new QueryResponse("b", 7, "a", false, "42".getBytes(StandardCharsets.UTF_8));
        assertThat(sentTo(B)).containsOnlyOnce(answer);
        // the only other live member relays it
        assertThat(sentTo(C)).containsOnlyOnce(new Relay(B, answer));
        assertThatThrownBy(() -> core.respond(now, "b", 7, new byte[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answered already");
    }

    /** After its deadline a query can no longer be answered. */
    @Test
    void noAnswerAfterTheDeadline() {
        core.handlePacket(now, B, List.of(fromB(7, false, 0, List.of(), Map.of())));
        advanceTo(now + 2_000);
        assertThatThrownBy(() -> core.respond(now, "b", 7, new byte[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadline");
    }

    /**
     * The asker: its own query is delivered to itself (it matches), its own acknowledgement counted;
     * each member's first ack and answer are taken, copies dropped, and the query ends at its
     * timeout, after which responses are late.
     */
    @Test
    void theAskerTakesEachMembersFirstResponsesUntilTheTimeout() {
        long ltime = core.query(now, "load", new byte[0],
                QueryOptions.defaults().withAck(true).withTimeout(Duration.ofSeconds(3)));
        assertThat(out.queries).singleElement().extracting(Query::origin).isEqualTo("a");
        core.handlePacket(now, B, List.of(new QueryResponse("a", ltime, "b", true, new byte[0])));
        core.handlePacket(now, C, List.of(new Relay(SELF, new QueryResponse("a", ltime, "b", true, new byte[0]))));
        core.handlePacket(now, B, List.of(new QueryResponse("a", ltime, "b", false, "7".getBytes(StandardCharsets.UTF_8))));
        core.respond(now, "a", ltime, "1".getBytes(StandardCharsets.UTF_8));
        advanceTo(now + 2_999);
        assertThat(out.queryOutcomes).containsExactly(ltime + " ack a", ltime + " ack b", ltime + " answer b 7",
                ltime + " answer a 1");
        advanceTo(now + 1);
        assertThat(out.queryOutcomes).last().isEqualTo(ltime + " finished");
        core.handlePacket(now, C, List.of(new QueryResponse("a", ltime, "c", false, new byte[0])));
        assertThat(core.queryMetrics().late()).isEqualTo(1);
    }

    /** Without a timeout a query lasts Serf's default: gossip interval × 16 × ⌈log10(n + 1)⌉. */
    @Test
    void theDefaultTimeoutIsSerfs() {
        long ltime = core.query(now, "load", new byte[0], QueryOptions.defaults());
        // lan: 200 ms gossip; three live members: ⌈log10 4⌉ = 1
        advanceTo(now + 3_199);
        assertThat(out.queryOutcomes).isEmpty();
        advanceTo(now + 1);
        assertThat(out.queryOutcomes).containsExactly(ltime + " finished");
    }

    /** A relay is passed on only to the address the view holds for the asker: no bouncing datagrams off members. */
    @Test
    void relaysGoOnlyToTheAskersAddress() {
        QueryResponse toB = new QueryResponse("b", 4, "c", false, new byte[0]);
        core.handlePacket(now, C, List.of(new Relay(B, toB)));
        NodeAddress victim = new NodeAddress("192.0.2.9", 53);
        core.handlePacket(now, C, List.of(new Relay(victim, toB)));
        assertThat(sentTo(B)).containsOnlyOnce(toB);
        assertThat(sentTo(victim)).isEmpty();
        assertThat(core.queryMetrics().relaysRefused()).isEqualTo(1);
    }

    /** A query asked of members by name goes to each of them straight away, besides the gossip. */
    @Test
    void aQueryForNamedMembersGoesToThemAtOnce() {
        long ltime = core.query(now, "load", new byte[0], QueryOptions.defaults().withNodes("c"));
        assertThat(sentTo(C)).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Query.class,
                q -> assertThat(q.ltime()).isEqualTo(ltime)));
        assertThat(sentTo(B)).noneMatch(m -> m instanceof Query);
    }

    /**
     * A query no datagram of this node's packet size could carry (900 bytes at 576) is refused, not
     * queued forever.
     */
    @Test
    void aQueryLargerThanAPacketIsRefused() {
        SwimCore small = new SwimCore(SwimConfig.builder(Profile.LAN).name("a").advertise(SELF).packetSize(576)
                .build(), new SplittableRandom(1), new SwimCoreTest.Recorder());
        small.start(0, 0);
        assertThatThrownBy(() -> small.query(0, "load", new byte[900], QueryOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gossamer.packet-size");
        small.query(0, "load", new byte[400], QueryOptions.defaults());
    }

    /** A query from a name the view does not hold is dropped; oversized queries and answers are refused. */
    @Test
    void strangersAndOversizedQueriesAreRefused() {
        core.handlePacket(now, B, List.of(new Query("mallory", 1, B, 1, 1_000, false, 0, List.of(), Map.of(), "x",
                new byte[0])));
        assertThat(out.queries).isEmpty();
        assertThat(core.queryMetrics().strangers()).isEqualTo(1);
        assertThatThrownBy(() -> core.query(now, "load", new byte[1_000], QueryOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        core.handlePacket(now, B, List.of(fromB(9, false, 0, List.of(), Map.of())));
        assertThatThrownBy(() -> core.respond(now, "b", 9, new byte[1_020]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        core.respond(now, "b", 9, new byte[1_000]);
    }
}
