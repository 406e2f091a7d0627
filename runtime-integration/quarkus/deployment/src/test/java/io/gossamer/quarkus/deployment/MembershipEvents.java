package io.gossamer.quarkus.deployment;

import io.gossamer.MembershipEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test application's observer: what an application writes to follow membership. */
@ApplicationScoped
public class MembershipEvents {

    private final List<MembershipEvent> received = new CopyOnWriteArrayList<>();

    void on(@Observes MembershipEvent event) {
        received.add(event);
    }

    List<MembershipEvent> received() {
        return List.copyOf(received);
    }
}
