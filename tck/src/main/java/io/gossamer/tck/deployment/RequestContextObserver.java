package io.gossamer.tck.deployment;

import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * A synchronous observer that notes, for each event, whether the request scope was active while
 * it ran ({@code BeanManager.getContext} throws {@link ContextNotActiveException} when it is not).
 */
@ApplicationScoped
public class RequestContextObserver {

    @Inject
    BeanManager beanManager;

    private final EventLog log = new EventLog("observer checking the request scope");
    private final List<String> activeDuring = new ArrayList<>();

    void on(@Observes MembershipEvent event) {
        boolean active;
        try {
            active = beanManager.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException notActive) {
            active = false;
        }
        if (active) {
            synchronized (this) {
                activeDuring.add(event + " on " + Thread.currentThread().getName());
            }
        }
        // Recorded last, so that whoever awaits this event finds its check already noted.
        log.record(event);
    }

    /** {@return every event seen} */
    public EventLog log() {
        return log;
    }

    /** {@return the events during whose delivery the request scope was active, with their thread} */
    public synchronized List<String> activeDuring() {
        return List.copyOf(activeDuring);
    }
}
