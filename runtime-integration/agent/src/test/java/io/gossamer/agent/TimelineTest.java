package io.gossamer.agent;

import io.gossamer.MemberState;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-26T10:00:30Z");

    private static String line(String time, String node, String rest) {
        return "2026-11-26T10:00:" + time + "Z " + node + " " + rest;
    }

    @Test
    void linesOfSeveralAgentsComeOutInTimeOrderWithTheDemosOwn() {
        Timeline t = new Timeline();
        // Each agent's lines arrive in its own order, but agents interleave arbitrarily.
        t.accept("node-2", line("05.000", "node-2", "JOINED node-1 127.0.0.1:1 (was -)"), RECEIVED);
        t.accept("node-1", line("01.000", "node-1", "JOINED node-1 127.0.0.1:1 (was -)"), RECEIVED);
        t.accept("node-1", line("06.500", "node-1", "JOINED node-2 127.0.0.1:2 (was -)"), RECEIVED);
        t.narrate(Instant.parse("2026-11-26T10:00:03Z"), "--- starting node-2");
        t.accept("node-2", line("04.000", "node-2", "JOINED node-2 127.0.0.1:2 (was -)"), RECEIVED);

        List<Timeline.Entry> early = t.drain(Instant.parse("2026-11-26T10:00:04.500Z"));
        assertThat(early).extracting(Timeline.Entry::source).containsExactly("node-1", "demo", "node-2");
        List<String> rest = t.drainAll().stream().map(Timeline::render).toList();
        assertThat(rest).containsExactly(
                "10:00:05.000  node-2  JOINED     node-1 127.0.0.1:1 (was -)",
                "10:00:06.500  node-1  JOINED     node-2 127.0.0.1:2 (was -)");
        assertThat(t.drainAll()).isEmpty();
    }

    @Test
    void sameInstantKeepsArrivalOrder() {
        Timeline t = new Timeline();
        t.accept("node-1", line("01.000", "node-1", "SUSPECTED node-4 127.0.0.1:4 (was ALIVE)"), RECEIVED);
        t.accept("node-1", line("01.000", "node-1", "DEAD node-4 127.0.0.1:4 (was SUSPECT)"), RECEIVED);
        assertThat(t.drainAll()).extracting(Timeline.Entry::text)
                .containsExactly("SUSPECTED  node-4 127.0.0.1:4 (was ALIVE)", "DEAD       node-4 127.0.0.1:4 (was SUSPECT)");
    }

    @Test
    void viewsFollowEachObserversEvents() {
        Timeline t = new Timeline();
        List<String> nodes = List.of("node-1", "node-2");
        for (String o : nodes) {
            for (String m : nodes) {
                t.accept(o, line("01.000", o, "JOINED " + m + " 127.0.0.1:1 (was -)"), RECEIVED);
            }
        }
        assertThat(t.all(nodes, nodes, MemberState.ALIVE)).isTrue();
        t.accept("node-1", line("02.000", "node-1", "SUSPECTED node-2 127.0.0.1:1 (was ALIVE)"), RECEIVED);
        assertThat(t.all(nodes, nodes, MemberState.ALIVE)).isFalse();
        t.accept("node-1", line("03.000", "node-1", "UPDATED node-2 127.0.0.1:1 (was SUSPECT) tags=a=b"), RECEIVED);
        assertThat(t.state("node-1", "node-2")).contains(MemberState.SUSPECT);
        t.accept("node-1", line("04.000", "node-1", "DEAD node-2 127.0.0.1:1 (was SUSPECT)"), RECEIVED);
        assertThat(t.all(List.of("node-1"), List.of("node-2"), MemberState.DEAD)).isTrue();
        assertThat(t.state("node-2", "node-9")).isEmpty();
        assertThat(t.observers()).containsExactly("node-1", "node-2");
    }

    @Test
    void startedAddressAndStrayLines() {
        Timeline t = new Timeline();
        t.accept("node-1", line("01.000", "node-1",
                "STARTED 127.0.0.1:40211 cluster=c datacenter=dc1 profile=local seeds=-"), RECEIVED);
        t.accept("node-1", "Picked up JAVA_TOOL_OPTIONS: -Xmx1g", RECEIVED);
        t.accept("node-1", "   ", RECEIVED);

        assertThat(t.startedAddress("node-1")).contains("127.0.0.1:40211");
        assertThat(t.startedAddress("node-2")).isEmpty();
        assertThat(t.drainAll()).extracting(Timeline.Entry::text).containsExactly(
                "STARTED    127.0.0.1:40211 cluster=c datacenter=dc1 profile=local seeds=-",
                "| Picked up JAVA_TOOL_OPTIONS: -Xmx1g");
    }

    @Test
    void membersTableIsCompleteOnlyWithAllItsRows() {
        Timeline t = new Timeline();
        t.expectTable("node-1");
        t.accept("node-1", line("09.000", "node-1", "MEMBERS 2 pool=lan"), RECEIVED);
        t.accept("node-1", line("09.000", "node-1", "MEMBER node-1 127.0.0.1:1 ALIVE"), RECEIVED);
        assertThat(t.table("node-1")).isEmpty();
        t.accept("node-1", line("09.000", "node-1", "MEMBER node-4 127.0.0.1:4 DEAD"), RECEIVED);
        assertThat(t.table("node-1")).hasValueSatisfying(rows -> assertThat(rows).containsExactly(
                new Timeline.Row("node-1", "127.0.0.1:1", MemberState.ALIVE),
                new Timeline.Row("node-4", "127.0.0.1:4", MemberState.DEAD)));
        // Tables are shown by the demo as a table, not as timeline lines.
        assertThat(t.drainAll()).isEmpty();
        t.expectTable("node-1");
        assertThat(t.table("node-1")).isEmpty();
    }

    @Test
    void tableHasOneColumnPerObserverAndNaturalNameOrder() {
        Map<String, List<Timeline.Row>> tables = Map.of(
                "node-1", List.of(new Timeline.Row("node-10", "127.0.0.1:10", MemberState.ALIVE),
                        new Timeline.Row("node-1", "127.0.0.1:1", MemberState.ALIVE),
                        new Timeline.Row("node-4", "127.0.0.1:4", MemberState.DEAD)),
                "node-2", List.of(new Timeline.Row("node-1", "127.0.0.1:1", MemberState.ALIVE),
                        new Timeline.Row("node-4", "127.0.0.1:4", MemberState.SUSPECT)));

        assertThat(Timeline.renderTable(List.of("node-1", "node-2"), tables)).isEqualTo("""
                member   address       seen by node-1  seen by node-2
                -------  ------------  --------------  --------------
                node-1   127.0.0.1:1   ALIVE           ALIVE
                node-4   127.0.0.1:4   DEAD            SUSPECT
                node-10  127.0.0.1:10  ALIVE           -
                """);
    }
}
