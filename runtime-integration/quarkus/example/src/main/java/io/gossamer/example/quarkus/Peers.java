package io.gossamer.example.quarkus;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.Membership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.lang.System.Logger.Level;

/** What an application does with membership: here, it says who comes and goes. */
@ApplicationScoped
public class Peers {

    private static final System.Logger LOG = System.getLogger(Peers.class.getName());

    @Inject
    Membership membership;

    void joined(@Observes MemberJoined e) {
        LOG.log(Level.INFO, () -> e.member().name() + " joined at " + e.member().address() + ":" + e.member().port()
                + "; " + membership.aliveMembers().size() + " alive");
    }

    void left(@Observes MemberLeft e) {
        LOG.log(Level.INFO, () -> e.member().name() + " left");
    }

    void dead(@Observes MemberDead e) {
        LOG.log(Level.INFO, () -> e.member().name() + " is dead");
    }
}
