package io.gossamer.tck.deployment;

import io.gossamer.Member;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * On every event, looks the member up in {@link Membership} and notes each event the view did
 * not yet reflect: the member missing, known with an older incarnation than the event's, or, at
 * the same incarnation, in an earlier state (at one incarnation a member only moves from ALIVE to
 * SUSPECT to DEAD to LEFT, or straight to LEFT).
 */
@ApplicationScoped
public class ViewCheckingObserver {

    @Inject
    Membership membership;

    private final List<String> disagreements = new ArrayList<>();
    private int checked;

    void on(@Observes MembershipEvent event) {
        Optional<Member> seen = membership.member(event.member().name());
        boolean inList = membership.members().stream().anyMatch(m -> m.name().equals(event.member().name()));
        synchronized (this) {
            checked++;
            if (seen.isEmpty() || !inList) {
                disagreements.add(event + ": member missing from the view");
            } else if (seen.get().incarnation() < event.member().incarnation()) {
                disagreements.add(event + ": view shows older incarnation " + seen.get().incarnation());
            } else if (seen.get().incarnation() == event.member().incarnation()
                    && rank(seen.get().state()) < rank(event.member().state())) {
                disagreements.add(event + ": view shows earlier state " + seen.get().state());
            }
        }
    }

    private static int rank(MemberState state) {
        return switch (state) {
            // A member is damped at a refutation (a new incarnation) and released at the same one:
            // at one incarnation, DAMPED comes before ALIVE.
            case DAMPED -> -1;
            case ALIVE -> 0;
            case SUSPECT -> 1;
            case DEAD -> 2;
            case LEFT -> 3;
        };
    }

    public synchronized List<String> disagreements() {
        return List.copyOf(disagreements);
    }

    public synchronized int checked() {
        return checked;
    }
}
