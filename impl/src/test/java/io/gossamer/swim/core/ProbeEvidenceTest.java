package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.core.SwimCoreTest.Recorder;
import io.gossamer.swim.core.SwimCoreTest.Stream;
import io.gossamer.swim.wire.Message;
import io.gossamer.swim.wire.Message.Ack;
import io.gossamer.swim.wire.Message.Alive;
import io.gossamer.swim.wire.Message.IndirectPing;
import io.gossamer.swim.wire.Message.Nack;
import io.gossamer.swim.wire.Message.Ping;
import io.gossamer.swim.wire.Message.Suspect;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a probe's TCP connection says about a silent target, and how long its suspicion then lasts:
 * refused (the process is gone), none at all with every relay's nack (the host is down, if another
 * member agrees in time), or established (a frozen process: Lifeguard's timer, as on {@code lan}).
 */
class ProbeEvidenceTest {

    private static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    private static final NodeAddress B = new NodeAddress("10.0.0.2", 7946);
    private static final NodeAddress C = new NodeAddress("10.0.0.3", 7946);
    private static final NodeAddress D = new NodeAddress("10.0.0.4", 7946);
    private static final Map<NodeAddress, String> NAMES = Map.of(B, "b", C, "c", D, "d");

    private Recorder out;
    private SwimCore core;
    private long now;

    private void start(Profile profile) {
        out = new Recorder();
        core = new SwimCore(SwimConfig.builder(profile).name("a").advertise(SELF).build(), new SplittableRandom(7), out);
        now = 1_000;
        core.start(now, 0);
        NAMES.forEach((address, name) -> core.handlePacket(now, address,
                List.of(new Alive(name, 0, 1, address, "dc1", "server", Map.of()))));
    }

    private void advanceTo(long t) {
        while (core.nextDeadline() <= t) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        now = t;
    }

    /** Runs until the probe of some member goes to TCP (every member is silent), and returns that stream. */
    private Stream awaitTcpProbe() {
        int before = out.streams.size();
        while (out.streams.size() == before) {
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        Stream s = out.streams.get(out.streams.size() - 1);
        assertThat(s.request()).isInstanceOf(Ping.class);
        return s;
    }

    /** Runs until our probe of {@code target} goes to TCP, every other member acking its pings. */
    private void awaitTcpProbeOf(NodeAddress target) {
        int answered = 0;
        while (out.streams.isEmpty() || !out.streams.get(out.streams.size() - 1).to().equals(target)) {
            now = core.nextDeadline();
            core.handleTimers(now);
            for (; answered < out.packets.size(); answered++) {
                SwimCoreTest.Sent p = out.packets.get(answered);
                for (Message m : p.messages()) {
                    if (m instanceof Ping ping && !p.to().equals(target)) {
                        core.handlePacket(now, p.to(), List.of(new Ack(ping.seq())));
                    }
                }
            }
        }
    }

    private String nameAt(NodeAddress address) {
        return NAMES.get(address);
    }

    private MemberState stateOf(String name) {
        return core.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().state();
    }

    /** Every relay asked to probe {@code target} answers that it got nothing either. */
    private void relaysNack() {
        for (SwimCoreTest.Sent p : List.copyOf(out.packets)) {
            for (Message m : p.messages()) {
                if (m instanceof IndirectPing ip && !ip.target().equals(nameAt(p.to()))) {
                    core.handlePacket(now, p.to(), List.of(new Nack(ip.seq())));
                }
            }
        }
    }

    /** On {@code profile}, the first TCP probe of a silent member is refused; returns that member. */
    private String refusedProbe(Profile profile) {
        start(profile);
        Stream probe = awaitTcpProbe();
        core.handleStreamRefused(now, probe.id());
        return nameAt(probe.to());
    }

    @Test
    void aRefusedTcpProbeEndsTheSuspicionAfterTheRefusedTimeout() {
        String target = refusedProbe(Profile.LAN_FAST);
        assertThat(stateOf(target)).as("suspected at the refusal").isEqualTo(MemberState.SUSPECT);
        long refusedAt = now;
        advanceTo(refusedAt + 499);
        assertThat(stateOf(target)).isEqualTo(MemberState.SUSPECT);
        advanceTo(refusedAt + 500);
        assertThat(stateOf(target)).as("dead 500 ms after the refusal").isEqualTo(MemberState.DEAD);
    }

    @Test
    void lanIgnoresTheRefusal() {
        String target = refusedProbe(Profile.LAN);
        advanceTo(now + 3_000);
        assertThat(stateOf(target)).as("Lifeguard's minimum is 4 s").isEqualTo(MemberState.SUSPECT);
    }

    /**
     * On lan-fast, a probe whose target stays silent, every relay nacking, its TCP connection
     * {@code connected} or not, runs to its end; returns the target, now suspected.
     */
    private String silentProbe(boolean connected) {
        start(Profile.LAN_FAST);
        Stream probe = awaitTcpProbe();
        if (connected) {
            core.handleStreamConnected(now, probe.id());
        }
        relaysNack();
        advanceTo(now + 300);
        String target = nameAt(probe.to());
        assertThat(stateOf(target)).isEqualTo(MemberState.SUSPECT);
        return target;
    }

    /** Another member accuses {@code target} too. */
    private void confirm(String target) {
        String other = NAMES.values().stream().filter(n -> !n.equals(target)).findFirst().orElseThrow();
        core.handlePacket(now, SELF, List.of(new Suspect(target, 0, 1, other)));
    }

    @Test
    void noConnectionAndEveryRelaysNackEndTheSuspicionOnceAnotherMemberConfirmsInTime() {
        String target = silentProbe(false);
        long suspectedAt = now;
        confirm(target);
        advanceTo(suspectedAt + 1_500);
        assertThat(stateOf(target)).as("dead at the unreachable timeout, confirmed").isEqualTo(MemberState.DEAD);
    }

    /**
     * Running late raises the score, but says nothing of our datagrams: a prober whose timers ran
     * late still takes the unreachable evidence.
     */
    @Test
    void aProberWhoseTimersRanLateStillTakesTheEvidence() {
        start(Profile.LAN_FAST);
        now = core.nextDeadline() + 250;
        core.handleTimers(now);
        assertThat(core.localHealth()).as("250 ms late: two half probe timeouts").isEqualTo(2);
        Stream probe = awaitTcpProbe();
        relaysNack();
        String target = nameAt(probe.to());
        for (int ticks = 0; stateOf(target) != MemberState.SUSPECT; ticks++) {
            assertThat(ticks).as("suspected within a few timers").isLessThan(20);
            now = core.nextDeadline();
            core.handleTimers(now);
        }
        long suspectedAt = now;
        confirm(target);
        advanceTo(suspectedAt + 1_500);
        assertThat(stateOf(target)).as("dead at the unreachable timeout, confirmed").isEqualTo(MemberState.DEAD);
    }

    @Test
    void noConnectionWithoutAConfirmationInTimeLeavesLifeguardsTimer() {
        String target = silentProbe(false);
        long suspectedAt = now;
        advanceTo(suspectedAt + 1_600);
        confirm(target);
        advanceTo(suspectedAt + 3_000);
        assertThat(stateOf(target)).as("a late confirmation does not revive the shortened timeout")
                .isEqualTo(MemberState.SUSPECT);
    }

    @Test
    void anEstablishedConnectionLeavesLifeguardsTimer() {
        String target = silentProbe(true);
        long suspectedAt = now;
        confirm(target);
        advanceTo(suspectedAt + 3_000);
        assertThat(stateOf(target)).as("its host connects: a frozen process, not a dead host")
                .isEqualTo(MemberState.SUSPECT);
    }

    /**
     * A member whose own probe confirms another member's suspicion of an unreachable host tells the
     * accuser directly: in a cluster this small Lifeguard counts no confirmations, so gossip would
     * never carry it, and the accuser's shortened timeout waits for one.
     */
    @Test
    void ourProbeConfirmingAnotherMembersSuspicionIsToldToTheAccuser() {
        start(Profile.LAN_FAST);
        core.handlePacket(now, B, List.of(new Suspect("c", 0, 1, "b")));
        assertThat(stateOf("c")).isEqualTo(MemberState.SUSPECT);
        awaitTcpProbeOf(C);
        relaysNack();
        int failedAt = out.packets.size();
        advanceTo(now + 300);
        assertThat(out.packets.subList(failedAt, out.packets.size())).as("our accusation, sent to the accuser alone")
                .contains(new SwimCoreTest.Sent(B, List.of(new Suspect("c", 0, 1, "a"))));
    }
}
