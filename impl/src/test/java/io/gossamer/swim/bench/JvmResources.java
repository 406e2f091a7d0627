package io.gossamer.swim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Resource readings of this JVM, for systems whose nodes all run inside it. */
public final class JvmResources implements ResourceProbe {

    private static final int MAX_GC_ROUNDS = 6;

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
        // in the next cycle; repeat until the reading stops falling (bounded).
        long previous = Long.MAX_VALUE;
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MAX_GC_ROUNDS; i++) {
            System.gc();
            sleepQuietly(50);
            used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous - previous / 100) {
                break;
            }
            previous = used;
        }
        return used;
    }

    @Override
    public String describe() {
        return "CPU: process CPU time of the benchmark JVM (all threads: nodes, event delivery, "
                + "harness, JIT, GC). Memory: used Java heap after repeated System.gc() (off-heap "
                + "Netty buffers and thread stacks not included).";
    }

    /** A pause between garbage collections while heap is measured: a fixed pace, not a wait for a condition. */
    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
