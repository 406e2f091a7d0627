package io.gossamer.example.se;

import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.MemberState;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.lang.System.Logger.Level;

/**
 * What the application does with membership: here, it says who came and went, and how many members are
 * alive now. The observers run on Gossamer's delivery thread, one event at a time in the order the node
 * recorded them, never on the protocol's event loop: slow work here delays later events, not probes.
 */
@ApplicationScoped
public class Peers {

    private static final System.Logger LOG = System.getLogger(Peers.class.getName());

    @Inject
    Membership membership;

    void joined(@Observes MemberJoined event) {
        LOG.log(Level.INFO, "member joined: " + describe(event.member()) + "; " + alive());
    }

    void suspected(@Observes MemberSuspected event) {
        LOG.log(Level.INFO, "member suspected: " + describe(event.member()));
    }

    void dead(@Observes MemberDead event) {
        LOG.log(Level.INFO, "member dead: " + describe(event.member()) + "; " + alive());
    }

    void left(@Observes MemberLeft event) {
        LOG.log(Level.INFO, "member left: " + describe(event.member()) + " (" + event.reason() + "); " + alive());
    }

    private static String describe(Member member) {
        return member.name() + " at " + member.address() + ":" + member.port();
    }

    /** Membership already shows the state an event reports when the event is delivered. */
    private String alive() {
        long n = membership.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
        return n + " alive";
    }
}
