package io.gossamer.swim.bench;

/** Reads resource use of a {@link ClusterSystem}, whatever hosts its nodes. */
public interface ResourceProbe {

    /** CPU time consumed so far, in nanoseconds (user + system), or -1 if unknown. */
    long cpuTimeNanos();

    /**
     * Memory in use now, in bytes, after asking the runtime to collect garbage where that is
     * possible, or -1 if unknown. Only differences between two readings are reported.
     */
    long settledMemoryBytes();

    /**
     * Whether memory is read per process (the sum of the resident sets of one process per node,
     * reported as RSS per process) rather than as the heap of this JVM (reported per node).
     */
    default boolean perProcess() {
        return false;
    }

    /** One line saying what the two readings include, for the report. */
    String describe();
}
