package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberJoined;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer configured with another cluster name joins through the deployment's address, as a
 * mistyped seed list would make it: the join fails and neither side records the other.
 */
@ExtendWith(ArquillianExtension.class)
public class ClusterIsolationTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("cluster-isolation", Deployments.node("cluster-isolation", TIMING),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [config-cluster-isolation] A join from another cluster fails, and neither node ever records the other. */
    @Test
    public void nodesOfAnotherClusterAreNeverSeen() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer stranger = peers.start("stranger", "other-" + cluster, TIMING);
            Futures.awaitFailure(stranger.peer().join(List.of(seed)), TIMING.join(), "join from another cluster");

            // A fence: a member of the right cluster joins after the stranger tried; once the
            // deployment has recorded it, anything it made of the stranger would be recorded too.
            TckPeer friend = peers.startAndJoin("friend", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, friend.name(), TIMING.dissemination(2));
            friend.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(2));

            assertEquals(List.of(), observer.log().about(stranger.name()), "the deployment recorded the stranger");
            assertTrue(membership.member(stranger.name()).isEmpty(), "view: " + membership.members());
            assertEquals(List.of(stranger.name()), stranger.peer().members().stream().map(Member::name).toList(),
                    "the stranger's view");
            assertEquals(List.of(), stranger.log().about(Deployments.NODE_NAME), "the stranger recorded the deployment");
            assertEquals(List.of(), friend.log().about(stranger.name()), "the friend recorded the stranger");
        }
    }
}
