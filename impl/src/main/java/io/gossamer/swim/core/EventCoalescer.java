package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message.UserEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Coalescing of cluster events, as Serf's agent does ({@code serf/coalesce_user.go}): an event its
 * sender let be coalesced is held, and of those of one name only the latest by Lamport time (all
 * of them if several share it) is delivered, once none has come for the quiescent period, or the
 * coalesce period after the first was held. Other events pass at once. Off unless both periods are
 * set.
 */
final class EventCoalescer {

    private final Timers timers;
    private final long periodMs;
    private final long quiescentMs;
    private final Consumer<UserEvent> deliver;
    /** Per name, the held events of its largest Lamport time; names in the order first held. */
    private final Map<String, List<UserEvent>> held = new LinkedHashMap<>();
    private Timers.Timer periodEnd;
    private Timers.Timer quietEnd;
    private long superseded;

    EventCoalescer(Timers timers, long periodMs, long quiescentMs, Consumer<UserEvent> deliver) {
        this.timers = timers;
        this.periodMs = periodMs;
        this.quiescentMs = quiescentMs;
        this.deliver = deliver;
    }

    /** Delivers {@code event} now, or holds it to be coalesced. */
    void offer(long now, UserEvent event) {
        if (!event.coalesce() || periodMs == 0 || quiescentMs == 0) {
            deliver.accept(event);
            return;
        }
        List<UserEvent> same = held.computeIfAbsent(event.name(), n -> new ArrayList<>());
        if (same.isEmpty() || same.get(0).ltime() == event.ltime()) {
            same.add(event);
        } else if (same.get(0).ltime() < event.ltime()) {
            superseded += same.size();
            same.clear();
            same.add(event);
        } else {
            superseded++;
        }
        if (periodEnd == null) {
            periodEnd = timers.schedule(now + periodMs, t -> flush());
        }
        if (quietEnd != null) {
            quietEnd.cancel();
        }
        quietEnd = timers.schedule(now + quiescentMs, t -> flush());
    }

    private void flush() {
        periodEnd.cancel();
        quietEnd.cancel();
        periodEnd = null;
        quietEnd = null;
        List<UserEvent> out = new ArrayList<>();
        held.values().forEach(out::addAll);
        held.clear();
        out.sort(Comparator.comparingLong(UserEvent::ltime));
        out.forEach(deliver);
    }

    /** Events not delivered because a later one of their name was. */
    long superseded() {
        return superseded;
    }
}
