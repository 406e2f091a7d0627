package io.gossamer.tck.deployment;

import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records, then throws from, every membership event it receives. */
@ApplicationScoped
public class ThrowingObserver {

    private final EventLog log = new EventLog("throwing observer");

    void on(@Observes MembershipEvent event) {
        log.record(event);
        throw new IllegalStateException("TCK: this observer always throws");
    }

    public EventLog log() {
        return log;
    }
}
