package io.gossamer.cdi;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.swim.config.Settings;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks' rules on synthetic node states, for what a live cluster cannot show on demand. */
class HealthLogicTest {

    private static final GossamerSettings SETTINGS = GossamerSettings.from(
            new io.smallrye.config.SmallRyeConfigBuilder().build());

    private static GossamerNode.Status running(long heartbeatAgeMs, int score, List<Member> members) {
        return new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true, true,
                heartbeatAgeMs, score, members);
    }

    private static Member member(String name, MemberState state) {
        return new Member(name, "127.0.0.1", 7946, "default", "dc1", "server", Map.of(), 0, state);
    }

    /** A stuck event loop (no heartbeat for 5 s) is not alive. */
    @Test
    void staleHeartbeatIsDown() {
        assertThat(GossamerHealth.liveness(running(100, 0, List.of())).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(GossamerHealth.liveness(running(6_000, 0, List.of())).getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    /** The worst health score (local-health-max-multiplier − 1) is not alive; one better is. */
    @Test
    void worstLocalHealthIsDown() {
        int worst = SETTINGS.tuning().get(Settings.LOCAL_HEALTH_MAX_MULTIPLIER) - 1;
        assertThat(GossamerHealth.liveness(running(0, worst, List.of())).getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(GossamerHealth.liveness(running(0, worst - 1, List.of())).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    /** Liveness ignores the cluster: every other member dead is still alive. */
    @Test
    void livenessIgnoresClusterSize() {
        List<Member> members = List.of(member("a", MemberState.ALIVE), member("b", MemberState.DEAD),
                member("c", MemberState.DEAD));
        assertThat(GossamerHealth.liveness(running(0, 0, members)).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    /**
     * A node its peers hold damped (it keeps refuting suspicions of itself) is alive but not ready,
     * and says why; damped members are counted apart from alive ones.
     */
    @Test
    void dampedNodeIsNotReadyAndSaysWhy() {
        List<Member> members = List.of(member("a", MemberState.ALIVE), member("b", MemberState.DAMPED));
        GossamerNode.Status damped = new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true,
                true, 0, 3, members, Optional.empty(), Optional.empty(), true, Optional.empty());
        HealthCheckResponse ready = GossamerHealth.readiness(damped);
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        Map<String, Object> data = ready.getData().orElseThrow();
        assertThat(data).containsEntry("local-damped", true).containsEntry("alive", 1L).containsEntry("damped", 1L);
        assertThat((String) data.get("local-damped-reason")).contains("damped").contains("refuting");
        assertThat(GossamerHealth.liveness(damped).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        HealthCheckResponse settled = GossamerHealth.readiness(running(0, 0, members));
        assertThat(settled.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(settled.getData().orElseThrow()).containsEntry("local-damped", false)
                .doesNotContainKey("local-damped-reason");
    }

    /**
     * A node whose name a later process took over is not ready, for good, and names the holder;
     * it is still alive (it runs, only outside the pool).
     */
    @Test
    void aNodeThatLostItsNameIsNotReadyAndNamesTheHolder() {
        List<Member> members = List.of(member("a", MemberState.LEFT), member("b", MemberState.ALIVE),
                member("c", MemberState.ALIVE));
        GossamerNode.Status lost = new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true,
                true, 0, 0, members, Optional.empty(), Optional.empty(), false, Optional.of("10.0.0.7:7946"));
        HealthCheckResponse ready = GossamerHealth.readiness(lost);
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow()).containsEntry("name-taken-by", "10.0.0.7:7946");
        assertThat((String) ready.getData().orElseThrow().get("name-taken-reason")).contains("node-name");
        assertThat(GossamerHealth.liveness(lost).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(GossamerHealth.readiness(running(0, 0, members)).getData().orElseThrow())
                .doesNotContainKey("name-taken-by");
    }

    /** A stopped or failed node is neither alive, ready nor started; one that left is not ready. */
    @Test
    void stoppedFailedAndLeftNodes() {
        for (GossamerNode.Phase phase : List.of(GossamerNode.Phase.STOPPED, GossamerNode.Phase.FAILED)) {
            GossamerNode.Status s = new GossamerNode.Status(phase, Optional.of(SETTINGS), true, false, 0, 0, List.of());
            assertThat(GossamerHealth.liveness(s).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(GossamerHealth.readiness(s).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(GossamerHealth.startup(s).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        }
        GossamerNode.Status left = new GossamerNode.Status(GossamerNode.Phase.LEFT, Optional.of(SETTINGS), true, true,
                0, 0, List.of(member("a", MemberState.LEFT)));
        assertThat(GossamerHealth.readiness(left).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(GossamerHealth.liveness(left).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    /**
     * Not joined because a seed refused: readiness data names the reason, the seed and what it
     * said, for each pool; once joined, none of it.
     */
    @Test
    void aRefusedJoinIsNamedInTheReadinessDataUntilJoined() {
        JoinFailure refused = new JoinFailure(3, java.time.Duration.ofSeconds(96), Optional.of(
                new io.gossamer.JoinRefusedException(io.gossamer.RefusalReason.FOREIGN_CLUSTER, "10.0.0.6:7946",
                        "s (cluster other, pool wan, datacenter dc2, role server)", "refused")));
        GossamerNode.PoolStatus wan = new GossamerNode.PoolStatus(true, false, 0,
                List.of(member("a.dc1", MemberState.ALIVE)), Optional.of(refused), false);
        GossamerNode.Status s = new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true, false,
                0, 0, List.of(member("a", MemberState.ALIVE)), Optional.of(wan), Optional.of(refused), false, Optional.empty());

        HealthCheckResponse ready = GossamerHealth.readiness(s);
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(ready.getData().orElseThrow())
                .containsEntry("join-refused", "FOREIGN_CLUSTER").containsEntry("join-refused-by", "10.0.0.6:7946")
                .containsEntry("join-refused-detail", "s (cluster other, pool wan, datacenter dc2, role server)")
                .containsEntry("join-attempts", 3L).containsEntry("join-retry-in-ms", 96_000L)
                .containsEntry("wan-join-refused", "FOREIGN_CLUSTER").containsEntry("wan-join-attempts", 3L);

        GossamerNode.Status joined = new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true,
                true, 0, 0, List.of(member("a", MemberState.ALIVE)), Optional.empty(), Optional.of(refused), false,
                Optional.empty());
        assertThat(GossamerHealth.readiness(joined).getData().orElseThrow()).doesNotContainKeys("join-refused",
                "join-attempts", "join-retry-in-ms");
    }

    /**
     * A server cut off from the other datacenters (WAN never joined, every WAN peer dead, WAN
     * health at its worst) stays alive, ready and started: the WAN pool only adds data.
     */
    @Test
    void wanTroubleChangesNoStatus() {
        int worst = SETTINGS.tuning().get(Settings.LOCAL_HEALTH_MAX_MULTIPLIER) - 1;
        GossamerNode.PoolStatus cutOff = new GossamerNode.PoolStatus(false, false, worst,
                List.of(member("a.dc1", MemberState.ALIVE), member("b.dc2", MemberState.DEAD),
                        member("c.dc3", MemberState.SUSPECT)));
        GossamerNode.Status s = new GossamerNode.Status(GossamerNode.Phase.RUNNING, Optional.of(SETTINGS), true, true,
                0, 0, List.of(member("a", MemberState.ALIVE)), Optional.of(cutOff));

        HealthCheckResponse ready = GossamerHealth.readiness(s);
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(ready.getData().orElseThrow()).containsEntry("wan-joined", false).containsEntry("wan-alive", 1L)
                .containsEntry("wan-suspect", 1L).containsEntry("wan-dead", 1L).containsEntry("wan-left", 0L)
                .containsEntry("alive", 1L);
        HealthCheckResponse live = GossamerHealth.liveness(s);
        assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(live.getData().orElseThrow()).containsEntry("wan-local-health", (long) worst);
        HealthCheckResponse started = GossamerHealth.startup(s);
        assertThat(started.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(started.getData().orElseThrow()).containsEntry("wan-first-join-done", false);
    }
}
