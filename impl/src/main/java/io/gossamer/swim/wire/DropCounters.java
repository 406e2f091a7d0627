package io.gossamer.swim.wire;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts dropped datagrams and frames per {@link DropReason}. Thread-safe: the receive path
 * increments from any thread while metrics and health checks read.
 */
public final class DropCounters {

    // Populated once in the constructor and never structurally modified afterwards, so concurrent
    // reads of the map are safe; the adders do the concurrent counting.
    private final EnumMap<DropReason, LongAdder> counters = new EnumMap<>(DropReason.class);

    public DropCounters() {
        for (DropReason reason : DropReason.values()) {
            counters.put(reason, new LongAdder());
        }
    }

    /** Counts one drop for {@code reason}. */
    public void increment(DropReason reason) {
        counters.get(Objects.requireNonNull(reason, "reason")).increment();
    }

    /** Drops counted so far for {@code reason}. */
    public long count(DropReason reason) {
        return counters.get(Objects.requireNonNull(reason, "reason")).sum();
    }

    /** Drops counted so far, all reasons together. */
    public long total() {
        long total = 0;
        for (LongAdder adder : counters.values()) {
            total += adder.sum();
        }
        return total;
    }

    /**
     * An immutable copy of the counts, one entry per reason (zeros included), iterated in the
     * declaration order of {@link DropReason}. Not an atomic snapshot: increments racing with this
     * call may or may not be included.
     */
    public Map<DropReason, Long> snapshot() {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        counters.forEach((reason, adder) -> copy.put(reason, adder.sum()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "DropCounters" + snapshot();
    }
}
