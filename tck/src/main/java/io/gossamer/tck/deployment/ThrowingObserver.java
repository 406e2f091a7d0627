package io.gossamer.tck.deployment;

import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Two observers that record, then throw from, every membership event: one called before the
 * observers of default priority, one after, so that whichever order a container uses among
 * equals, a thrower comes before some other observer.
 */
@ApplicationScoped
public class ThrowingObserver {

    private final EventLog first = new EventLog("throwing observer called first");
    private final EventLog last = new EventLog("throwing observer called last");

    void onFirst(@Observes @Priority(1) MembershipEvent event) {
        first.record(event);
        throw new IllegalStateException("TCK: this observer always throws");
    }

    void onLast(@Observes @Priority(1_000_000) MembershipEvent event) {
        last.record(event);
        throw new IllegalStateException("TCK: this observer always throws");
    }

    public EventLog first() {
        return first;
    }

    public EventLog last() {
        return last;
    }
}
