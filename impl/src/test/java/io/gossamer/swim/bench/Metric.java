package io.gossamer.swim.bench;

/** Every number a run reports, in the order of the report's table. */
public enum Metric {
    JOIN_CONVERGENCE_MS("join_convergence_ms", "Join convergence (all N see all N alive)", "ms", 0),
    JOIN_CALL_MS("join_call_max_ms", "Join call returned (slowest node)", "ms", 0),
    IDLE_SUSPICIONS("idle_suspicions", "Suspicions while idle (false positives)", "events", 0),
    IDLE_PACKETS_SENT("idle_packets_sent_per_member_s", "Idle packets sent per member", "pkt/s", 2),
    IDLE_BYTES_SENT("idle_bytes_sent_per_member_s", "Idle bytes sent per member (UDP payload)", "B/s", 0),
    IDLE_PACKETS_RECEIVED("idle_packets_received_per_member_s", "Idle packets received per member", "pkt/s", 2),
    IDLE_STREAMS("idle_streams_per_member_min", "Idle TCP streams opened per member", "1/min", 2),
    CPU_PER_MEMBER("cpu_per_member_pct", "CPU per member (idle, % of one core)", "%", 3),
    HEAP_PER_MEMBER("heap_per_member_kib", "Memory: heap per node (nodes in one JVM)", "KiB", 0),
    RSS_PER_PROCESS("rss_per_process_mib", "Memory: RSS per process (one node per process)", "MiB", 1),
    PAUSE_SUSPICIONS("pause_suspicions", "SIGSTOP 3 s: suspicions of the paused node logged", "events", 0),
    PAUSE_FALSE_DEATHS("pause_false_deaths", "SIGSTOP 3 s then SIGCONT: false deaths", "events", 0),
    CRASHES("crashes", "Crashes in the run (one after the other; the rows below are their median)", "crashes", 0),
    FIRST_SUSPICION_MS("first_suspicion_ms", "Crash: first suspicion (any survivor)", "ms", 0),
    DETECT_FIRST_MS("detect_first_ms", "Crash: DEAD at first survivor", "ms", 0),
    DETECT_MEDIAN_MS("detect_median_ms", "Crash: DEAD at median survivor", "ms", 0),
    DETECT_ALL_MS("detect_all_ms", "Crash: DEAD at all survivors", "ms", 0),
    LEAVE_FIRST_MS("leave_first_ms", "Leave: LEFT at first member", "ms", 0),
    LEAVE_ALL_MS("leave_all_ms", "Leave: LEFT at all members", "ms", 0);

    private final String key;
    private final String label;
    private final String unit;
    private final int decimals;

    Metric(String key, String label, String unit, int decimals) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.decimals = decimals;
    }

    /** Stable name used in the JSON output. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** Digits after the point in the markdown table. */
    public int decimals() {
        return decimals;
    }
}
