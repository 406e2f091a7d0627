package io.gossamer.tck;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer leaves gracefully and stops: it is LEFT, never suspected nor dead. */
@ExtendWith(ArquillianExtension.class)
public class LeavingPeerTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("leaving-peer", Deployments.node("leaving-peer", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [events-suspect-before-dead] [events-left-reason] A peer that leaves is one {@code MemberLeft}
     * with reason {@code LEFT}, here and at another peer, with no suspicion and no death.
     */
    @Test
    public void aPeerThatLeavesIsLeftNotDead() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer leaver = peers.startAndJoin("leaver", membership, TIMING);
            TckPeer stayer = peers.startAndJoin("stayer", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, leaver.name(), TIMING.dissemination(3));

            Futures.await(leaver.peer().leave(), TIMING.leave(), "leave of " + leaver.name());
            // Gone for good once leave() completed: only the news it spread can tell the others.
            leaver.peer().crash();

            MemberLeft left = observer.log().awaitEvent(MemberLeft.class, leaver.name(), TIMING.dissemination(3));
            assertEquals(MemberState.LEFT, left.member().state());
            assertEquals(MemberLeft.Reason.LEFT, left.reason(), "why the leaver left: " + left);
            assertEquals(MemberState.LEFT, membership.member(leaver.name()).orElseThrow().state());
            MemberLeft atStayer = stayer.log().awaitEvent(MemberLeft.class, leaver.name(), TIMING.dissemination(3));
            assertEquals(MemberLeft.Reason.LEFT, atStayer.reason(), "why the leaver left, at the stayer: " + atStayer);
            assertTrue(observer.log().about(leaver.name(), MemberSuspected.class).isEmpty()
                    && observer.log().about(leaver.name(), MemberDead.class).isEmpty(),
                    "a graceful leave was taken for a failure: " + observer.log());
            assertEquals(1, observer.log().about(leaver.name(), MemberLeft.class).size(), "leaves: " + observer.log());
        }
    }
}
