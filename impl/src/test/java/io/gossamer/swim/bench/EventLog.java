package io.gossamer.swim.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/** Thread-safe record of every observed transition, stamped on arrival. */
public final class EventLog implements EventSink {

    /** One observation. */
    public record Event(long nanos, String observer, String subject, EventKind kind) {
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final LongSupplier clock;

    public EventLog() {
        this(System::nanoTime);
    }

    /** With a chosen clock, so the analysis can be tested without real time. */
    public EventLog(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void record(String observer, String subject, EventKind kind) {
        events.add(new Event(clock.getAsLong(), observer, subject, kind));
    }

    /** Every event so far, oldest first. */
    public List<Event> snapshot() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparingLong(Event::nanos));
        return copy;
    }

    /** How many events of a kind were recorded at or after {@code fromNanos}. */
    public long count(EventKind kind, long fromNanos) {
        return events.stream().filter(e -> e.kind() == kind && e.nanos() - fromNanos >= 0).count();
    }
}
