package io.gossamer.agent;

import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberUpdated;
import io.gossamer.Pool;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLineTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:01.234Z");

    private static Member member(String name, MemberState state) {
        return new Member(name, "127.0.0.1", 40211, "default", "dc1", "server", Map.of(), 0, state);
    }

    @Test
    void eventLineIsReadableAndParsesBack() {
        AgentLine line = AgentLine.event("node-2",
                new MemberJoined(member("node-4", MemberState.ALIVE), Optional.empty(), Pool.LAN, AT));

        assertThat(line.text())
                .isEqualTo("2026-11-26T10:00:01.234Z node-2 JOINED node-4 127.0.0.1:40211 (was -) pool=lan");
        AgentLine parsed = AgentLine.parse(line.text()).orElseThrow();
        assertThat(parsed).isEqualTo(line);
        assertThat(parsed.isEvent()).isTrue();
        assertThat(parsed.member()).contains("node-4");
        assertThat(parsed.memberAddress()).contains("127.0.0.1:40211");
        assertThat(parsed.memberState()).contains(MemberState.ALIVE);
        assertThat(parsed.pool()).contains(Pool.LAN);
    }

    @Test
    void wanEventLineSaysItsPool() {
        Member wan = new Member("node-7.dc2", "127.0.0.1", 40300, "default", "dc2", "server", Map.of("pool", "x"), 0,
                MemberState.ALIVE);
        AgentLine line = AgentLine.event("node-2", new MemberUpdated(wan, Optional.of(MemberState.ALIVE), wan, Pool.WAN, AT));

        assertThat(line.rest()).isEqualTo("node-7.dc2 127.0.0.1:40300 (was ALIVE) pool=wan tags=pool=x was-tags=pool=x");
        AgentLine parsed = AgentLine.parse(line.text()).orElseThrow();
        assertThat(parsed.pool()).contains(Pool.WAN);
        assertThat(parsed.member()).contains("node-7.dc2");
    }

    @Test
    void refutedLineSaysWhatWasClaimedAndByWhom() {
        LocalRefutation r = new LocalRefutation(new Member("node-1", "127.0.0.1", 40211, "default", "dc1",
                "server", Map.of(), 4, MemberState.ALIVE),
                LocalRefutation.Claim.SUSPECT, Optional.of("node-4"), Pool.LAN, AT);
        assertThat(AgentLine.refuted(r).text()).endsWith(" node-1 REFUTED SUSPECT by=node-4 incarnation=4 pool=lan");
        LocalRefutation details = new LocalRefutation(member("node-1", MemberState.ALIVE),
                LocalRefutation.Claim.OTHER_DETAILS, Optional.empty(), Pool.WAN, AT);
        assertThat(AgentLine.refuted(details).rest()).isEqualTo("OTHER_DETAILS by=- incarnation=0 pool=wan");
    }

    @Test
    void keyLinesNameKeysByFingerprintAndMembersByName() {
        KeyResponse r = new KeyResponse(Pool.LAN, KeyResponse.Operation.LIST, Optional.empty(), Map.of(
                "node-1", new KeyResponse.Answer(true, "", List.of("0badc0de", "1a2b3c4d")),
                "node-5", new KeyResponse.Answer(false, "no answer from 10.0.0.9:7946:\nunreachable", List.of())));
        assertThat(AgentLine.keysHeader(AT, "node-2", r).text())
                .isEqualTo("2026-11-26T10:00:01.234Z node-2 KEYS list pool=lan acknowledged=1/2");
        assertThat(AgentLine.keyAnswer(AT, "node-2", Pool.LAN, "node-1", r.answers().get("node-1")).rest())
                .isEqualTo("node-1 ACK pool=lan primary=0badc0de keys=0badc0de,1a2b3c4d");
        assertThat(AgentLine.keyAnswer(AT, "node-2", Pool.LAN, "node-5", r.answers().get("node-5")).rest())
                .isEqualTo("node-5 FAILED pool=lan error=no answer from 10.0.0.9:7946: unreachable");
        assertThat(AgentLine.keyCount(AT, "node-2", r, "1a2b3c4d").rest())
                .isEqualTo("1a2b3c4d pool=lan installed=1/1 primary=0");
        KeyResponse install = new KeyResponse(Pool.WAN, KeyResponse.Operation.INSTALL, Optional.of("1a2b3c4d"), Map.of());
        assertThat(AgentLine.keysHeader(AT, "node-2", install).rest())
                .isEqualTo("install pool=wan key=1a2b3c4d acknowledged=0/0");
        assertThat(AgentLine.parse(AgentLine.keysHeader(AT, "node-2", r).text())).isPresent();
    }

    /** The stats line gives drops by reason too, once there are some (the total alone said nothing). */
    @Test
    void statsLineGivesDropsByReason() {
        String quiet = AgentLine.stats(AT, "node-1", Pool.LAN,
                new io.gossamer.cdi.PoolTraffic(1, 2, 3, 4, 5, 6, 0, Map.of())).toString();
        assertThat(quiet).endsWith(" drops=0");
        String noisy = AgentLine.stats(AT, "node-1", Pool.LAN, new io.gossamer.cdi.PoolTraffic(1, 2, 3, 4, 5, 6, 4,
                Map.of("INVALID_FIELD", 1L, "BAD_MAGIC", 3L))).toString();
        assertThat(noisy).endsWith(" drops=4 drops-by-reason=BAD_MAGIC:3,INVALID_FIELD:1");
    }

    @Test
    void wholeSecondsStillPrintMilliseconds() {
        AgentLine line = AgentLine.event("node-1", new MemberDead(member("node-4", MemberState.DEAD),
                Optional.of(MemberState.SUSPECT), Pool.LAN, Instant.parse("2026-11-26T10:00:02Z")));

        assertThat(line.text())
                .isEqualTo("2026-11-26T10:00:02.000Z node-1 DEAD node-4 127.0.0.1:40211 (was SUSPECT) pool=lan");
        assertThat(AgentLine.parse(line.text()).orElseThrow().memberState()).contains(MemberState.DEAD);
    }

    @Test
    void updatedLineCarriesSortedTagsAndChangesNoState() {
        Member m = new Member("node-3", "::1", 7946, "default", "dc1", "server", Map.of("zone", "a", "rack", "7"), 2,
                MemberState.ALIVE);
        Member before = new Member("node-3", "::1", 7946, "default", "dc1", "server", Map.of("zone", "b"), 1,
                MemberState.ALIVE);
        AgentLine line = AgentLine.event("node-1", new MemberUpdated(m, Optional.of(MemberState.ALIVE), before,
                Pool.LAN, AT));

        assertThat(line.rest()).isEqualTo("node-3 [::1]:7946 (was ALIVE) pool=lan tags=rack=7,zone=a was-tags=zone=b");
        assertThat(line.memberState()).isEmpty();
        assertThat(line.memberAddress()).contains("[::1]:7946");
    }

    @Test
    void leftLineSaysWhyOnlyWhenTheGuardRemovedTheMember() {
        AgentLine left = AgentLine.event("node-1", new MemberLeft(member("node-5", MemberState.LEFT),
                Optional.of(MemberState.ALIVE), Pool.LAN, AT, MemberLeft.Reason.LEFT));
        assertThat(left.rest()).isEqualTo("node-5 127.0.0.1:40211 (was ALIVE) pool=lan");

        AgentLine shed = AgentLine.event("node-1", new MemberLeft(member("node-7", MemberState.LEFT),
                Optional.of(MemberState.ALIVE), Pool.LAN, AT, MemberLeft.Reason.FOREIGN_DATACENTER));
        assertThat(shed.rest()).isEqualTo("node-7 127.0.0.1:40211 (was ALIVE) pool=lan reason=FOREIGN_DATACENTER");
        AgentLine parsed = AgentLine.parse(shed.text()).orElseThrow();
        assertThat(parsed.member()).contains("node-7");
        assertThat(parsed.memberState()).contains(MemberState.LEFT);
    }

    @Test
    void tableAndLifecycleLines() {
        Member local = member("node-1", MemberState.ALIVE);
        assertThat(AgentLine.started(AT, local, "local", List.of("127.0.0.1:1", "127.0.0.1:2"), Optional.empty(),
                Optional.of("127.0.0.1:7980")).text()).isEqualTo("2026-11-26T10:00:01.234Z node-1 STARTED"
                        + " 127.0.0.1:40211 cluster=default datacenter=dc1 role=server profile=local"
                        + " seeds=127.0.0.1:1,127.0.0.1:2 http=127.0.0.1:7980");
        assertThat(AgentLine.parse(AgentLine.started(AT, local, "local", List.of(), Optional.empty(),
                Optional.of("127.0.0.1:7980")).text()).orElseThrow().startedHttp()).contains("127.0.0.1:7980");
        Member wanLocal = new Member("node-1.dc1", "127.0.0.1", 40212, "default", "dc1", "server", Map.of(), 0,
                MemberState.ALIVE);
        AgentLine server = AgentLine.started(AT, local, "lan", List.of(),
                Optional.of(new AgentLine.WanStart(wanLocal, "wan", List.of("10.0.0.9:7947"))), Optional.empty());
        assertThat(server.rest()).isEqualTo("127.0.0.1:40211 cluster=default datacenter=dc1 role=server profile=lan"
                + " seeds=- wan=127.0.0.1:40212 wan-profile=wan wan-seeds=10.0.0.9:7947 http=-");
        assertThat(AgentLine.parse(server.text()).orElseThrow().startedAddress()).contains("127.0.0.1:40211");
        assertThat(AgentLine.parse(server.text()).orElseThrow().startedHttp()).isEmpty();
        AgentLine header = AgentLine.parse(AgentLine.membersHeader(AT, "node-1", 5, Pool.LAN).text()).orElseThrow();
        assertThat(header.text()).endsWith(" node-1 MEMBERS 5 pool=lan");
        assertThat(header.memberCount()).contains(5);
        assertThat(header.pool()).contains(Pool.LAN);
        assertThat(AgentLine.parse(AgentLine.membersHeader(AT, "node-1", 2, Pool.WAN).text()).orElseThrow().pool())
                .contains(Pool.WAN);
        AgentLine row = AgentLine.parse(AgentLine.member(AT, "node-1", member("node-5", MemberState.LEFT)).text())
                .orElseThrow();
        assertThat(row.text()).endsWith(" node-1 MEMBER node-5 127.0.0.1:40211 LEFT");
        assertThat(row.memberState()).contains(MemberState.LEFT);
        assertThat(AgentLine.stopped(AT, "node-1").text()).isEqualTo("2026-11-26T10:00:01.234Z node-1 STOPPED");
    }

    @Test
    void otherLinesDoNotParse() {
        assertThat(AgentLine.parse("")).isEmpty();
        assertThat(AgentLine.parse("Picked up JAVA_TOOL_OPTIONS: -Xmx1g")).isEmpty();
        assertThat(AgentLine.parse("yesterday node-1 JOINED node-2 1.2.3.4:5 (was -)")).isEmpty();
        assertThat(AgentLine.parse("2026-11-26T10:00:01.234Z node-1 MEMBERS many").orElseThrow().memberCount())
                .isEmpty();
    }

    @Test
    void commandLine() {
        assertThat(GossamerAgent.withCommand()).containsExactly("agent");
        assertThat(GossamerAgent.withCommand("-Dgossamer.node-name=a1")).containsExactly("agent",
                "-Dgossamer.node-name=a1");
        assertThat(GossamerAgent.withCommand("--config", "a.properties")).containsExactly("agent", "--config",
                "a.properties");
        assertThat(GossamerAgent.withCommand("members", "--format", "json")).containsExactly("members", "--format",
                "json");
        assertThat(GossamerAgent.withCommand("--version")).containsExactly("--version");
        assertThat(GossamerAgent.run("--bogus")).isEqualTo(GossamerAgent.EXIT_USAGE);
        assertThat(GossamerAgent.run("--config")).isEqualTo(GossamerAgent.EXIT_USAGE);
    }
}
