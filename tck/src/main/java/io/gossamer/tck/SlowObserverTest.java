package io.gossamer.tck;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.SlowObserver;
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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An observer blocks over a peer's join for longer than the peer would tolerate silence from the
 * deployment. If observers ran on the protocol's thread the peer would suspect the deployment.
 */
@ExtendWith(ArquillianExtension.class)
public class SlowObserverTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("slow-observer", Deployments.node("slow-observer", TIMING),
                RecordingObserver.class, SlowObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    SlowObserver slow;

    /** [events-not-on-protocol-thread] While an observer blocks, the deployment keeps answering: the peer never suspects it. */
    @Test
    public void aSlowObserverDoesNotDelayTheProtocol() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("prober", membership, TIMING);
            slow.done().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2).plus(SlowObserver.BLOCK));

            // A fence: news the deployment sends after the block reaches the peer after anything
            // the peer concluded about the deployment during it.
            Futures.await(membership.updateTags(Map.of("after", "block")), TIMING.local(), "updateTags");
            peer.log().await("news of the deployment's new tags", TIMING.dissemination(2), events -> events.stream()
                    .anyMatch(e -> e.member().name().equals(Deployments.NODE_NAME) && e.member().tags().containsKey("after")));
            assertEquals(0, peer.log().about(Deployments.NODE_NAME, MemberSuspected.class).size()
                    + peer.log().about(Deployments.NODE_NAME, MemberDead.class).size(),
                    "the peer doubted the deployment while an observer blocked: " + peer.log());
        }
    }
}
