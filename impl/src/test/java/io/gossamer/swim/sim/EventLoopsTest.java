package io.gossamer.swim.sim;

import io.gossamer.swim.config.Profile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopsTest {

    private final SimNode busy = new SimNode(0, "busy", Profile.LAN, UnaryOperator.identity());
    private final SimNode quiet = new SimNode(2, "quiet", Profile.LAN, UnaryOperator.identity());
    private long seq;

    private Simulator.Event event(SimNode node, int type) {
        return new Simulator.Event(0, seq++, type, node, 0);
    }

    /** What arrives for one node waits for one visit of the others, not for all that arrived before it. */
    @Test
    void aNodeWaitsForOneVisitOfABusyNeighbourNotForItsWholeBacklog() {
        EventLoops loops = new EventLoops(2);
        assertThat(loops.loopOf(busy)).isEqualTo(loops.loopOf(quiet));
        int loop = loops.loopOf(busy);
        assertThat(loops.await(busy, event(busy, Simulator.PACKET), true)).as("the first arms a turn").isTrue();
        for (int i = 1; i < 100; i++) {
            assertThat(loops.await(busy, event(busy, Simulator.PACKET), true)).isFalse();
        }
        Simulator.Event mine = event(quiet, Simulator.PACKET);
        loops.await(quiet, mine, true);

        List<Simulator.Event> served = new ArrayList<>();
        for (Simulator.Event e; (e = loops.next(loop)) != null; ) {
            served.add(e);
        }
        assertThat(served).hasSize(101);
        assertThat(served.indexOf(mine)).as("after one batch of the busy node's datagrams").isEqualTo(EventLoops.BATCH);
        assertThat(loops.hasWaiting(loop)).isFalse();
    }

    /** A node's streams and timers are not stuck behind its own datagrams. */
    @Test
    void aVisitServesStreamsAndTimersBeforeDatagrams() {
        EventLoops loops = new EventLoops(1);
        for (int i = 0; i < 40; i++) {
            loops.await(busy, event(busy, Simulator.PACKET), true);
        }
        Simulator.Event stream = event(busy, Simulator.STREAM_REQUEST);
        loops.await(busy, stream, false);
        assertThat(loops.next(0)).isSameAs(stream);
    }

    /** Within a millisecond a loop takes as many events as their costs fit. */
    @Test
    void aLoopServesSeveralCheapEventsInOneMillisecond() {
        EventLoops loops = new EventLoops(1);
        for (int i = 0; i < 14; i++) {
            assertThat(loops.idle(0, 5_000)).isTrue();
            loops.charge(0, 5_000, 70);
        }
        assertThat(loops.idle(0, 5_000)).as("980 µs of 1,000 used: one more fits").isTrue();
        loops.charge(0, 5_000, 70);
        assertThat(loops.idle(0, 5_000)).isFalse();
        assertThat(loops.freeAtMillis(0)).isEqualTo(6);
    }
}
