package io.gossamer.swim.core;

import io.gossamer.MemberState;
import io.gossamer.swim.config.SwimConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Forgets members at last: DEAD ones once reconnecting to them has been tried long enough, LEFT
 * ones (and pruned tombstones) after the tombstone timeout.
 */
final class Reaper {

    /** How often forgotten members are looked for; reaping is not time-critical. */
    static final long INTERVAL_MS = 15_000;

    private final MemberTable table;
    private final Timers timers;
    private final long reconnectTimeoutMs;
    private final long tombstoneTimeoutMs;

    Reaper(SwimConfig config, MemberTable table, Timers timers) {
        this.table = table;
        this.timers = timers;
        this.reconnectTimeoutMs = config.reconnectTimeout().toMillis();
        this.tombstoneTimeoutMs = config.tombstoneTimeout().toMillis();
    }

    /** The reaping ticker; it reschedules itself. */
    void tick(long now) {
        List<NodeState> forget = new ArrayList<>();
        NodeState self = table.self();
        for (NodeState n : table.all()) {
            if ((n.state == MemberState.DEAD && now - n.stateChangedAt >= reconnectTimeoutMs)
                    || (n.state == MemberState.LEFT && n != self && now - n.stateChangedAt >= tombstoneTimeoutMs)) {
                forget.add(n);
            }
        }
        for (NodeState n : forget) {
            table.remove(n);
        }
        timers.schedule(now + INTERVAL_MS, this::tick);
    }
}
