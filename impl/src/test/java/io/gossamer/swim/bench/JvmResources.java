package io.gossamer.swim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Resource readings of this JVM, for systems whose nodes all run inside it. */
public final class JvmResources implements ResourceProbe {

    private static final int MAX_GC_ROUNDS = 6;
    /** Between a collection and the reading: reference processing finishes after it. */
    private static final Duration GC_PACE = Duration.ofMillis(50);

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Override
    public long cpuTimeNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    @Override
    public long settledMemoryBytes() {
        // One System.gc() can leave garbage that finalizers or reference processing only free
        // in the next cycle; collect again until the reading stops falling (bounded).
        long[] previous = {Long.MAX_VALUE};
        int[] rounds = {0};
        System.gc();
        // A full collection of a large heap takes seconds: the bound is in rounds, not in time.
        await().pollDelay(GC_PACE).pollInterval(GC_PACE).atMost(Duration.ofMinutes(5)).until(() -> {
            long used = memory.getHeapMemoryUsage().getUsed();
            boolean settled = used >= previous[0] - previous[0] / 100 || ++rounds[0] >= MAX_GC_ROUNDS;
            previous[0] = used;
            if (!settled) {
                System.gc();
            }
            return settled;
        });
        return previous[0];
    }

    @Override
    public String describe() {
        return "CPU: process CPU time of the benchmark JVM (all threads: nodes, event delivery, "
                + "harness, JIT, GC). Memory: used Java heap after repeated System.gc() (off-heap "
                + "Netty buffers and thread stacks not included).";
    }
}
