package io.gossamer.tck.support;

import io.gossamer.MemberState;
import io.gossamer.MemberUpdated;
import io.gossamer.MembershipEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;


/**
 * Membership events as one observer received them, with the thread each arrived on. Tests wait
 * on it: every recorded event wakes the waiters, so a wait ends as soon as its condition holds.
 */
public final class EventLog {

    /**
     * One delivery: the event, the name of the thread that delivered it, and when it was recorded
     * ({@link System#nanoTime()}).
     */
    public record Entry(MembershipEvent event, String thread, long nanos) {
    }

    private final RecordLog<Entry> log;

    /** @param owner who received the events, for failure messages */
    public EventLog(String owner) {
        this.log = new RecordLog<>(owner, entries -> describe(events(entries)));
    }

    /** Records a delivery on the calling thread. */
    public void record(MembershipEvent event) {
        log.record(new Entry(event, Thread.currentThread().getName(), System.nanoTime()));
    }

    /** When the first event of {@code kind} about {@code member} was recorded ({@link System#nanoTime()}). */
    public long recordedAt(Class<? extends MembershipEvent> kind, String member) {
        return entries().stream().filter(e -> kind.isInstance(e.event()) && e.event().member().name().equals(member))
                .mapToLong(Entry::nanos).findFirst()
                .orElseThrow(() -> new AssertionError(log.owner() + ": no " + kind.getSimpleName() + " about "
                        + member));
    }

    /** Every delivery so far, in order. */
    public List<Entry> entries() {
        return log.records();
    }

    /** Every event so far, in the order received. */
    public List<MembershipEvent> events() {
        return events(log.records());
    }

    private static List<MembershipEvent> events(List<Entry> entries) {
        return entries.stream().map(Entry::event).toList();
    }

    /** The events about the member of that name, in the order received. */
    public List<MembershipEvent> about(String member) {
        return events().stream().filter(e -> e.member().name().equals(member)).toList();
    }

    /** The events of that kind about that member, in the order received. */
    public <T extends MembershipEvent> List<T> about(String member, Class<T> kind) {
        return about(member).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Waits until an event of {@code kind} about {@code member} has been received and returns the
     * first one; fails after {@code timeout}, listing what was received.
     */
    public <T extends MembershipEvent> T awaitEvent(Class<T> kind, String member, Duration timeout) {
        await(kind.getSimpleName() + " about " + member, timeout,
                events -> events.stream().anyMatch(e -> kind.isInstance(e) && e.member().name().equals(member)));
        return about(member, kind).get(0);
    }

    /**
     * Waits until a {@link MemberUpdated} about {@code member} with tag {@code key} set to
     * {@code value} is among the events received from the {@code from}-th on ({@link #size()}
     * before the update): news of that update arrived.
     */
    public void awaitTag(int from, String member, String key, String value, Duration timeout) {
        await(member + "'s tag " + key + "=" + value, timeout, events -> events.subList(Math.min(from, events.size()),
                events.size()).stream().anyMatch(e -> e instanceof MemberUpdated && e.member().name().equals(member)
                        && value.equals(e.member().tags().get(key))));
    }

    /**
     * Waits until the events received satisfy {@code condition}; fails after {@code timeout}
     * naming {@code expectation} and listing what was received. Returns the events at that point.
     */
    public List<MembershipEvent> await(String expectation, Duration timeout,
            Predicate<List<MembershipEvent>> condition) {
        return events(log.await(expectation, timeout, entries -> condition.test(events(entries))));
    }

    /**
     * Where the events received break [events-member-order]: for each member, the first event must
     * have no previous state and every later one the state of the event before it. A duplicate
     * delivery breaks the chain too. Empty when the log is in order.
     */
    public List<String> orderViolations() {
        List<String> problems = new ArrayList<>();
        Map<String, MembershipEvent> last = new HashMap<>();
        for (MembershipEvent e : events()) {
            MembershipEvent before = last.put(e.member().name(), e);
            Optional<MemberState> expected = before == null ? Optional.empty() : Optional.of(before.member().state());
            if (!e.previousState().equals(expected)) {
                problems.add(e.getClass().getSimpleName() + " about " + e.member().name() + " has previous state "
                        + e.previousState().map(Enum::name).orElse("none") + " but the event before it left "
                        + expected.map(Enum::name).orElse("nothing"));
            }
        }
        return problems;
    }

    /** The events as one line each, for failure messages. */
    public static String describe(List<MembershipEvent> events) {
        return events.stream()
                .map(e -> "  " + e.getClass().getSimpleName() + " " + e.member().name() + " "
                        + e.previousState().map(Enum::name).orElse("-") + "->" + e.member().state()
                        + " inc=" + e.member().incarnation() + " " + e.pool())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return log.toString();
    }

    /** How many events have been received so far: a mark for {@link #assertNoneWithin}. */
    public int size() {
        return log.size();
    }

    /**
     * Waits the whole of {@code window} and fails as soon as an event matching {@code forbidden}
     * is among those received from the {@code from}-th on ({@link #size()} before the window, or
     * 0 for all), naming {@code what} and listing the events: a bounded negative wait, for
     * promises that something never happens.
     */
    public void assertNoneWithin(int from, String what, Duration window, Predicate<MembershipEvent> forbidden) {
        log.assertNoneWithin(from, what, window, entry -> forbidden.test(entry.event()));
    }
}
