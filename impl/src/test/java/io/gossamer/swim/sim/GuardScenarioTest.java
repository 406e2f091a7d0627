package io.gossamer.swim.sim;

import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-mixing guard in virtual time, on the real core and codec: two datacenters of a
 * cluster, each a LAN pool whose first three nodes are servers, and the servers' WAN engines
 * ({@code <node>.<datacenter>}, WAN profile, port 7947 of the same host) in one WAN pool. The four
 * joins the guard refuses, each failing with its reason and leaving both views as they were; and a
 * pool mixed with the guard off, untangled by switching the guard on at every node, with no
 * restarts. See {@code impl/README.md (The cluster-mixing guard)} for the numbers.
 */
@ExtendWith(SimSeedExtension.class)
class GuardScenarioTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final String CLUSTER = "prod";
    private static final List<String> DATACENTERS = List.of("dc1", "dc2");
    private static final int SERVERS = 3;
    private static final int LAN_PORT = 7946;
    private static final int WAN_PORT = 7947;

    /** The simulated cluster: LAN nodes by datacenter, and the WAN engines of the servers. */
    private static final class Topology {
        final Simulator sim;
        final Map<String, List<SimNode>> lan = new LinkedHashMap<>();
        final List<SimNode> wan = new ArrayList<>();
        int hosts;

        Topology(Simulator sim) {
            this.sim = sim;
        }

        SimNode lan(String dc, int i) {
            return lan.get(dc).get(i);
        }

        SimNode wanOf(SimNode server) {
            return wan.stream().filter(w -> w.name().equals(server.name() + "." + server.config().datacenter()))
                    .findFirst().orElseThrow();
        }

        List<SimNode> allLan() {
            return lan.values().stream().flatMap(List::stream).toList();
        }

        Set<String> names(String dc) {
            return lan.get(dc).stream().map(SimNode::name).collect(Collectors.toSet());
        }

        Set<String> wanNames() {
            return wan.stream().map(SimNode::name).collect(Collectors.toSet());
        }

        NodeAddress nextHost(int port) {
            return new NodeAddress(Simulator.host(hosts++), port);
        }
    }

    /**
     * {@code perDc} LAN nodes in each datacenter, the first {@value #SERVERS} of them servers with a
     * WAN engine on the same host. Each LAN node joins its datacenter's servers; each WAN engine
     * joins the WAN ports of every server. Runs until every pool has converged.
     */
    private static Topology boot(SimSeed seed, int perDc, boolean guard) {
        Topology t = new Topology(Simulator.builder(seed.value()).framing(WireFraming.ENCODING).build());
        for (String dc : DATACENTERS) {
            List<SimNode> nodes = new ArrayList<>();
            for (int i = 0; i < perDc; i++) {
                String name = dc + "-node-" + String.format("%02d", i);
                String role = i < SERVERS ? "server" : "client";
                NodeAddress host = t.nextHost(LAN_PORT);
                nodes.add(t.sim.addNode(name, host, Profile.LAN,
                        b -> b.cluster(CLUSTER).datacenter(dc).role(role).guard(guard)));
                if (i < SERVERS) {
                    t.wan.add(t.sim.addNode(name + "." + dc, new NodeAddress(host.host(), WAN_PORT), Profile.WAN,
                            b -> b.cluster(CLUSTER).datacenter(dc).role("server").pool(Pool.WAN)));
                }
            }
            t.lan.put(dc, nodes);
        }
        t.sim.nodes().forEach(t.sim::start);
        List<NodeAddress> wanSeeds = t.wan.stream().map(SimNode::address).toList();
        for (String dc : DATACENTERS) {
            List<NodeAddress> seeds = t.lan.get(dc).subList(0, SERVERS).stream().map(SimNode::address).toList();
            t.lan.get(dc).forEach(n -> t.sim.join(n, seeds));
        }
        t.wan.forEach(w -> t.sim.join(w, wanSeeds));
        long converged = t.sim.runUntil(() -> poolsAreSeparateAndComplete(t), 100, 2 * MINUTE);
        assertThat(converged).as("both LAN pools and the WAN pool converged").isNotNegative();
        return t;
    }

    private static Set<String> alive(SimNode n) {
        return n.members().stream().filter(m -> m.state() == MemberState.ALIVE).map(Member::name)
                .collect(Collectors.toSet());
    }

    /** Every LAN node sees exactly its datacenter ALIVE, every WAN engine exactly the servers. */
    private static boolean poolsAreSeparateAndComplete(Topology t) {
        for (String dc : DATACENTERS) {
            Set<String> expected = t.names(dc);
            for (SimNode n : t.lan.get(dc)) {
                if (!alive(n).equals(expected)) {
                    return false;
                }
            }
        }
        for (SimNode w : t.wan) {
            if (!alive(w).equals(t.wanNames())) {
                return false;
            }
        }
        return true;
    }

    /** Each node's view: member name to state. */
    private static Map<String, MemberState> view(SimNode n) {
        Map<String, MemberState> v = new TreeMap<>();
        n.members().forEach(m -> v.put(m.name(), m.state()));
        return v;
    }

    // ------------------------------------------------------------------ the four refused joins

    @Test
    void lan_member_joining_another_datacenters_lan_pool_is_refused(SimSeed seed) {
        Topology t = boot(seed, 20, true);
        SimNode joiner = t.lan("dc1", 5);
        refusedJoin(seed, t, "lan-to-other-datacenter", joiner, t.lan("dc2", 0), t.lan("dc2", 0).address(),
                RefusalReason.FOREIGN_DATACENTER);
    }

    @Test
    void lan_client_joining_the_wan_pool_is_refused(SimSeed seed) {
        Topology t = boot(seed, 20, true);
        SimNode client = t.lan("dc1", 5);
        assertThat(client.config().role()).isEqualTo("client");
        SimNode wanSeed = t.wanOf(t.lan("dc2", 0));
        refusedJoin(seed, t, "lan-client-to-wan", client, wanSeed, wanSeed.address(), RefusalReason.NOT_A_WAN_MEMBER);
    }

    @Test
    void wan_member_joining_a_non_server_is_refused(SimSeed seed) {
        Topology t = boot(seed, 20, true);
        SimNode wanMember = t.wanOf(t.lan("dc1", 0));
        SimNode client = t.lan("dc2", 7);
        refusedJoin(seed, t, "wan-to-non-server", wanMember, client, client.address(), RefusalReason.NOT_A_SERVER);
        // The LAN port of a server is refused too, with a pointer to its WAN port.
        SimNode server = t.lan("dc2", 1);
        refusedJoin(null, t, "wan-to-server-lan-port", wanMember, server, server.address(),
                RefusalReason.SERVER_LAN_PORT);
    }

    @Test
    void member_of_another_cluster_with_the_same_datacenter_name_is_refused(SimSeed seed) {
        Topology t = boot(seed, 20, true);
        List<SimNode> strangers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            strangers.add(t.sim.addNode("staging-node-0" + i, t.nextHost(LAN_PORT), Profile.LAN,
                    b -> b.cluster("staging").datacenter("dc1").role("server")));
        }
        strangers.forEach(t.sim::start);
        strangers.forEach(s -> t.sim.join(s, List.of(strangers.get(0).address())));
        Set<String> strangerNames = strangers.stream().map(SimNode::name).collect(Collectors.toSet());
        assertThat(t.sim.runUntil(() -> strangers.stream().allMatch(s -> alive(s).equals(strangerNames)), 100,
                t.sim.now() + MINUTE)).isNotNegative();
        refusedJoin(seed, t, "other-cluster-same-datacenter", strangers.get(1), t.lan("dc1", 0),
                t.lan("dc1", 0).address(), RefusalReason.FOREIGN_CLUSTER);
        assertThat(strangers).allSatisfy(s -> assertThat(alive(s)).isEqualTo(strangerNames));
    }

    /**
     * {@code joiner} joins through {@code seedAddress} (served by {@code seed}): the join must end
     * at once (one stream round trip, far below the TCP timeout) with {@code expected} as its only
     * refusal, and the joiner's and the seed's views must be what they were, then and for two
     * push-pull and two reconnect intervals more, with no change recorded by anyone about the other
     * side. memberlist #132: a refused merge must leave neither side believing it joined.
     */
    private static void refusedJoin(SimSeed seed, Topology t, String scenario, SimNode joiner, SimNode seedNode,
                                    NodeAddress seedAddress, RefusalReason expected) {
        Simulator sim = t.sim;
        Map<String, Map<String, MemberState>> before = new HashMap<>();
        sim.nodes().stream().filter(SimNode::running).forEach(n -> before.put(n.name(), view(n)));
        List<ChangeRecord> crossChanges = new ArrayList<>();
        Set<String> joinerSide = view(joiner).keySet();
        Set<String> seedSide = view(seedNode).keySet();
        sim.onChange(r -> {
            SimNode observer = sim.node(r.observer());
            if ((observer == joiner && seedSide.contains(r.member()) && !joinerSide.contains(r.member()))
                    || (observer == seedNode && r.member().equals(joiner.name()) && !seedSide.contains(r.member()))) {
                crossChanges.add(r);
            }
        });
        int joinsBefore = joiner.joins().size();
        long joinAt = sim.now();
        sim.join(joiner, List.of(seedAddress));
        long done = sim.runUntil(() -> joiner.joins().size() > joinsBefore, 10, joinAt + joiner.config().tcpTimeout().toMillis());
        assertThat(done).as("%s: the join finished", scenario).isNotNegative();
        SimNode.JoinResult result = joiner.joins().get(joinsBefore);
        assertThat(result.contacted()).as("%s: seeds contacted", scenario).isZero();
        assertThat(result.refusals()).as("%s: refusals", scenario).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(expected);
            assertThat(r.seed()).isEqualTo(seedAddress);
            assertThat(r.detail()).contains(seedNode.name());
        });
        long failedAfter = result.time() - joinAt;
        // A refusal takes one stream round trip: the SYN, the request, the reply. Anything near the
        // TCP timeout would be a timeout passed off as a refusal.
        assertThat(failedAfter).as("%s: join failed after", scenario).isLessThan(SECOND);

        long settle = 2 * Math.max(joiner.config().pushPullInterval().toMillis(), seedNode.config().pushPullInterval()
                .toMillis()) + 2 * joiner.config().reconnectInterval().toMillis();
        sim.runFor(settle);
        assertThat(view(joiner)).as("%s: the joiner's view", scenario).isEqualTo(before.get(joiner.name()));
        assertThat(view(seedNode)).as("%s: the seed's view", scenario).isEqualTo(before.get(seedNode.name()));
        assertThat(crossChanges).as("%s: changes about the other side", scenario).isEmpty();
        for (SimNode n : sim.nodes()) {
            if (n.running() && before.containsKey(n.name())) {
                assertThat(view(n).keySet()).as("%s: %s knows the same members", scenario, n)
                        .isEqualTo(before.get(n.name()).keySet());
            }
        }
        assertThat(poolsAreSeparateAndComplete(t)).as("%s: pools intact", scenario).isTrue();
        assertThat(sim.violations()).isEmpty();
        assertThat(sim.decodeErrors()).isZero();
        if (seed != null) {
            new SimReport("guard-refusal-" + scenario, "default", seed)
                    .put("reason", expected.name()).put("joinFailedAfterMillis", failedAfter)
                    .put("watchedMillis", settle).put("foreignLabelDrops", sim.foreignLabelDrops())
                    .write(sim);
        }
    }

    // ------------------------------------------------------------------ untangling online

    @Test
    void mixed_pool_untangles_when_the_guard_is_switched_on(SimSeed seed) {
        untangle(seed, "default", 20);
    }

    @Test
    @Tag("soak")
    void mixed_pool_untangles_when_the_guard_is_switched_on_soak(SimSeed seed) {
        untangle(seed, "soak", 200);
    }

    /**
     * Both datacenters start with the guard off and each forms its LAN pool; then one join aimed at
     * the wrong datacenter (Consul's classic accident) fuses them into one pool of 2n. The guard is
     * then switched on at every node, one node every half probe interval in a random order (an
     * operator rolling the setting out, with no restart).
     *
     * <p>Asserted: from the moment its guard is on, a node never again holds a member of the other
     * datacenter in any state but LEFT; every node ends with every member of the other datacenter
     * LEFT for FOREIGN_DATACENTER (shed when it switched, or a moment before, when such a member
     * refused its TCP probe); once every node is on, every node sees exactly its own datacenter
     * ALIVE within a bound derived from the configuration (below), and still does after two
     * push-pull and two reconnect intervals more; the WAN pool is never disturbed; no node
     * restarted. Measured and reported, not asserted: how often members of a node's own datacenter
     * were suspected meanwhile.
     *
     * <p>The bound: shedding itself is immediate. What can take time is the other way round: while
     * the rollout runs, nodes still off probe nodes already on, which no longer read them. The TCP
     * probe's refusal sheds such a node before it is suspected, but without it (TCP probes
     * disabled, or the refusal lost) the prober suspects it and gossips the suspicion to its own
     * datacenter's nodes still off. The suspect hears it from its own datacenter and refutes; a
     * suspicion still running when the last node switches ends, refuted or declared dead and then
     * refuted, within the maximum suspicion timeout plus one probe interval for the final check,
     * and a member marked dead is reconnected to within a reconnect interval. So: max suspicion +
     * probe interval + reconnect interval.
     */
    private void untangle(SimSeed seed, String size, int perDc) {
        SimReport report = new SimReport("guard-untangle", size, seed);
        Topology t = boot(seed, perDc, false);
        Simulator sim = t.sim;
        List<SimNode> all = t.allLan();
        Set<String> everyone = all.stream().map(SimNode::name).collect(Collectors.toSet());

        // The accident: one node of dc2 joins a node of dc1.
        long mixStart = sim.now();
        sim.join(t.lan("dc2", 0), List.of(t.lan("dc1", 0).address()));
        long mixed = sim.runUntil(() -> all.stream().allMatch(n -> alive(n).equals(everyone)), 100, mixStart + 2 * MINUTE);
        assertThat(mixed).as("the two LAN pools fused with the guard off").isNotNegative();
        sim.runFor(MINUTE);
        assertThat(all).allSatisfy(n -> assertThat(alive(n)).isEqualTo(everyone));

        // Watch every change from now on.
        Map<String, String> dcOf = new HashMap<>();
        all.forEach(n -> dcOf.put(n.name(), n.config().datacenter()));
        Map<Integer, Long> guardOnAt = new HashMap<>();
        List<ChangeRecord> foreignAfterGuard = new ArrayList<>();
        List<ChangeRecord> foreignAfterShed = new ArrayList<>();
        Map<String, Integer> shedLefts = new TreeMap<>();
        Map<Integer, Set<String>> shedBy = new HashMap<>();
        List<ChangeRecord> wanChanges = new ArrayList<>();
        Set<Integer> wanIndexes = t.wan.stream().map(SimNode::index).collect(Collectors.toSet());
        int[] ownSuspicions = {0};
        int[] ownDeaths = {0};
        sim.onChange(r -> {
            if (wanIndexes.contains(r.observer())) {
                wanChanges.add(r);
                return;
            }
            SimNode observer = sim.node(r.observer());
            boolean foreign = !dcOf.get(r.member()).equals(observer.config().datacenter());
            if (!foreign) {
                // The side effect of a rollout: members of the same datacenter doubted meanwhile.
                if (r.state() == MemberState.SUSPECT) {
                    ownSuspicions[0]++;
                } else if (r.state() == MemberState.DEAD) {
                    ownDeaths[0]++;
                }
                return;
            }
            boolean shedding = r.kind() == MemberChange.Kind.LEFT && r.leftReason() == MemberLeft.Reason.FOREIGN_DATACENTER;
            Set<String> shedHere = shedBy.computeIfAbsent(r.observer(), k -> new HashSet<>());
            if (shedHere.contains(r.member())) {
                // Once shed, never seen again, whatever the observer's guard says.
                foreignAfterShed.add(r);
            }
            if (shedding) {
                shedHere.add(r.member());
            }
            if (!guardOnAt.containsKey(r.observer())) {
                // Still off: a member of the other datacenter whose guard is on refused our TCP
                // probe or reconnect, and was shed then. Anything else is ordinary mixing.
                return;
            }
            if (shedding && r.time() == guardOnAt.get(r.observer())) {
                shedLefts.merge(observer.config().datacenter(), 1, Integer::sum);
            } else {
                foreignAfterGuard.add(r);
            }
        });

        // Roll the guard out: one node every half probe interval, in a seeded random order.
        List<SimNode> order = new ArrayList<>(all);
        SplittableRandom shuffle = new SplittableRandom(seed.value());
        for (int i = order.size() - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            SimNode tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        long step = all.get(0).config().probeInterval().toMillis() / 2;
        long rolloutStart = sim.now();
        for (int i = 0; i < order.size(); i++) {
            SimNode n = order.get(i);
            sim.at(rolloutStart + i * step, () -> {
                guardOnAt.put(n.index(), sim.now());
                sim.setGuardEnabled(n, true);
                // Shed at once: nothing of the other datacenter is left in any state but LEFT.
                assertThat(n.members()).filteredOn(m -> !m.datacenter().equals(n.config().datacenter()))
                        .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.LEFT));
            });
        }
        long lastSwitch = rolloutStart + (order.size() - 1) * step;
        sim.runUntil(lastSwitch);
        assertThat(guardOnAt).hasSize(all.size());

        SimNode any = all.get(0);
        long probe = any.config().probeInterval().toMillis();
        long suspicionMin = (long) (any.config().suspicionMult() * Math.max(1.0, Math.log10(all.size())) * probe);
        long suspicionMax = any.config().suspicionMaxTimeoutMult() * suspicionMin;
        long bound = suspicionMax + probe + any.config().reconnectInterval().toMillis();
        long separate = sim.runUntil(() -> poolsAreSeparateAndComplete(t), 10, lastSwitch + bound);
        assertThat(separate).as("every node sees exactly its own datacenter within %d ms of the last switch "
                + "(max suspicion %d + probe %d + reconnect interval)", bound, suspicionMax, probe).isNotNegative();

        long watch = 2 * any.config().pushPullInterval().toMillis() + 2 * any.config().reconnectInterval().toMillis();
        sim.runFor(watch);
        assertThat(poolsAreSeparateAndComplete(t)).as("still separate after %d ms more", watch).isTrue();
        assertThat(foreignAfterGuard).as("foreign members seen again by a node whose guard was on").isEmpty();
        assertThat(foreignAfterShed).as("shed members seen again").isEmpty();
        for (SimNode n : all) {
            assertThat(n.members()).filteredOn(m -> !m.datacenter().equals(n.config().datacenter()))
                    .as("%s's view of the other datacenter", n).hasSize(perDc)
                    .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.LEFT));
            assertThat(n.guardMetrics().enabled()).isTrue();
        }
        // Every node shed every member of the other datacenter, with that reason: most when it
        // switched, the others a moment earlier, when they refused its TCP probe.
        for (SimNode n : all) {
            String otherDc = DATACENTERS.stream().filter(dc -> !dc.equals(n.config().datacenter())).findFirst().orElseThrow();
            assertThat(shedBy.get(n.index())).as("members %s shed", n).isEqualTo(t.names(otherDc));
        }
        int shed = shedLefts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(wanChanges).as("changes in the WAN pool").isEmpty();
        assertThat(sim.nodes()).as("no restarts").allSatisfy(n -> assertThat(n.epoch).isEqualTo(1));
        assertThat(sim.violations()).isEmpty();
        assertThat(sim.decodeErrors()).isZero();

        long refusedRecords = all.stream().mapToLong(n -> n.guardMetrics().refusedRecords().values().stream()
                .mapToLong(Long::longValue).sum()).sum();
        long foreignLabels = all.stream().mapToLong(n -> n.guardMetrics().foreignLabels().values().stream()
                .mapToLong(Long::longValue).sum()).sum();
        long refusalsSent = all.stream().mapToLong(n -> n.guardMetrics().refusalsSent()).sum();
        long refusalsSuppressed = all.stream().mapToLong(n -> n.guardMetrics().refusalsSuppressed()).sum();
        report.put("lanNodesPerDatacenter", perDc).put("servers", t.wan.size())
                .put("fusedMillis", mixed - mixStart)
                .put("rolloutStepMillis", step).put("rolloutMillis", lastSwitch - rolloutStart)
                .put("separateAfterLastSwitchMillis", separate - lastSwitch)
                .put("boundMillis", bound)
                .put("shedAtSwitch", shed)
                .put("shedBeforeSwitch", all.size() * perDc - shed)
                .put("ownDatacenterSuspicionsDuringRollout", ownSuspicions[0])
                .put("ownDatacenterDeathsDuringRollout", ownDeaths[0])
                .put("refusedRecords", refusedRecords).put("foreignLabels", foreignLabels)
                .put("refusalsSent", refusalsSent).put("refusalsSuppressed", refusalsSuppressed)
                .put("watchedMillis", watch)
                .write(sim);
    }
}
