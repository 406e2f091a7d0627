package io.gossamer.swim.core;

import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.MemberState;
import io.gossamer.swim.metrics.ProtocolMetrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the protocol did, counted where it happens. One writer (the core's thread), any number of
 * readers: each count is written with release semantics and read as a volatile, so a reader on
 * another thread sees whole, growing values without the core publishing anything or taking a lock.
 */
public final class ProtocolCounters {

    /** The counts, one slot each. */
    enum Count {
        PROBE_ACKED, PROBE_ACKED_INDIRECTLY, PROBE_ACKED_OVER_TCP, PROBE_FAILED,
        PUSH_PULL_STARTED, PUSH_PULL_SERVED,
        KEY_LIST, KEY_INSTALL, KEY_USE, KEY_REMOVE, KEY_REQUEST_SERVED,
        REFUTED_SUSPECT, REFUTED_DEAD, REFUTED_OTHER_DETAILS,
        SUSPICION_RAISED, SUSPICION_CONFIRMED, SUSPICION_REFUTED
    }

    private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);

    void increment(Count c) {
        int i = c.ordinal();
        // Single writer: a plain read and an ordered write lose nothing and cost no atomic instruction.
        counts.lazySet(i, counts.get(i) + 1);
    }

    void keyOperation(KeyResponse.Operation op) {
        increment(switch (op) {
            case LIST -> Count.KEY_LIST;
            case INSTALL -> Count.KEY_INSTALL;
            case USE -> Count.KEY_USE;
            case REMOVE -> Count.KEY_REMOVE;
        });
    }

    void refuted(LocalRefutation.Claim claim) {
        increment(switch (claim) {
            case SUSPECT -> Count.REFUTED_SUSPECT;
            case DEAD -> Count.REFUTED_DEAD;
            case OTHER_DETAILS -> Count.REFUTED_OTHER_DETAILS;
        });
    }

    /**
     * A change of the protocol's view (before damping rewrites it): a suspicion raised, one that
     * ended in a death (confirmed), or in the member alive again (refuted).
     */
    void suspicion(MemberChange change) {
        boolean wasSuspect = change.previous().filter(s -> s == MemberState.SUSPECT).isPresent();
        switch (change.kind()) {
            case SUSPECTED -> increment(Count.SUSPICION_RAISED);
            case DEAD -> {
                if (wasSuspect) {
                    increment(Count.SUSPICION_CONFIRMED);
                }
            }
            case ALIVE -> {
                if (wasSuspect) {
                    increment(Count.SUSPICION_REFUTED);
                }
            }
            default -> {
            }
        }
    }

    private long get(Count c) {
        return counts.get(c.ordinal());
    }

    /** A copy of the counts; safe from any thread. */
    public ProtocolMetrics snapshot() {
        Map<KeyResponse.Operation, Long> keys = new EnumMap<>(KeyResponse.Operation.class);
        keys.put(KeyResponse.Operation.LIST, get(Count.KEY_LIST));
        keys.put(KeyResponse.Operation.INSTALL, get(Count.KEY_INSTALL));
        keys.put(KeyResponse.Operation.USE, get(Count.KEY_USE));
        keys.put(KeyResponse.Operation.REMOVE, get(Count.KEY_REMOVE));
        Map<LocalRefutation.Claim, Long> refutations = new EnumMap<>(LocalRefutation.Claim.class);
        refutations.put(LocalRefutation.Claim.SUSPECT, get(Count.REFUTED_SUSPECT));
        refutations.put(LocalRefutation.Claim.DEAD, get(Count.REFUTED_DEAD));
        refutations.put(LocalRefutation.Claim.OTHER_DETAILS, get(Count.REFUTED_OTHER_DETAILS));
        return new ProtocolMetrics(get(Count.PROBE_ACKED), get(Count.PROBE_ACKED_INDIRECTLY),
                get(Count.PROBE_ACKED_OVER_TCP), get(Count.PROBE_FAILED), get(Count.PUSH_PULL_STARTED),
                get(Count.PUSH_PULL_SERVED), keys, get(Count.KEY_REQUEST_SERVED), refutations,
                get(Count.SUSPICION_RAISED), get(Count.SUSPICION_CONFIRMED), get(Count.SUSPICION_REFUTED));
    }
}
