package io.gossamer.tck.support;

import io.gossamer.ClusterEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cluster events as one observer (or peer) received them, with the thread each arrived on. Tests
 * wait on it as on an {@link EventLog}: every recorded event wakes the waiters.
 */
public final class ClusterEventLog {

    /** One delivery: the event and the name of the thread that delivered it. */
    public record Entry(ClusterEvent event, String thread) {
    }

    private final String owner;
    private final List<Entry> entries = new ArrayList<>();

    /** @param owner who received the events, for failure messages */
    public ClusterEventLog(String owner) {
        this.owner = owner;
    }

    /** Records a delivery on the calling thread. */
    public synchronized void record(ClusterEvent event) {
        entries.add(new Entry(event, Thread.currentThread().getName()));
        notifyAll();
    }

    /** Every delivery so far, in order. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Every event so far, in the order received. */
    public synchronized List<ClusterEvent> events() {
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
    public synchronized List<ClusterEvent> await(String expectation, Duration timeout,
                                                 Predicate<List<ClusterEvent>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ClusterEvent> now = events();
            if (condition.test(now)) {
                return now;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(owner + ": no " + expectation + " within " + timeout + "; received:\n" + describe(now));
            }
            try {
                // Wakes on every recorded event; the timeout only bounds the wait.
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(owner + ": interrupted while waiting for " + expectation);
            }
        }
    }

    /**
     * Waits the whole of {@code window} and fails if any event received from the {@code from}-th
     * on matches {@code forbidden}: a bounded negative wait.
     */
    public synchronized void assertNoneWithin(int from, String what, Duration window,
                                              Predicate<ClusterEvent> forbidden) {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            List<ClusterEvent> now = events();
            if (now.subList(Math.min(from, now.size()), now.size()).stream().anyMatch(forbidden)) {
                fail(owner + ": " + what + "; received:\n" + describe(now));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(owner + ": interrupted while checking that " + what + " never happens");
            }
        }
    }

    /** How many events have been received so far. */
    public synchronized int size() {
        return entries.size();
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
        return owner + ":\n" + describe(events());
    }
}
