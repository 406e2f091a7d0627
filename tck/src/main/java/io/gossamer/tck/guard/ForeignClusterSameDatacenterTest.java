package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Refusals;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node of another cluster whose datacenter has the same name joins the deployment (consul #4074:
 * two clusters that both called their datacenter {@code dc1} merged).
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ForeignClusterSameDatacenterTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("foreign-cluster", Deployments.node("foreign-cluster", TIMING,
                Map.of(GossamerConfig.DATACENTER, "dc1")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [guard-foreign-cluster] The join fails with FOREIGN_CLUSTER and neither side records the other. */
    @Test
    public void aMemberOfAnotherClusterWithTheSameDatacenterNameIsRefused() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer stranger = peers.start("stranger", "other-" + membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc1"));
            Refusals.assertRefused(stranger.peer().join(List.of(TckPeer.seedOf(membership.localMember()))),
                    RefusalReason.FOREIGN_CLUSTER, TIMING.join(), "join from another cluster");

            TckPeer friend = peers.startAndJoin("friend", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, friend.name(), TIMING.dissemination(2));

            Refusals.assertNothingAbout(observer.log(), stranger.name());
            assertEquals(List.of(stranger.name()), Refusals.names(stranger, Pool.LAN), "the stranger's view");
            Refusals.assertNothingAbout(stranger.log(), Deployments.NODE_NAME);
        }
    }
}
