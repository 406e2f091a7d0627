package io.gossamer.bench.peers;

import io.gossamer.swim.bench.EventKind;
import io.gossamer.swim.bench.Metric;
import io.gossamer.swim.bench.Report;
import io.gossamer.swim.bench.RunResult;
import io.gossamer.swim.bench.TimingProfile;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The side-by-side benchmark's parsing, arithmetic and charts, on hand-written input: Serf's log
 * and metrics dump, Serf's RPC exchange, /proc readings, ratios and targets, the SVG writer.
 */
class PeerHarnessTest {

    @Test
    void serf_member_events_and_memberlist_suspicion_are_read_from_the_log() {
        assertThat(SerfLog.event("    2026/11/26 04:22:38 [INFO] serf: EventMemberJoin: node-001 127.0.0.1"))
                .contains(new SerfLog.Event("node-001", EventKind.JOINED));
        assertThat(SerfLog.event("    2026/11/26 04:22:38 [INFO] serf: EventMemberFailed: node-007 127.0.0.1"))
                .contains(new SerfLog.Event("node-007", EventKind.DEAD));
        assertThat(SerfLog.event("    2026/11/26 04:22:38 [INFO] serf: EventMemberLeave: node-002 127.0.0.1"))
                .contains(new SerfLog.Event("node-002", EventKind.LEFT));
        assertThat(SerfLog.event("    2026/11/26 04:22:38 [INFO] memberlist: Suspect node-003 has failed, no acks received"))
                .contains(new SerfLog.Event("node-003", EventKind.SUSPECT));
        // The agent's coalesced line is not an event: it comes late and names no member.
        assertThat(SerfLog.event("    2026/11/26 04:22:39 [INFO] agent: Received event: member-join")).isEmpty();
        assertThat(SerfLog.event("    2026/11/26 04:22:39 [INFO] serf: EventMemberUpdate: node-002")).isEmpty();
    }

    @Test
    void serf_metrics_dump_counters_carry_their_interval_count_and_sum() {
        SerfLog.Counter c = SerfLog.counter("[2026-11-26 04:22:40 +0000 UTC][C] 'serf-agent.memberlist.udp.sent': "
                + "Count: 11 Min: 59.000 Mean: 100.364 Max: 150.000 Stddev: 47.523 Sum: 1104.000 LastUpdated: "
                + "2026-11-26 04:22:49.935329022 +0000 UTC m=+11.004101012").orElseThrow();
        assertThat(c.intervalStartMillis()).isEqualTo(Instant.parse("2026-11-26T04:22:40Z").toEpochMilli());
        assertThat(c.name()).isEqualTo("memberlist.udp.sent");
        assertThat(c.count()).isEqualTo(11);
        assertThat(c.sum()).isEqualTo(1104.0);
        // A counter incremented once prints no min/max.
        assertThat(SerfLog.counter("[2026-11-26 04:22:30 +0000 UTC][C] 'serf-agent.memberlist.tcp.sent': Count: 1 "
                + "Sum: 212.000 LastUpdated: 2026-11-26 04:22:38.937119405 +0000 UTC m=+0.005891395"))
                .hasValueSatisfying(x -> assertThat(x.count()).isEqualTo(1));
        assertThat(SerfLog.counter("[2026-11-26 04:22:30 +0000 UTC][G] 'serf-agent.runtime.num_goroutines': 22.000"))
                .isEmpty();
        assertThat(SerfLog.counter("[2026-11-26 04:22:30 +0000 UTC][S] 'serf-agent.memberlist.gossip': Count: 5 "
                + "Sum: 1.577")).isEmpty();
    }

    /** The handshake's answer, then a join's as a Go encoder may send it: str8 keys, uint16, nil. */
    private static final byte[] SERF_ANSWERS = {
            (byte) 0x82, (byte) 0xa3, 'S', 'e', 'q', 0, (byte) 0xa5, 'E', 'r', 'r', 'o', 'r', (byte) 0xa0,
            (byte) 0x82, (byte) 0xd9, 3, 'S', 'e', 'q', (byte) 0xcd, 0, 1, (byte) 0xa5, 'E', 'r', 'r', 'o', 'r',
            (byte) 0xc0,
            (byte) 0x81, (byte) 0xa3, 'N', 'u', 'm', (byte) 0xcd, 1, 0};

