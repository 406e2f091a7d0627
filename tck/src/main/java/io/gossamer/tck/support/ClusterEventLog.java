package io.gossamer.tck.support;

import io.gossamer.ClusterEvent;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Cluster events as one observer (or peer) received them, with the thread each arrived on. Tests
 * wait on it as on an {@link EventLog}: every recorded event wakes the waiters.
 */
public final class ClusterEventLog {

    /** One delivery: the event and the name of the thread that delivered it. */
    public record Entry(ClusterEvent event, String thread) {
    }

    private final RecordLog<Entry> log;

    /** @param owner who received the events, for failure messages */
    public ClusterEventLog(String owner) {
        this.log = new RecordLog<>(owner, entries -> describe(events(entries)));
    }

    /** Records a delivery on the calling thread. */
    public void record(ClusterEvent event) {
        log.record(new Entry(event, Thread.currentThread().getName()));
    }

    /** Every delivery so far, in order. */
    public List<Entry> entries() {
        return log.records();
    }

    /** Every event so far, in the order received. */
    public List<ClusterEvent> events() {
        return events(log.records());
    }

    private static List<ClusterEvent> events(List<Entry> entries) {
        return entries.stream().map(Entry::event).toList();
    }

    /** The events sent by {@code origin}, in the order received. */
    public List<ClusterEvent> from(String origin) {
        return events().stream().filter(e -> e.origin().equals(origin)).toList();
    }

    /**
     * Waits until {@code count} events from {@code origin} have been received and returns them;
     * fails after {@code timeout}, listing what was received.
     */
    public List<ClusterEvent> awaitFrom(String origin, int count, Duration timeout) {
        await(count + " events from " + origin, timeout,
                events -> events.stream().filter(e -> e.origin().equals(origin)).count() >= count);
        return from(origin);
    }

    /** Waits until the events received satisfy {@code condition}; fails after {@code timeout}. */
    public List<ClusterEvent> await(String expectation, Duration timeout, Predicate<List<ClusterEvent>> condition) {
        return events(log.await(expectation, timeout, entries -> condition.test(events(entries))));
    }

    /**
     * Waits the whole of {@code window} and fails if any event received from the {@code from}-th
     * on matches {@code forbidden}: a bounded negative wait.
     */
    public void assertNoneWithin(int from, String what, Duration window, Predicate<ClusterEvent> forbidden) {
        log.assertNoneWithin(from, what, window, entry -> forbidden.test(entry.event()));
    }

    /** How many events have been received so far. */
    public int size() {
        return log.size();
    }

    /** The events as one line each, for failure messages. */
    public static String describe(List<ClusterEvent> events) {
        return events.stream()
                .map(e -> "  " + e.name() + " from " + e.origin() + " at " + e.lamportTime() + " '"
                        + e.payloadAsString() + "' " + e.pool())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
