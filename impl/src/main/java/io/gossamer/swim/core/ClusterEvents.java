package io.gossamer.swim.core;

import io.gossamer.swim.metrics.EventMetrics;
import io.gossamer.swim.wire.Message.UserEvent;
import io.gossamer.swim.wire.WireLimits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>Gossip reaches everyone with high probability, not certainty (at 40 members, with no loss, a
 * member misses a given event about once in 3,000). So, as Serf does, every state exchange carries
 * the last {@value #RECENT} events this node knows: a member that missed one delivers it at the
 * next exchange. One that was given up on meanwhile is then delivered late, after its successors:
 * once rather than never. A member that joins takes the events of its seed's exchange as seen,
 * without delivering them (they were sent before it joined: Serf's agent ignores them too), which
 * also tells it where each sender's chain stands.
 *
 * <p>Only members of the view may originate events (they are news of the pool), and each origin
 * instance is tracked by its generation: a restarted origin starts a new chain.
 */
final class ClusterEvents {

    /** Events held per origin while a predecessor is missing; beyond it the oldest are given up on. */
    static final int MAX_HELD_PER_ORIGIN = 64;
    /** The recent events every state exchange carries (Serf's event buffer). */
    static final int RECENT = 64;
    /** Gaps remembered per origin, for events that come after they were given up on. */
    static final int MAX_GAPS = 16;

    /** What this node knows of one origin instance's chain. */
    private static final class Origin {
        long generation;
        /** Lamport time of the last event delivered from it, 0 for none. */
        long delivered;
        /** Events waiting for their predecessor, by Lamport time. */
        final TreeMap<Long, Held> held = new TreeMap<>();
        /**
         * Lamport times given up on, as (first, last) pairs: the predecessors a held event stopped
         * waiting for lie between the last delivered and its {@code previous}. Oldest first.
         */
        final ArrayDeque<long[]> gaps = new ArrayDeque<>();
        /** Events of the gaps delivered after all, so that a second copy is not. */
        final Set<Long> recovered = new HashSet<>();
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
    private final EventCoalescer coalescer;
    private final LongSupplier holdMs;
    private final LamportClock clock;
    private final Map<String, Origin> origins = new HashMap<>();
    /** The last {@value #RECENT} events this node delivered or took as seen, oldest first. */
    private final ArrayDeque<UserEvent> recent = new ArrayDeque<>();
    /** Lamport time of the last event this instance sent, 0 for none. */
    private long lastSent;
    private long sent;
    private long delivered;
    private long duplicates;
    private long gaps;
    private long recoveredLate;
    private long stale;
    private long strangers;

    /**
     * @param deliver receives every event to deliver, the local node's own included, in order
     * @param holdMs  how long an event waits for a missing predecessor, asked each time (it grows
     *                with the cluster as the number of copies of news does)
     */
    ClusterEvents(MemberTable table, Timers timers, Dissemination dissemination, LamportClock clock,
                  EventCoalescer coalescer, LongSupplier holdMs) {
        this.table = table;
        this.clock = clock;
        this.coalescer = coalescer;
        this.timers = timers;
        this.dissemination = dissemination;
        this.holdMs = holdMs;
        table.onRemove(n -> forget(n.name));
    }

    /**
     * Sends an event from the local member: delivered here at once, then gossiped.
     *
     * @throws IllegalArgumentException if the name is empty or not an identifier, or name and
     *                                  payload exceed {@link WireLimits#MAX_EVENT_BYTES}
     */
    UserEvent send(long now, String name, byte[] payload, boolean coalesce) {
        WireLimits.checkEvent(name, payload.length);
        NodeState self = table.self();
        long ltime = clock.tick();
        UserEvent event = new UserEvent(self.name, self.generation, ltime, lastSent, name, payload, coalesce);
        dissemination.requireFits(event);
        lastSent = ltime;
        sent++;
        Origin own = origins.computeIfAbsent(self.name, n -> new Origin(self.generation));
        own.delivered = ltime;
        deliverNow(now, event);
        dissemination.broadcastApplication(event);
        return event;
    }

    /** An event heard from a peer in gossip (or a copy of one of ours coming back). */
    void received(long now, UserEvent event) {
        take(now, event, true);
    }

    /**
     * The recent events of a state exchange. Delivered as if gossiped (but not passed on: every
     * exchange carries them), unless {@code joining}: the reply to this node's own join, whose
     * events were sent before it joined and are only taken as seen.
     */
    void exchanged(long now, List<UserEvent> events, boolean joining) {
        List<UserEvent> inOrder = new ArrayList<>(events);
        inOrder.sort(Comparator.comparingLong(UserEvent::ltime));
        for (UserEvent e : inOrder) {
            if (joining) {
                seenBeforeJoining(e);
            } else {
                take(now, e, false);
            }
        }
    }

    /** What the next state exchange carries: the last events this node knows, oldest first. */
    List<UserEvent> recent() {
        return List.copyOf(recent);
    }

    private void seenBeforeJoining(UserEvent event) {
        clock.witness(event.ltime());
        Origin origin = originOf(event);
        if (origin != null && event.ltime() > origin.delivered && origin.held.isEmpty()) {
            origin.delivered = event.ltime();
            remember(event);
        }
    }

    /** The chain of the event's origin instance; null (counted) if the event is not to be taken. */
    private Origin originOf(UserEvent event) {
        NodeState member = table.get(event.origin());
        if (member == null || member.pruned) {
            strangers++;
            return null;
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
            return null;
        }
        return origin;
    }

    private void take(long now, UserEvent event, boolean gossiped) {
        clock.witness(event.ltime());
        Origin origin = originOf(event);
        if (origin == null) {
            return;
        }
        if (event.ltime() <= origin.delivered || origin.held.containsKey(event.ltime())) {
            if (inGap(origin, event.ltime()) && origin.recovered.add(event.ltime())) {
                // Given up on, and here after all: late, but once.
                recoveredLate++;
                deliverNow(now, event);
            } else {
                duplicates++;
            }
            return;
        }
        if (gossiped) {
            // New to us: passed on whether delivered now or held, so that holding never slows the spread.
            dissemination.broadcastApplication(event);
        }
        if (event.previous() <= origin.delivered) {
            deliverFrom(now, origin, event);
            drain(now, origin);
            return;
        }
        origin.held.put(event.ltime(), new Held(event, now + holdMs.getAsLong()));
        if (origin.held.size() > MAX_HELD_PER_ORIGIN) {
            giveUpOldest(now, origin);
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
                deliverFrom(now, origin, first.event());
            } else if (first.until() <= now) {
                giveUpOldest(now, origin);
            } else {
                break;
            }
        }
        arm(origin);
    }

    private void giveUpOldest(long now, Origin origin) {
        Held first = origin.held.pollFirstEntry().getValue();
        gaps++;
        origin.gaps.addLast(new long[] {origin.delivered + 1, first.event().previous()});
        if (origin.gaps.size() > MAX_GAPS) {
            long[] oldest = origin.gaps.removeFirst();
            origin.recovered.removeIf(t -> t >= oldest[0] && t <= oldest[1]);
        }
        deliverFrom(now, origin, first.event());
    }

    private static boolean inGap(Origin origin, long ltime) {
        for (long[] gap : origin.gaps) {
            if (ltime >= gap[0] && ltime <= gap[1]) {
                return true;
            }
        }
        return false;
    }

    private void deliverFrom(long now, Origin origin, UserEvent event) {
        origin.delivered = event.ltime();
        deliverNow(now, event);
    }

    /** Taken: it is passed on in state exchanges, and delivered now or, coalesced, later or never. */
    private void deliverNow(long now, UserEvent event) {
        delivered++;
        remember(event);
        coalescer.offer(now, event);
    }

    private void remember(UserEvent event) {
        recent.addLast(event);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
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

    /** Grows whenever a count of {@link #metrics()} does: their sum. */
    long activity() {
        return sent + delivered + duplicates + gaps + recoveredLate + coalescer.superseded() + stale + strangers;
    }

    EventMetrics metrics() {
        return new EventMetrics(sent, delivered, duplicates, gaps, recoveredLate, coalescer.superseded(), stale,
                strangers);
    }
}
