package io.gossamer.cdi.servers.app;

import io.gossamer.MembershipEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/** The application's observer: every membership event it received, one line each. */
@ApplicationScoped
public class ObservedEvents {

    private final List<String> lines = new ArrayList<>();

    void on(@Observes MembershipEvent event) {
        String line = event.getClass().getSimpleName() + " " + event.member().name() + " "
                + event.member().address() + ":" + event.member().port() + " " + event.member().state();
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** {@code <event> <member> <address>:<port> <state>}, in the order received. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
