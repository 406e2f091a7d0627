package io.gossamer.tck;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer crashes and is declared dead; the application force-leaves it, and the pool agrees. */
@ExtendWith(ArquillianExtension.class)
public class ForceLeaveTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("force-leave", Deployments.node("force-leave", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-force-leave] [events-left-reason] A DEAD member force-left becomes LEFT, with
     * reason {@code LEFT}, here and at the peers; an
     * unknown member is refused with {@code IllegalArgumentException}, an alive one with
     * {@code IllegalStateException}.
     */
    @Test
    public void aDeadMemberForceLeftIsLeftEverywhere() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.startAndJoin("gone", membership, TIMING);
            TckPeer witness = peers.startAndJoin("witness", membership, TIMING);
            witness.log().awaitEvent(MemberJoined.class, gone.name(), TIMING.dissemination(MEMBERS));

            Throwable unknown = Futures.failureOf(() -> membership.forceLeave("no-such-member"), TIMING.local(),
                    "forceLeave of an unknown member");
            assertTrue(unknown instanceof IllegalArgumentException, "unknown member: " + unknown);
            Throwable alive = Futures.failureOf(() -> membership.forceLeave(witness.name()), TIMING.local(),
                    "forceLeave of an alive member");
            assertTrue(alive instanceof IllegalStateException, "alive member: " + alive);

            gone.peer().crash();
            observer.log().awaitEvent(MemberDead.class, gone.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            Futures.await(membership.forceLeave(gone.name()), TIMING.local(), "forceLeave");

            MemberLeft left = observer.log().awaitEvent(MemberLeft.class, gone.name(), TIMING.local());
            assertEquals(Optional.of(MemberState.DEAD), left.previousState());
            assertEquals(MemberLeft.Reason.LEFT, left.reason(), "why the force-left member left: " + left);
            MemberLeft atWitness = witness.log().awaitEvent(MemberLeft.class, gone.name(), TIMING.dissemination(MEMBERS));
            assertEquals(MemberLeft.Reason.LEFT, atWitness.reason(), "why it left, at the witness: " + atWitness);
            assertEquals(MemberState.LEFT, membership.member(gone.name()).orElseThrow().state());
            assertEquals(MemberState.ALIVE, membership.member(witness.name()).orElseThrow().state());
        }
    }
}
