package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the simulator itself, driven by {@link ToyProtocol} so they do not depend on the real core.
 */
@ExtendWith(SimSeedExtension.class)
class SimulatorHarnessTest {

    private static Simulator toyCluster(long seed, int n) {
        Simulator sim = Simulator.builder(seed).protocol(ToyProtocol::new).build();
        sim.addNodes(n);
        for (SimNode node : sim.nodes()) {
            sim.start(node);
        }
        NodeAddress seedAddress = sim.node(0).address();
        for (SimNode node : sim.nodes().subList(1, n)) {
            sim.join(node, List.of(seedAddress));
        }
        return sim;
    }

    private static ToyProtocol toy(SimNode node) {
        return (ToyProtocol) node.protocol;
    }

    @Test
    void same_seed_replays_exactly_and_another_seed_differs(SimSeed seed) {
        Simulator a = toyCluster(seed.value(), 30);
        Simulator b = toyCluster(seed.value(), 30);
        Simulator c = toyCluster(seed.value() + 1, 30);
        for (Simulator s : List.of(a, b, c)) {
            s.network().loss(0.2);
            s.runUntil(60_000);
        }
        assertThat(a.eventsProcessed()).isGreaterThan(1000);
        assertThat(b.trace()).isEqualTo(a.trace());
        assertThat(b.log()).isEqualTo(a.log());
        assertThat(c.trace()).isNotEqualTo(a.trace());
    }

