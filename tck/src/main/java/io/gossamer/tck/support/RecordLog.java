package io.gossamer.tck.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What one observer (or peer) received, in order, and the waits on it: every record wakes the
 * waiters, so a wait ends as soon as its condition holds. The logs of membership events, cluster
 * events and queries keep theirs in one.
 *
 * @param <T> what is recorded
 */
final class RecordLog<T> {

    private final String owner;
    private final Function<List<T>, String> describe;
    private final List<T> records = new ArrayList<>();

    /**
     * @param owner    who received the records, for failure messages
     * @param describe the records as text, for failure messages
     */
    RecordLog(String owner, Function<List<T>, String> describe) {
        this.owner = owner;
        this.describe = describe;
    }

    String owner() {
        return owner;
    }

    synchronized void record(T record) {
        records.add(record);
        notifyAll();
    }

    synchronized List<T> records() {
        return List.copyOf(records);
    }

    synchronized int size() {
        return records.size();
    }

    /**
     * Waits until the records satisfy {@code condition}; fails after {@code timeout} naming
     * {@code expectation} and listing what was received. Returns the records at that point.
     */
    synchronized List<T> await(String expectation, Duration timeout, Predicate<List<T>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> now = List.copyOf(records);
            if (condition.test(now)) {
                return now;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(owner + ": no " + expectation + " within " + timeout + "; received:\n" + describe.apply(now));
            }
            pause(left, "waiting for " + expectation);
        }
    }

    /**
     * Waits the whole of {@code window} and fails as soon as a record from the {@code from}-th on
     * matches {@code forbidden}, naming {@code what}: a bounded negative wait.
     */
    synchronized void assertNoneWithin(int from, String what, Duration window, Predicate<T> forbidden) {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            List<T> now = List.copyOf(records);
            if (now.subList(Math.min(from, now.size()), now.size()).stream().anyMatch(forbidden)) {
                fail(owner + ": " + what + "; received:\n" + describe.apply(now));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            pause(left, "checking that " + what + " never happens");
        }
    }

    /** Waits (holding the lock's monitor) until a record arrives or {@code leftNanos} pass. */
    private void pause(long leftNanos, String doing) {
        try {
            // Wakes on every record; the timeout only bounds the wait.
            wait(Math.max(1, leftNanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(owner + ": interrupted while " + doing);
        }
    }

    @Override
    public String toString() {
        return owner + ":\n" + describe.apply(records());
    }
}
