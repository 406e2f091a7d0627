package io.gossamer.swim.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.gossamer.swim.bench.EventKind.ALIVE;
import static io.gossamer.swim.bench.EventKind.DEAD;
import static io.gossamer.swim.bench.EventKind.JOINED;
import static io.gossamer.swim.bench.EventKind.SUSPECT;
import static org.assertj.core.api.Assertions.assertThat;

/** The event arithmetic of the benchmark, on hand-written timelines (no network, no real clock). */
class AnalysisTest {

    private final AtomicLong now = new AtomicLong();
    private final EventLog log = new EventLog(now::get);

    private void at(long ms, String observer, String subject, EventKind kind) {
        now.set(ms * 1_000_000);
        log.record(observer, subject, kind);
    }

    @Test
    void convergenceIsWhenTheSlowestNodeSeesEveryOtherAlive() {
        List<String> nodes = List.of("a", "b", "c");
        at(0, "a", "a", JOINED);
        at(10, "a", "b", JOINED);
        at(12, "b", "a", JOINED);
        at(15, "c", "a", JOINED);
        at(20, "a", "c", JOINED);
        at(25, "b", "c", JOINED);
        at(40, "c", "b", JOINED);

        assertThat(Analysis.convergence(log.snapshot(), nodes, 5_000_000)).hasValue(35_000_000);
    }

    @Test
    void aSuspicionUndoesConvergenceUntilRefuted() {
        List<String> nodes = List.of("a", "b");
        at(10, "a", "b", JOINED);
        at(20, "b", "a", SUSPECT);
        at(30, "b", "a", ALIVE);

        assertThat(Analysis.convergence(log.snapshot(), nodes, 0)).hasValue(30_000_000);
    }

    @Test
    void noConvergenceWhileANodeMissesAMember() {
        at(10, "a", "b", JOINED);
        at(10, "b", "a", JOINED);

        assertThat(Analysis.convergence(log.snapshot(), List.of("a", "b", "c"), 0)).isEmpty();
    }

    @Test
    void firstSeenIgnoresEventsBeforeTheStartAndRepeats() {
        at(5, "a", "x", DEAD);
        at(110, "a", "x", DEAD);
        at(120, "b", "x", DEAD);
        at(130, "a", "x", DEAD);
        at(140, "x", "x", DEAD);

        Map<String, Long> seen = Analysis.firstSeen(log.snapshot(), DEAD, "x", List.of("a", "b", "c"), 100_000_000);
        assertThat(seen).containsExactly(Map.entry("a", 10_000_000L), Map.entry("b", 20_000_000L));
    }

    @Test
    void spreadHasNoLastUntilEveryObserverReported() {
        Map<String, Long> three = Map.of("a", 1_000_000L, "b", 2_000_000L, "c", 9_000_000L);
        assertThat(Analysis.spread(three, 3)).isEqualTo(new Analysis.Spread(1, 2, 9, 3, 3));

        Analysis.Spread partial = Analysis.spread(three, 4);
        assertThat(partial.firstMs()).isEqualTo(1);
        assertThat(partial.lastMs()).isNaN();
        assertThat(partial.reported()).isEqualTo(3);

        assertThat(Analysis.spread(Map.of(), 2).firstMs()).isNaN();
    }

    @Test
    void countsEventsOfAKindFromAnInstant() {
        at(1, "a", "b", SUSPECT);
        at(50, "a", "b", SUSPECT);
        at(60, "a", "b", ALIVE);

        assertThat(log.count(SUSPECT, 10_000_000)).isEqualTo(1);
    }
}
