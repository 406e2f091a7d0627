package io.gossamer.tck.deployment;

import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

/** Records every membership event through an asynchronous observer. */
@ApplicationScoped
public class AsyncRecordingObserver {

    private final EventLog log = new EventLog("asynchronous observer");

    void on(@ObservesAsync MembershipEvent event) {
        log.record(event);
    }

    public EventLog log() {
        return log;
    }
}
