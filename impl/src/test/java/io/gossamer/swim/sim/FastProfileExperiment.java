package io.gossamer.swim.sim;

import io.gossamer.MemberState;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.config.Tuning;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

@Tag("experiment")
class FastProfileExperiment {

    static UnaryOperator<SwimConfig.Builder> cfg() {
        Profile p = Profile.valueOf(System.getProperty("exp.profile", "LAN_FAST"));
        UnaryOperator<SwimConfig.Builder> base = b -> b.tuning(Tuning.of(p));
        String pi = System.getProperty("exp.pi");
        String pt = System.getProperty("exp.pt");
        String sm = System.getProperty("exp.sm");
        String rt = System.getProperty("exp.rt");
        String ut = System.getProperty("exp.ut");
        return b -> {
            b = base.apply(b);
            if (pi != null) b.probeInterval(java.time.Duration.ofMillis(Long.parseLong(pi)));
            if (pt != null) b.probeTimeout(java.time.Duration.ofMillis(Long.parseLong(pt)));
            if (sm != null) b.suspicionMult(Integer.parseInt(sm));
            if (ut != null) b.unreachableSuspicionTimeout(java.time.Duration.ofMillis(Long.parseLong(ut)));
            if (rt != null) b.refusedSuspicionTimeout(java.time.Duration.ofMillis(Long.parseLong(rt)));
            return b;
        };
    }

