package io.gossamer.bench.peers;

import io.gossamer.swim.bench.ResourceProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Resource readings of a system that runs one process per node, summed over its live processes:
 * CPU time from {@code /proc/<pid>/stat} (user + system, every thread, exited ones included) and
 * resident memory from {@code /proc/<pid>/status} ({@code VmRSS}). Linux only.
 */
public final class ProcessResources implements ResourceProbe {

    /** USER_HZ: the unit of the CPU times in {@code /proc/<pid>/stat}; 100 on every Linux ABI. */
    static final long TICKS_PER_SECOND = 100;

    private final Supplier<List<Long>> pids;

    /** @param pids the processes to sum over, asked at each reading */
    public ProcessResources(Supplier<List<Long>> pids) {
        this.pids = pids;
    }

    @Override
    public long cpuTimeNanos() {
        long ticks = 0;
        for (long pid : pids.get()) {
            long t = cpuTicks(read(Path.of("/proc", String.valueOf(pid), "stat")));
            if (t < 0) {
                return -1;
            }
            ticks += t;
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    @Override
    public long settledMemoryBytes() {
        long bytes = 0;
        for (long pid : pids.get()) {
            long rss = rssBytes(read(Path.of("/proc", String.valueOf(pid), "status")));
            if (rss < 0) {
                return -1;
            }
            bytes += rss;
        }
        return bytes;
    }

    @Override
    public boolean perProcess() {
        return true;
    }

    @Override
    public String describe() {
        return "CPU: user + system time of the node processes (/proc/<pid>/stat, 10 ms ticks), summed. "
                + "Memory: resident set (VmRSS in /proc/<pid>/status) of each node process.";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * utime + stime of a {@code /proc/<pid>/stat} line, in ticks; -1 if it cannot be read. The
     * command name (field 2) is in parentheses and may contain spaces, so fields are counted from
     * the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // After the name: state(3) ppid(4) ... utime(14) stime(15), i.e. indexes 11 and 12 here.
        if (f.length < 13) {
            return -1;
        }
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code VmRSS} of a {@code /proc/<pid>/status} text, in bytes; -1 if absent. */
    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
