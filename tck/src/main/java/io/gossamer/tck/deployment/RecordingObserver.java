package io.gossamer.tck.deployment;

import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records every membership event through a synchronous observer without qualifiers. */
@ApplicationScoped
public class RecordingObserver {

    private final EventLog log = new EventLog("synchronous observer");

    void on(@Observes MembershipEvent event) {
        log.record(event);
    }

    public EventLog log() {
        return log;
    }
}
