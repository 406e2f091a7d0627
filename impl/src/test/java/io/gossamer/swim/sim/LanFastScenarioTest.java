package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.config.Tuning;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lan-fast} profile's promises in virtual time: a killed process (its host refuses
 * connections) and a silent host are declared dead everywhere within its short timeouts, and none
 * of the stresses that the LAN profile survives (3 s pauses, 10 % and 20 % loss, a flaky member, a
 * partition) makes a live member dead. Each stress has a default-build size and the size
 * under {@code -Psoak}; the numbers of both profiles side by side are in impl/README.md.
 */
@ExtendWith(SimSeedExtension.class)
class LanFastScenarioTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final SwimConfig LAN_FAST = SwimConfig.builder(Profile.LAN_FAST).build();
    private static final long PROBE = LAN_FAST.probeInterval().toMillis();
    /** News reaches every member of a few hundred within this (measured: under 0.5 s at 100). */
    private static final long SPREAD = 2 * SECOND;

    /** n nodes on lan-fast, joined through node 0 and converged, then a minute of quiet. */
    static Simulator boot(long seed, int n) {
        Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false)
                .config(b -> b.tuning(Tuning.of(Profile.LAN_FAST))).build();
        sim.addNodes(n);
        List<NodeAddress> seeds = List.of(sim.node(0).address());
        sim.nodes().forEach(sim::start);
        sim.nodes().forEach(node -> sim.join(node, seeds));
        SwimScenarioTest.converge(sim, 5 * MINUTE);
        sim.runFor(MINUTE);
        return sim;
    }

    // A killed process: the host refuses the TCP probe.

    @Test
    void killed_process_is_dead_everywhere_soon_after_its_first_suspicion(SimSeed seed) {
        detection(seed, 50, Simulator::kill, LAN_FAST.refusedSuspicionTimeout().toMillis());
    }

    /**
     * A silent host: no connection, relays nack, and a second prober confirms within a few probe
     * periods; the bound allows for that confirmation.
     */
    @Test
    void silent_host_is_dead_everywhere_soon_after_its_first_suspicion(SimSeed seed) {
        detection(seed, 50, Simulator::crash, LAN_FAST.unreachableSuspicionTimeout().toMillis() + 4 * PROBE);
    }

    private void detection(SimSeed seed, int n, java.util.function.BiConsumer<Simulator, SimNode> failure,
                           long afterSuspicion) {
        Simulator sim = boot(seed.value(), n);
        SimNode victim = sim.node(n / 2 + 1);
        List<ChangeRecord> falseDeaths = new ArrayList<>();
        Verdicts verdictsOf = new Verdicts(victim.name(), r -> {
            if (r.state() == MemberState.DEAD) {
                falseDeaths.add(r);
            }
        });
        sim.onChange(verdictsOf);
        Map<Integer, Long> suspected = verdictsOf.suspected;
        Map<Integer, Long> dead = verdictsOf.dead;
        long at = sim.now();
        failure.accept(sim, victim);
        sim.runUntil(() -> dead.size() == n - 1, 50, at + 2 * MINUTE);

        assertThat(dead).as("survivors that declared %s DEAD", victim).hasSize(n - 1);
        long first = suspected.values().stream().min(Long::compare).orElseThrow();
        List<Long> verdicts = dead.values().stream().sorted().toList();
        // Someone probes the victim within a few periods (each period, each of n-1 members probes
        // it with probability about 1/(n-1)); ten periods fail to come about once in e^10.
        assertThat(first - at).as("failure to the first suspicion").isLessThanOrEqualTo(10 * PROBE + PROBE);
        long lanMin = SwimScenarioTest.suspicionMin(victim, n);
        // Most members take the verdict from gossip; one that the gossip of the death misses (it
        // happens: one of 49 in one seed here) ends its own suspicion on Lifeguard's timer.
        long ninetieth = verdicts.get(verdicts.size() * 9 / 10) - first;
        assertThat(ninetieth).as("first suspicion to DEAD at 90 %% of survivors (Lifeguard's minimum: %d ms)", lanMin)
                .isLessThanOrEqualTo(afterSuspicion + SPREAD)
                .isLessThan(lanMin);
        long max = SwimScenarioTest.suspicionMin(victim, n) * victim.config().suspicionMaxTimeoutMult();
        assertThat(verdicts.get(verdicts.size() - 1) - first).as("first suspicion to DEAD everywhere")
                .isLessThanOrEqualTo(max + SPREAD);
        assertThat(falseDeaths).as("live members declared DEAD").isEmpty();
    }

    // Stresses that must not kill a live member.

    @Test
    void three_hundred_pauses_of_3s_kill_nobody() {
        pauses(60);
    }

    @Test
    @Tag("soak")
    void three_thousand_pauses_of_3s_kill_nobody() {
        pauses(600);
    }

    /** As {@link PauseFalseDeathScenarioTest}, on lan-fast: 5 pauses of 3 s in each of many clusters of 50. */
    private void pauses(int clusters) {
        List<String> deaths = new ArrayList<>();
        int suspected = 0;
        for (int c = 0; c < clusters; c++) {
            long seed = 9_000L + c;
            Simulator sim = boot(seed, 50);
            int[] suspicions = {0};
            SimNode sleeper = sim.node(50 / 3 + 1);
            sim.onChange(deathsInto(deaths, "seed " + seed, r -> {
                if (r.member().equals(sleeper.name()) && r.state() == MemberState.SUSPECT) {
                    suspicions[0]++;
                }
            }));
            for (int i = 0; i < 5; i++) {
                sim.pause(sleeper, 3 * SECOND);
                sim.runFor(40 * SECOND);
            }
            suspected += suspicions[0] > 0 ? 1 : 0;
        }
        assertThat(suspected).as("clusters where the paused node was suspected").isGreaterThan(clusters / 2);
        assertThat(deaths).as("members declared DEAD after pauses").isEmpty();
    }

    @Test
    void ten_percent_loss_kills_nobody(SimSeed seed) {
        loss(seed, 50, 0.10, 3 * MINUTE);
    }

    @Test
    void twenty_percent_loss_kills_nobody(SimSeed seed) {
        loss(seed, 50, 0.20, 3 * MINUTE);
    }

    @Test
    @Tag("soak")
    void ten_percent_loss_for_ten_minutes_at_100_kills_nobody(SimSeed seed) {
        loss(seed, 100, 0.10, 10 * MINUTE);
    }

    @Test
    @Tag("soak")
    void twenty_percent_loss_for_ten_minutes_at_100_kills_nobody(SimSeed seed) {
        loss(seed, 100, 0.20, 10 * MINUTE);
    }

    private void loss(SimSeed seed, int n, double probability, long duration) {
        Simulator sim = boot(seed.value(), n);
        List<String> deaths = new ArrayList<>();
        int[] suspicions = {0};
        sim.onChange(deathsInto(deaths, "", r -> {
            if (r.state() == MemberState.SUSPECT) {
                suspicions[0]++;
            }
        }));
        sim.network().loss(probability);
        sim.runFor(duration);
        assertThat(suspicions[0]).as("suspicions recorded under loss (the loss bites)").isPositive();
        assertThat(deaths).as("members declared DEAD under %.0f %% loss", probability * 100).isEmpty();
    }

    /** One member loses 80 % of what is sent to it: it may be declared dead, no healthy member may. */
    @Test
    void flaky_member_kills_no_healthy_member(SimSeed seed) {
        int n = 50;
        Simulator sim = boot(seed.value(), n);
        SimNode flaky = sim.node(n - 1);
        List<String> healthyDeaths = new ArrayList<>();
        sim.onChange(r -> {
            if (r.state() == MemberState.DEAD && !r.member().equals(flaky.name()) && r.observer() != flaky.index()) {
                healthyDeaths.add(r.toString());
            }
        });
        sim.network().inboundLoss(flaky.index(), 0.80);
        sim.runFor(5 * MINUTE);
        assertThat(healthyDeaths).as("healthy members declared DEAD by healthy members").isEmpty();
    }

    /** Even against odd: each side declares the other dead, within the silent-host bound, and none of its own. */
    @Test
    void partition_each_side_declares_the_other_dead_and_none_of_its_own(SimSeed seed) {
        int n = 50;
        Simulator sim = boot(seed.value(), n);
        List<ChangeRecord> sameSide = new ArrayList<>();
        Map<String, Long> crossDead = new HashMap<>();
        sim.onChange(r -> {
            if (r.state() == MemberState.DEAD) {
                int other = Integer.parseInt(r.member().substring(5));
                if (other % 2 == r.observer() % 2) {
                    sameSide.add(r);
                } else {
                    crossDead.putIfAbsent(r.observer() + "/" + r.member(), r.time());
                }
            }
        });
        long at = sim.now();
        for (int i = 0; i < n; i++) {
            sim.network().group(i, i % 2);
        }
        sim.runUntil(() -> crossDead.size() == n * (n / 2), 100, at + 2 * MINUTE);
        assertThat(crossDead).as("(observer, member of the other side) pairs DEAD").hasSize(n * (n / 2));
        assertThat(sameSide).as("members declared DEAD by their own side").isEmpty();
    }

    private static Consumer<ChangeRecord> deathsInto(List<String> deaths, String where, Consumer<ChangeRecord> also) {
        return r -> {
            if (r.state() == MemberState.DEAD) {
                deaths.add(where + " " + r);
            }
            also.accept(r);
        };
    }
}
