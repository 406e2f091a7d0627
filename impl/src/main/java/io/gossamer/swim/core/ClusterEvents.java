package io.gossamer.swim.core;

import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.wire.Message.UserEvent;
import io.gossamer.swim.wire.WireLimits;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The application's cluster events (Serf's user events): sent by one member, gossiped like news,
 * delivered once by every member, in the order their origin sent them.
 *
 * <p>A Lamport clock stamps each event; the origin also names the Lamport time of the event it
 * sent before (0 for its first), so the events of one origin form a chain. A receiver delivers an
 * event once its predecessor has been delivered, and holds it while the predecessor is missing:
 * gossip reorders (a packet takes the newest news first) and a copy may be lost while others are
 * still on their way. A predecessor that has not come by the time every copy of the held event has
 * been sent ({@code holdMs}) is given up: the held events go out in order and the gap is counted.
 * The chain also suppresses duplicates, which Serf does with a buffer of recent Lamport times: an
 * event at or before the last one delivered from its origin has been seen.
 *
 * <p>The first event a receiver sees from an origin has no delivered predecessor to follow: it is
 * delivered at once if it is the origin's first, and otherwise held, since its predecessor may be
 * one packet behind. A member that joins a cluster whose members sent events before therefore
 * delivers its first event from each of them up to {@code holdMs} late.
 *
 * <p>Only members of the view may originate events (they are news of the pool), and each origin
 * instance is tracked by its generation: a restarted origin starts a new chain.
 */
final class ClusterEvents {

    /** Events held per origin while a predecessor is missing; beyond it the oldest are given up on. */
    static final int MAX_HELD_PER_ORIGIN = 64;

    /** What this node knows of one origin instance's chain. */
    private static final class Origin {
        long generation;
        /** Lamport time of the last event delivered from it, 0 for none. */
        long delivered;
        /** Events waiting for their predecessor, by Lamport time. */
        final TreeMap<Long, Held> held = new TreeMap<>();
        Timers.Timer timer;

        Origin(long generation) {
            this.generation = generation;
        }
    }

    private record Held(UserEvent event, long until) {
    }

    private final MemberTable table;
    private final Timers timers;
    private final Dissemination dissemination;
    private final Consumer<UserEvent> deliver;
    private final LongSupplier holdMs;
    private final LamportClock clock;
    private final Map<String, Origin> origins = new HashMap<>();
    /** Lamport time of the last event this instance sent, 0 for none. */
    private long lastSent;
    private long sent;
    private long delivered;
    private long duplicates;
    private long gaps;
    private long stale;
    private long strangers;

    /**
     * @param deliver receives every event to deliver, the local node's own included, in order
     * @param holdMs  how long an event waits for a missing predecessor, asked each time (it grows
     *                with the cluster as the number of copies of news does)
     */
    ClusterEvents(MemberTable table, Timers timers, Dissemination dissemination, LamportClock clock,
                  Consumer<UserEvent> deliver, LongSupplier holdMs) {
        this.table = table;
        this.clock = clock;
        this.timers = timers;
        this.dissemination = dissemination;
        this.deliver = deliver;
        this.holdMs = holdMs;
        table.onRemove(n -> forget(n.name));
    }

    /**
     * Sends an event from the local member: delivered here at once, then gossiped.
     *
     * @throws IllegalArgumentException if the name is empty or not an identifier, or name and
     *                                  payload exceed {@link WireLimits#MAX_EVENT_BYTES}
     */
    UserEvent send(String name, byte[] payload, boolean coalesce) {
        WireLimits.checkEvent(name, payload.length);
        NodeState self = table.self();
        long ltime = clock.tick();
        UserEvent event = new UserEvent(self.name, self.generation, ltime, lastSent, name, payload, coalesce);
        lastSent = ltime;
        sent++;
        Origin own = origins.computeIfAbsent(self.name, n -> new Origin(self.generation));
        own.delivered = ltime;
        delivered++;
        deliver.accept(event);
        dissemination.broadcastApplication(event);
        return event;
    }

    /** An event heard from a peer (or a copy of one of ours coming back). */
    void received(long now, UserEvent event) {
        clock.witness(event.ltime());
        NodeState member = table.get(event.origin());
        if (member == null || member.pruned) {
            strangers++;
            return;
        }
        Origin origin = origins.get(event.origin());
        if (origin == null || event.generation() > origin.generation) {
            if (origin != null && origin.timer != null) {
                origin.timer.cancel();
            }
            origin = new Origin(event.generation());
            origins.put(event.origin(), origin);
        } else if (event.generation() < origin.generation) {
            stale++; // an earlier start of the origin: its chain has ended
            return;
        }
        if (event.ltime() <= origin.delivered || origin.held.containsKey(event.ltime())) {
            duplicates++;
            return;
        }
        // New to us: passed on whether delivered now or held, so that holding never slows the spread.
        dissemination.broadcastApplication(event);
        if (event.previous() <= origin.delivered) {
            deliverFrom(origin, event);
            drain(now, origin);
            return;
        }
        origin.held.put(event.ltime(), new Held(event, now + holdMs.getAsLong()));
        if (origin.held.size() > MAX_HELD_PER_ORIGIN) {
            giveUpOldest(origin);
            drain(now, origin);
        }
        arm(origin);
    }

    /** Delivers what the chain allows: each held event whose predecessor is in, or whose wait is over. */
    private void drain(long now, Origin origin) {
        while (!origin.held.isEmpty()) {
            Held first = origin.held.firstEntry().getValue();
            if (first.event().previous() <= origin.delivered) {
                origin.held.pollFirstEntry();
                deliverFrom(origin, first.event());
            } else if (first.until() <= now) {
                giveUpOldest(origin);
            } else {
                break;
            }
        }
        arm(origin);
    }

    private void giveUpOldest(Origin origin) {
        Held first = origin.held.pollFirstEntry().getValue();
        gaps++;
        deliverFrom(origin, first.event());
    }

    private void deliverFrom(Origin origin, UserEvent event) {
        origin.delivered = event.ltime();
        delivered++;
        deliver.accept(event);
    }

    /** One timer per origin, at the end of the wait of its oldest held event. */
    private void arm(Origin origin) {
        if (origin.timer != null) {
            origin.timer.cancel();
            origin.timer = null;
        }
        if (!origin.held.isEmpty()) {
            origin.timer = timers.schedule(origin.held.firstEntry().getValue().until(), now -> {
                origin.timer = null;
                drain(now, origin);
            });
        }
    }

    /** The member left the view for good: its chain goes, held events with it. */
    private void forget(String name) {
        Origin origin = origins.remove(name);
        if (origin != null && origin.timer != null) {
            origin.timer.cancel();
        }
    }

    EventMetrics metrics() {
        return new EventMetrics(sent, delivered, duplicates, gaps, stale, strangers);
    }
}
