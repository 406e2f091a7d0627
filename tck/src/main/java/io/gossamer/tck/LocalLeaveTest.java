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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application calls {@code Membership.leave()}: its peers record it LEFT. */
@ExtendWith(ArquillianExtension.class)
public class LocalLeaveTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("local-leave", Deployments.node("local-leave", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-leave] [events-left-reason] [cluster-events-send] After {@code leave()} completes,
     * every peer records the deployment LEFT, with reason {@code LEFT}, never suspected nor dead; the
     * deployment can send no cluster event any more ({@link IllegalStateException}).
     */
    @Test
    public void peersRecordTheDeploymentLeft() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("peer-a", membership, TIMING);
            TckPeer b = peers.startAndJoin("peer-b", membership, TIMING);
            for (TckPeer p : List.of(a, b)) {
                p.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(MEMBERS));
            }

            Futures.await(membership.leave(), TIMING.leave(), "leave()");

            for (TckPeer p : List.of(a, b)) {
                MemberLeft left = p.log().awaitEvent(MemberLeft.class, Deployments.NODE_NAME, TIMING.dissemination(MEMBERS));
                assertEquals(MemberState.LEFT, left.member().state());
                assertEquals(MemberLeft.Reason.LEFT, left.reason(), "why the deployment left, at " + p.name() + ": " + left);
                assertTrue(p.log().about(Deployments.NODE_NAME, MemberSuspected.class).isEmpty()
                        && p.log().about(Deployments.NODE_NAME, MemberDead.class).isEmpty(),
                        "a graceful leave was taken for a failure: " + p.log());
            }
            Throwable refused = Futures.awaitFailure(membership.sendEvent("after-leave", new byte[0]), TIMING.local(),
                    "sendEvent after leave()");
            assertInstanceOf(IllegalStateException.class, refused, "sendEvent after leave()");
        }
    }
}