    @Test
    void serf_rpc_handshakes_then_joins_and_reads_what_go_encodes() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (SerfSystem.Rpc rpc = new SerfSystem.Rpc(() -> { }, new ByteArrayInputStream(SERF_ANSWERS), sent)) {
            rpc.join(List.of("127.0.0.1:7946", "x".repeat(40)));
        }
        MessageUnpacker requests = MessagePack.newDefaultUnpacker(sent.toByteArray());
        assertThat(requests.unpackValue().toJson()).isEqualTo("{\"Command\":\"handshake\",\"Seq\":0}");
        assertThat(requests.unpackValue().toJson()).isEqualTo("{\"Version\":1}");
        assertThat(requests.unpackValue().toJson()).isEqualTo("{\"Command\":\"join\",\"Seq\":1}");
        assertThat(requests.unpackValue().toJson())
                .isEqualTo("{\"Existing\":[\"127.0.0.1:7946\",\"" + "x".repeat(40) + "\"],\"Replay\":false}");
        assertThat(requests.hasNext()).isFalse();
        // No str8 (0xd9): a string of 32 bytes or more goes out as str16.
        assertThat(sent.toByteArray()).doesNotContain((byte) 0xd9).contains((byte) 0xda);
    }

    @Test
    void serf_rpc_errors_and_empty_joins_fail_the_call() throws IOException {
        byte[] refused = {(byte) 0x82, (byte) 0xa3, 'S', 'e', 'q', 0, (byte) 0xa5, 'E', 'r', 'r', 'o', 'r',
                (byte) 0xa4, 'n', 'o', 'p', 'e'};
        assertThatThrownBy(() -> new SerfSystem.Rpc(() -> { }, new ByteArrayInputStream(refused),
                new ByteArrayOutputStream())).isInstanceOf(IOException.class).hasMessageContaining("handshake")
                .hasMessageContaining("nope");
        byte[] none = SERF_ANSWERS.clone();
        none[none.length - 2] = 0; // Num: uint16 0
        none[none.length - 1] = 0;
        try (SerfSystem.Rpc rpc = new SerfSystem.Rpc(() -> { }, new ByteArrayInputStream(none),
                new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> rpc.join(List.of("127.0.0.1:7946"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("serf join answered");
        }
    }

    @Test
    void proc_readings_parse_cpu_ticks_and_resident_memory() {
        String stat = "4383 (serf agent) S 1 4383 2455 0 -1 4194560 1000 0 0 0 37 12 0 0 20 0 15 0 1501181 1237364 3095";
        assertThat(ProcessResources.cpuTicks(stat)).isEqualTo(49);
        assertThat(ProcessResources.cpuTicks("garbage")).isEqualTo(-1);
        assertThat(ProcessResources.rssBytes("Name:\tserf\nVmRSS:\t   12380 kB\nThreads:\t15\n")).isEqualTo(12380L * 1024);
        assertThat(ProcessResources.rssBytes("Name:\tzombie\n")).isEqualTo(-1);
    }

    private static Report report(Object[]... rows) {
        Report r = new Report(Map.of(), Map.of(), "");
        for (Object[] row : rows) {
            RunResult x = new RunResult((String) row[0], TimingProfile.LAN, (Integer) row[1], 1);
            x.put((Metric) row[2], (Double) row[3]);
            r.add(x);
        }
        return r;
    }

    @Test
    void targets_compare_medians_with_serf_and_allow_five_percent_on_detection() {
        Report r = report(
                new Object[] {"serf", 10, Metric.DETECT_ALL_MS, 5000.0},
                new Object[] {"gossamer-agent", 10, Metric.DETECT_ALL_MS, 5200.0},
                new Object[] {"serf", 10, Metric.IDLE_PACKETS_SENT, 2.0},
                new Object[] {"gossamer-agent", 10, Metric.IDLE_PACKETS_SENT, 2.003},
                new Object[] {"serf", 10, Metric.JOIN_CONVERGENCE_MS, 100.0},
                new Object[] {"gossamer-agent", 10, Metric.JOIN_CONVERGENCE_MS, 120.0},
                new Object[] {"gossamer-agent", 10, Metric.RSS_PER_PROCESS, 70.0},
                new Object[] {"serf", 10, Metric.RSS_PER_PROCESS, 14.0});
        PeerComparison c = new PeerComparison(r);
        Map<String, PeerComparison.Check> byTarget = new LinkedHashMap<>();
        c.targets("gossamer-agent").forEach(x -> byTarget.put(x.target(), x));
        assertThat(byTarget.get("Crash: DEAD at all survivors ≤ 1.05 × Serf").met()).isTrue();
        assertThat(byTarget.get("Crash: DEAD at all survivors ≤ 1.05 × Serf").detail()).contains("1.04×");
        assertThat(byTarget.get("Idle packets per member ≤ Serf").met()).as("equal at the table's precision").isTrue();
        assertThat(byTarget.get("Join convergence ≤ Serf").met()).isFalse();
        assertThat(byTarget.get("Agent RSS ≤ 64 MB").met()).isFalse();
        assertThat(byTarget.get("Crash: DEAD at first survivor ≤ 1.05 × Serf").detail()).isEqualTo("n/a");
        assertThat(c.sideBySide()).contains("| serf |").contains("gossamer-agent ÷ serf").contains("1.20×");
        assertThat(c.targetsTable("gossamer-agent")).contains("**missed**: 120 vs 100 ms (1.20×)");
    }

    @Test
    void ratios_say_when_they_cannot_be_taken() {
        assertThat(PeerComparison.ratio(1, 2)).isEqualTo("0.50×");
        assertThat(PeerComparison.ratio(0, 0)).isEqualTo("=");
        assertThat(PeerComparison.ratio(3, 0)).isEqualTo("∞");
        assertThat(PeerComparison.ratio(Double.NaN, 2)).isEqualTo("n/a");
    }

    @Test
    void theory_curves_follow_the_anchors() {
        // anchors §6.3: about 10.6 s at N = 100 with LAN timings
        assertThat(PeerComparison.theoryDetectionSeconds(100)).isCloseTo(10.58, org.assertj.core.data.Offset.offset(0.01));
        assertThat(PeerComparison.theoryDetectionSeconds(5)).isCloseTo(6.58, org.assertj.core.data.Offset.offset(0.01));
        // anchors §6.4: 4, 5 and 7 rounds for N = 100, 1k, 10k with fanout 3
        assertThat(PeerComparison.theoryDisseminationFloorSeconds(100, 3, 0.2)).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PeerComparison.theoryDisseminationFloorSeconds(10_000, 3, 0.2)).isCloseTo(1.4, org.assertj.core.data.Offset.offset(1e-9));
        // anchors §4.4: 2.0 s at N = 100 and 2.6 s at N = 10,000 to 99.99 %
        assertThat(PeerComparison.theoryDisseminationLogisticSeconds(100, 3, 0.2)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PeerComparison.theoryDisseminationLogisticSeconds(10_000, 3, 0.2)).isCloseTo(2.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void svg_chart_has_axes_series_legend_and_escapes_text() {
        SvgChart chart = new SvgChart("Detection <ms>", "N", "seconds", true);
        chart.add("serf", false, List.of(new double[] {5, 5.2}, new double[] {50, 8.1}, new double[] {10, Double.NaN}));
        chart.add("theory & bound", true, List.of(new double[] {5, 6.6}, new double[] {50, 9.4}));
        String svg = chart.svg();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg).contains("Detection &lt;ms&gt;").contains("theory &amp; bound").contains("stroke-dasharray");
        assertThat(svg).contains(">1<").contains(">10<").contains(">100<"); // decades on the log axis
        assertThat(svg.split("<circle", -1)).hasSize(3); // two finite markers, NaN skipped
        assertThat(SvgChart.niceStep(0.37)).isEqualTo(0.5);
        assertThat(SvgChart.niceStep(1300)).isEqualTo(2000);
    }
}
