package io.gossamer.swim.core;

import io.gossamer.RefusalReason;
import io.gossamer.swim.metrics.GuardMetrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the guard did, counted on the core's thread. {@link #version()} changes with every count,
 * so that a driver publishes a new {@link GuardMetrics} only when something happened.
 */
final class GuardCounters {

    private final EnumMap<RefusalReason, Long> foreignLabels = new EnumMap<>(RefusalReason.class);
    private final EnumMap<RefusalReason, Long> refusedRecords = new EnumMap<>(RefusalReason.class);
    private long refusalsSent;
    private long refusalsSuppressed;
    private long refusalsReceived;
    private long membersShed;
    private long repliesWithheld;
    private long newMembersLimited;
    private long newMembersRefused;
    private long membersEvicted;
    private long version;

    void foreignLabel(RefusalReason reason) {
        foreignLabels.merge(reason, 1L, Long::sum);
        version++;
    }

    void refusedRecord(RefusalReason reason) {
        refusedRecords.merge(reason, 1L, Long::sum);
        version++;
    }

    void refusalSent() {
        refusalsSent++;
        version++;
    }

    void refusalSuppressed() {
        refusalsSuppressed++;
        version++;
    }

    void refusalReceived() {
        refusalsReceived++;
        version++;
    }

    void memberShed() {
        membersShed++;
        version++;
    }

    void replyWithheld(int n) {
        if (n > 0) {
            repliesWithheld += n;
            version++;
        }
    }

    void newMemberLimited() {
        newMembersLimited++;
        version++;
    }

    void newMemberRefused() {
        newMembersRefused++;
        version++;
    }

    void membersEvicted(int n) {
        if (n > 0) {
            membersEvicted += n;
            version++;
        }
    }

    /** Marks a change that is not a count (the guard switched). */
    void touch() {
        version++;
    }

    long version() {
        return version;
    }

    GuardMetrics snapshot(boolean enabled) {
        return new GuardMetrics(enabled, names(foreignLabels), refusalsSent, refusalsSuppressed, refusalsReceived,
                names(refusedRecords), membersShed, repliesWithheld, newMembersLimited, newMembersRefused, membersEvicted);
    }

    private static Map<String, Long> names(EnumMap<RefusalReason, Long> counts) {
        Map<String, Long> byName = new LinkedHashMap<>();
        counts.forEach((reason, n) -> byName.put(reason.name(), n));
        return byName;
    }
}
