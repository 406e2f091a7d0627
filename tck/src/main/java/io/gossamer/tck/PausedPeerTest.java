package io.gossamer.tck;

import io.gossamer.MemberAlive;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer freezes, as in a long garbage-collection pause, until it is suspected, then runs again:
 * it refutes the suspicion and is never declared dead. The suspicion timeout is set long (a
 * suspicion multiplier of 10) so the test resumes the peer well before it could expire.
 */
@ExtendWith(ArquillianExtension.class)
public class PausedPeerTest {

    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(10);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("paused-peer", Deployments.node("paused-peer", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [events-refuted] A paused peer is suspected, then ALIVE again with a higher incarnation, never DEAD. */
    @Test
    public void aPausedPeerIsSuspectedThenAliveAgain() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer sleeper = peers.startAndJoin("sleeper", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, sleeper.name(), TIMING.dissemination(2));

            sleeper.peer().pause();
            MemberSuspected suspected;
            try {
                suspected = observer.log().awaitEvent(MemberSuspected.class, sleeper.name(), TIMING.untilSuspected(2));
            } finally {
                sleeper.peer().resume();
            }

            MemberAlive alive = observer.log().awaitEvent(MemberAlive.class, sleeper.name(),
                    TIMING.fromSuspectedToDead(2));
            assertTrue(alive.member().incarnation() > suspected.member().incarnation(),
                    "refutation incarnation " + alive.member().incarnation() + " after suspicion at "
                            + suspected.member().incarnation());
            assertEquals(MemberState.ALIVE, membership.member(sleeper.name()).orElseThrow().state());
            assertTrue(observer.log().about(sleeper.name(), MemberDead.class).isEmpty(),
                    "a refuted suspicion became a death: " + observer.log());
        }
    }
}