    static Simulator boot(long seed, int n) {
        Simulator sim = Simulator.builder(seed).framing(WireFraming.SIZING).keepLog(false).config(cfg()).build();
        sim.addNodes(n);
        List<NodeAddress> seeds = List.of(sim.node(0).address());
        for (SimNode node : sim.nodes()) sim.start(node);
        for (SimNode node : sim.nodes()) sim.join(node, seeds);
        long t = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 100, 600_000);
        if (t < 0) throw new AssertionError("no convergence");
        return sim;
    }

    @Test
    void detection() {
        boolean kill = Boolean.parseBoolean(System.getProperty("exp.kill", "true"));
        int seeds = Integer.getInteger("exp.seeds", 10);
        for (String ns : System.getProperty("exp.sizes", "5,10,25,50,100").split(",")) {
            int n = Integer.parseInt(ns);
            List<Long> first = new ArrayList<>(), dFirst = new ArrayList<>(), dMed = new ArrayList<>(), dLast = new ArrayList<>();
            int falseDeaths = 0;
            for (int s = 1; s <= seeds; s++) {
                Simulator sim = boot(1000 + s, n);
                sim.runFor(30_000 + s * 137);
                SimNode victim = sim.node(n / 2 + 1);
                Map<Integer, Long> susp = new HashMap<>();
                Map<Integer, Long> dead = new HashMap<>();
                int[] fd = {0};
                sim.onChange(r -> {
                    if (r.member().equals(victim.name())) {
                        if (r.state() == MemberState.SUSPECT) susp.putIfAbsent(r.observer(), r.time());
                        if (r.state() == MemberState.DEAD) dead.putIfAbsent(r.observer(), r.time());
                    } else if (r.state() == MemberState.DEAD) fd[0]++;
                });
                long at = sim.now();
                if (kill) sim.kill(victim); else sim.crash(victim);
                sim.runUntil(() -> dead.size() == n - 1, 50, at + 300_000);
                List<Long> d = dead.values().stream().map(t -> t - at).sorted().toList();
                first.add(susp.values().stream().mapToLong(Long::longValue).min().orElse(-1) - at);
                dFirst.add(d.get(0));
                dMed.add(d.get(d.size() / 2));
                dLast.add(d.size() == n - 1 ? d.get(d.size() - 1) : -1);
                falseDeaths += fd[0];
            }
            System.out.printf("EXP %s kill=%s n=%d firstSusp=%d deadFirst=%d deadMedian=%d deadLast=%d falseDeaths=%d%n",
                    System.getProperty("exp.profile", "LAN_FAST"), kill, n, med(first), med(dFirst), med(dMed), med(dLast), falseDeaths);
        }
    }

    @Test
    void loss() {
        double p = Double.parseDouble(System.getProperty("exp.loss", "0.10"));
        int n = Integer.getInteger("exp.n", 100);
        long dur = Long.getLong("exp.dur", 600_000L);
        Simulator sim = boot(77, n);
        int[] deaths = {0}, susp = {0};
        java.util.Set<String> distinct = new java.util.TreeSet<>();
        sim.onChange(r -> {
            if (r.state() == MemberState.DEAD) { deaths[0]++; distinct.add(r.member() + "@" + r.time() / 10000); }
            if (r.state() == MemberState.SUSPECT) susp[0]++;
        });
        sim.network().loss(p);
        sim.runFor(dur);
        long sent = sim.nodes().stream().mapToLong(SimNode::packetsSent).sum();
        System.out.println("EXP distinct deaths " + distinct);
        System.out.printf("EXP loss=%.2f n=%d deaths=%d suspicions=%d packets/member/s=%.2f%n", p, n, deaths[0], susp[0],
                sent / (double) n / ((sim.now()) / 1000.0));
    }

    @Test
    void pauses() {
        int clusters = Integer.getInteger("exp.clusters", 100);
        int deaths = 0;
        for (int c = 0; c < clusters; c++) {
            Simulator sim = boot(9_000L + c, 50);
            sim.runFor(30_000);
            int[] d = {0};
            sim.onChange(r -> { if (r.state() == MemberState.DEAD) d[0]++; });
            SimNode sleeper = sim.node(50 / 3 + 1);
            for (int i = 0; i < 5; i++) {
                sim.pause(sleeper, 3_000);
                sim.runFor(40_000);
            }
            deaths += d[0];
        }
        System.out.printf("EXP pauses=%d deaths=%d%n", clusters * 5, deaths);
    }

    @Test
    void partition() {
        int n = Integer.getInteger("exp.n", 50);
        int seeds = Integer.getInteger("exp.seeds", 5);
        int same = 0;
        List<Long> splitDone = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            Simulator sim = boot(300 + s, n);
            sim.runFor(30_000);
            int[] sameSide = {0};
            Map<Integer, Integer> crossDead = new HashMap<>();
            long[] last = {0};
            sim.onChange(r -> {
                if (r.state() == MemberState.DEAD) {
                    int other = Integer.parseInt(r.member().substring(5));
                    if (other % 2 == r.observer() % 2) sameSide[0]++;
                    else { crossDead.merge(r.observer(), 1, Integer::sum); last[0] = r.time(); }
                }
            });
            long at = sim.now();
            for (int i = 0; i < n; i++) sim.network().group(i, i % 2);
            sim.runUntil(() -> crossDead.values().stream().mapToInt(Integer::intValue).sum() == n * (n / 2), 100, at + 120_000);
            splitDone.add(last[0] - at);
            same += sameSide[0];
        }
        System.out.printf("EXP partition n=%d sameSideDeaths=%d splitToLastCrossDead(median)=%d%n", n, same, med(splitDone));
    }

    @Test
    void idle() {
        int n = Integer.getInteger("exp.n", 50);
        Simulator sim = boot(5, n);
        sim.runFor(120_000);
        long p0 = sim.nodes().stream().mapToLong(SimNode::packetsSent).sum();
        long b0 = sim.nodes().stream().mapToLong(SimNode::bytesSent).sum();
        sim.runFor(60_000);
        long p1 = sim.nodes().stream().mapToLong(SimNode::packetsSent).sum();
        long b1 = sim.nodes().stream().mapToLong(SimNode::bytesSent).sum();
        System.out.printf("EXP idle n=%d packets/member/s=%.2f bytes/member/s=%.1f%n", n, (p1 - p0) / (double) n / 60, (b1 - b0) / (double) n / 60);
    }

    static long med(List<Long> l) {
        List<Long> s = l.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
