package io.gossamer.swim.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Thread-safe record of every observed transition, stamped on arrival.
 *
 * <p>Stamped under the lock that appends, so with a monotonic clock the record is in time order
 * and {@link #since} copies only the tail. A 1,000-node join leaves over a million events; the
 * crash and leave waits poll every 20 ms, and copying and sorting all of them at each poll took
 * the better part of a core away from the nodes being timed.
 */
public final class EventLog implements EventSink {

    /** One observation. */
    public record Event(long nanos, String observer, String subject, EventKind kind) {
    }

    private final List<Event> events = new ArrayList<>();
    private final LongSupplier clock;
    /** Whether every stamp so far is at or after the one before (a test clock may go back). */
    private boolean ordered = true;

    public EventLog() {
        this(System::nanoTime);
    }

    /** With a chosen clock, so the analysis can be tested without real time. */
    public EventLog(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void record(String observer, String subject, EventKind kind) {
        Event e = new Event(clock.getAsLong(), observer, subject, kind);
        if (!events.isEmpty() && e.nanos() - events.get(events.size() - 1).nanos() < 0) {
            ordered = false;
        }
        events.add(e);
    }

    /** Every event so far, oldest first. */
    public List<Event> snapshot() {
        List<Event> copy;
        synchronized (this) {
            copy = new ArrayList<>(events);
        }
        copy.sort(Comparator.comparingLong(Event::nanos));
        return copy;
    }

    /** The events stamped at or after {@code fromNanos}, oldest first. */
    public List<Event> since(long fromNanos) {
        synchronized (this) {
            if (!ordered) {
                return snapshot().stream().filter(e -> e.nanos() - fromNanos >= 0).toList();
            }
            int low = 0;
            int high = events.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (events.get(mid).nanos() - fromNanos < 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return new ArrayList<>(events.subList(low, events.size()));
        }
    }

    /** How many events of a kind were recorded at or after {@code fromNanos}. */
    public long count(EventKind kind, long fromNanos) {
        return since(fromNanos).stream().filter(e -> e.kind() == kind).count();
    }
}
