package io.gossamer.swim.sim;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap per member entry of a converged simulated cluster: every core holds every member, so the
 * simulator's heap grows as n² and this number decides the largest n that fits. Not a test (it
 * takes tens of seconds and a few GB at 1,000 nodes); run it as a main:
 *
 * <pre>
 *   java -Xmx8g -cp impl/target/classes:impl/target/test-classes:$(cat cp.txt) \
 *       io.gossamer.swim.sim.SimHeap [sizing|encoding] n1 n2 ...
 * </pre>
 *
 * <p>For each n (seed 42, LAN defaults, join through three seeds) the cluster converges and runs
 * 30 s more; then the heap used after a full GC, minus the heap used once the simulator is gone,
 * is divided by n². That ratio also carries each node's fixed cost spread over its n entries, so
 * with two or more sizes the quadratic coefficient is fitted as well (heap = b·n + c·n²; c is the
 * cost of one member entry). The class histogram of the largest size lists the classes that have
 * at least n²/2 instances, in bytes per entry.
 *
 * <p>Size-only framing (the default here, and what runs at 1,000 nodes or more) passes one
 * message object to every receiver, so names, addresses and tag maps are shared by all cores;
 * {@code encoding} decodes every datagram, so each core holds its own copies, as a real node does:
 * its per-entry number is a real node's heap per member (core only).
 */
public final class SimHeap {

    private static final long SECOND = 1_000;

    private SimHeap() {
    }

    /** Heap of one converged size, in bytes. */
    public record Sample(int n, long heapBytes, long wallMs, String histogram) {
        double perEntry() {
            return (double) heapBytes / ((double) n * n);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean encoding = args.length > 0 && args[0].equals("encoding");
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            if (!a.equals("encoding") && !a.equals("sizing")) {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(500, 1000);
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            samples.add(measure(sizes.get(i), encoding, i == sizes.size() - 1));
        }
        System.out.println(report(encoding, samples));
    }

    /** The report: one line per size, the fitted cost of an entry, and the last size's histogram. */
    static String report(boolean encoding, List<Sample> samples) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "[simheap] framing=%s%n", encoding ? "encoding" : "sizing"));
        for (Sample s : samples) {
            sb.append(String.format(Locale.ROOT, "[simheap] n=%d heap=%.1f MiB B/entry(heap/n^2)=%.1f wall=%d ms%n",
                    s.n(), s.heapBytes() / 1048576.0, s.perEntry(), s.wallMs()));
        }
        if (samples.size() >= 2) {
            sb.append(String.format(Locale.ROOT, "[simheap] fitted B/entry (heap = b*n + c*n^2, least squares): c=%.1f b=%.0f%n",
                    fit(samples)[1], fit(samples)[0]));
        }
        sb.append(samples.get(samples.size() - 1).histogram());
        return sb.toString();
    }

    /** Least squares of heap/n = b + c·n: returns {b, c}. */
    static double[] fit(List<Sample> samples) {
        int k = samples.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Sample s : samples) {
            double x = s.n();
            double y = (double) s.heapBytes() / s.n();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double c = (k * sxy - sx * sy) / (k * sxx - sx * sx);
        double b = (sy - c * sx) / k;
        return new double[] {b, c};
    }

    /** Boots n nodes, lets them converge and settle, and measures the heap they hold. */
    public static Sample measure(int n, boolean encoding, boolean histogram) throws Exception {
        long base = usedAfterGc();
        long wall = System.nanoTime();
        Simulator sim = SwimScenarioTest.boot(42, n, encoding, false);
        long converged = sim.runUntil(() -> SwimScenarioTest.allSeeAllAlive(sim), 100, 10 * 60 * SECOND);
        if (converged < 0) {
            throw new IllegalStateException(n + " nodes did not converge");
        }
        sim.runFor(30 * SECOND);
        long wallMs = (System.nanoTime() - wall) / 1_000_000;
        String hist = histogram ? histogram((long) n * n) : "";
        long used = usedAfterGc();
        Reference.reachabilityFence(sim);
        return new Sample(n, used - base, wallMs, hist);
    }

    /** Heap in use after a full GC (the least of three, for what reference processing frees late). */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // A few rounds: a full GC may leave what finalization or reference processing frees next time.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The classes with at least entries/2 instances, from the JVM's own class histogram (after a full GC). */
    static String histogram(long entries) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String text = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue;
            }
            long instances = Long.parseLong(f[1]);
            long bytes = Long.parseLong(f[2]);
            if (instances >= entries / 2) {
                total += (double) bytes / entries;
                sb.append(String.format(Locale.ROOT, "[simheap]   %-60s %8.2f instances/entry %7.1f B/entry%n",
                        f[3], (double) instances / entries, (double) bytes / entries));
            }
        }
        sb.append(String.format(Locale.ROOT, "[simheap]   classes with >= entries/2 instances: %.1f B/entry%n", total));
        return sb.toString();
    }
}