    @Test
    void joins_through_streams_and_everyone_learns_everyone(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 50);
        long t = sim.runUntil(() -> sim.nodes().stream().allMatch(n -> n.aliveView() == 50), 100, 60_000);
        assertThat(t).isBetween(0L, 60_000L);
        for (SimNode n : sim.nodes().subList(1, 50)) {
            assertThat(n.joins()).hasSize(1);
            assertThat(n.joins().get(0).contacted()).isEqualTo(1);
        }
        assertThat(sim.node(0).streamsServed()).isEqualTo(49);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void paused_node_handles_its_backlog_at_resume_and_nothing_before(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 10);
        sim.runUntil(20_000);
        SimNode p = sim.node(3);
        int before = toy(p).packetTimes.size();
        sim.pause(p, 3_000);
        sim.runUntil(22_999);
        assertThat(toy(p).packetTimes).hasSize(before);
        sim.runUntil(23_000);
        List<Long> after = toy(p).packetTimes.subList(before, toy(p).packetTimes.size());
        assertThat(after).isNotEmpty().allMatch(t -> t == 23_000L);
        sim.runUntil(30_000);
        assertThat(toy(p).packetTimes.get(toy(p).packetTimes.size() - 1)).isGreaterThan(23_000L);
    }

    @Test
    void stream_to_crashed_or_partitioned_node_fails_after_tcp_timeout(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 4);
        sim.runUntil(5_000);
        SimNode dead = sim.node(1);
        SimNode cut = sim.node(2);
        SimNode asker = sim.node(3);
        sim.crash(dead);
        sim.network().group(cut.index(), 1);
        toy(asker).streamResults.clear();
        toy(asker).pendingJoin = 0;
        sim.join(asker, List.of(dead.address(), cut.address(), sim.node(0).address()));
        long tcp = asker.config().tcpTimeout().toMillis();
        sim.runUntil(5_000 + tcp + 1);
        assertThat(toy(asker).streamResults).hasSize(3);
        for (long[] r : toy(asker).streamResults) {
            if (r[3] == 1) {
                assertThat(r[2] - r[1]).isLessThan(100);
            } else {
                assertThat(r[2] - r[1]).isEqualTo(tcp);
            }
        }
        assertThat(toy(asker).streamResults.stream().filter(r -> r[3] == 1)).hasSize(1);
    }

    @Test
    void refused_connection_on_a_live_host_fails_fast(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 3);
        sim.runUntil(1_000);
        SimNode asker = sim.node(2);
        toy(asker).streamResults.clear();
        toy(asker).pendingJoin = 0;
        NodeAddress wrongPort = new NodeAddress(sim.node(1).address().host(), 9999);
        sim.join(asker, List.of(wrongPort));
        sim.runUntil(2_000);
        assertThat(toy(asker).streamResults).singleElement().satisfies(r -> {
            assertThat(r[3]).isZero();
            assertThat(r[2] - r[1]).isLessThan(200);
        });
    }

    @Test
    void partition_blocks_datagrams_between_groups_only(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 20);
        sim.runUntil(10_000);
        for (int i = 0; i < 10; i++) {
            sim.network().group(i, 1);
        }
        sim.runUntil(40_000);
        // the naive toy declares everyone across the cut dead and nobody on its own side
        for (SimNode n : sim.nodes()) {
            for (var m : n.members()) {
                int other = Integer.parseInt(m.name().substring(5));
                boolean sameSide = (other < 10) == (n.index() < 10);
                if (sameSide) {
                    assertThat(m.state()).as(n + " sees " + m.name()).isEqualTo(MemberState.ALIVE);
                }
            }
        }
        long crossDeaths = sim.log().stream().filter(r -> r.state() == MemberState.DEAD).count();
        assertThat(crossDeaths).isGreaterThan(20);
    }

    @Test
    void uniform_loss_drops_the_configured_fraction(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 20);
        sim.network().loss(0.3);
        sim.runUntil(120_000);
        long sent = sim.nodes().stream().mapToLong(SimNode::packetsSent).sum();
        long lost = sim.nodes().stream().mapToLong(SimNode::packetsLost).sum();
        assertThat(sent).isGreaterThan(2000);
        assertThat((double) lost / sent).isBetween(0.26, 0.34);
    }

    @Test
    void asymmetric_inbound_loss_only_hits_packets_to_that_node(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 10);
        sim.network().inboundLoss(0, 1.0);
        sim.runUntil(30_000);
        SimNode deaf = sim.node(0);
        long receivedBeforeLoss = deaf.packetsReceived();
        sim.runUntil(60_000);
        assertThat(deaf.packetsReceived()).isEqualTo(receivedBeforeLoss);
        assertThat(deaf.packetsSent() - deaf.packetsLost()).as("its own sends still arrive").isPositive();
    }

    @Test
    void restart_gets_a_new_instance_and_old_traffic_is_dropped(SimSeed seed) {
        Simulator sim = toyCluster(seed.value(), 5);
        sim.runUntil(5_000);
        SimNode n = sim.node(4);
        Object before = n.protocol;
        sim.restart(n, 7950);
        assertThat(n.protocol).isNotSameAs(before);
        assertThat(n.address().port()).isEqualTo(7950);
        sim.join(n, List.of(sim.node(0).address()));
        sim.runUntil(10_000);
        assertThat(n.aliveView()).isEqualTo(5);
    }

    @Test
    void seed_extension_uses_stable_default(SimSeed seed) {
        if (!seed.overridden()) {
            assertThat(seed.value()).isNotZero();
        }
    }

    @Test
    void streams_under_loss_pay_retransmission_timeouts_and_still_report_exactly_once(SimSeed seed) {
        Simulator sim = Simulator.builder(seed.value()).protocol(ToyProtocol::new).build();
        sim.addNodes(60);
        sim.network().loss(0.5);
        for (SimNode node : sim.nodes()) {
            sim.start(node);
        }
        for (SimNode node : sim.nodes().subList(1, 60)) {
            sim.join(node, List.of(sim.node(0).address()));
        }
        long tcp = sim.node(0).config().tcpTimeout().toMillis();
        sim.runUntil(tcp + 1);
        int late = 0;
        for (SimNode node : sim.nodes().subList(1, 60)) {
            assertThat(toy(node).streamResults).as("%s stream results", node).hasSize(1);
            long[] r = toy(node).streamResults.get(0);
            if (r[3] == 1) {
                late += r[2] - r[1] >= Simulator.SYN_RTO_MS ? 1 : 0;
            } else {
                assertThat(r[2] - r[1]).isEqualTo(tcp);
            }
        }
        // half the SYNs are lost: a good share of connects wait for at least one retransmission
        assertThat(late).isGreaterThan(10);
    }
}
