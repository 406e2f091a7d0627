package io.gossamer.tck.deployment;

import io.gossamer.MemberDead;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records what a synchronous observer of {@link MemberDead} alone receives. */
@ApplicationScoped
public class DeathObserver {

    private final EventLog log = new EventLog("observer of MemberDead only");

    void on(@Observes MemberDead event) {
        log.record(event);
    }

    public EventLog log() {
        return log;
    }
}
