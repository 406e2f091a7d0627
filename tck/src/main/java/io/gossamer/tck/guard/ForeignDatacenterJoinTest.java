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

/** A LAN member of another datacenter joins the deployment's LAN pool, as a wrong seed list would make it. */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ForeignDatacenterJoinTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("foreign-datacenter", Deployments.node("foreign-datacenter", TIMING,
                Map.of(GossamerConfig.DATACENTER, "tck-dc1")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [guard-foreign-datacenter] The join fails with FOREIGN_DATACENTER and neither side records the other. */
    @Test
    public void aMemberOfAnotherDatacenterIsRefused() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer stranger = peers.start("stranger", cluster, TIMING, Map.of(GossamerConfig.DATACENTER, "tck-dc2"));
            Refusals.assertRefused(stranger.peer().join(List.of(TckPeer.seedOf(membership.localMember()))),
                    RefusalReason.FOREIGN_DATACENTER, TIMING.join(), "join from another datacenter");

            // A fence: a member of the deployment's datacenter joins after the stranger tried.
            TckPeer friend = peers.start("friend", cluster, TIMING, Map.of(GossamerConfig.DATACENTER, "tck-dc1"));
            friend.peer().join(List.of(TckPeer.seedOf(membership.localMember())));
            observer.log().awaitEvent(MemberJoined.class, friend.name(), TIMING.join());

            Refusals.assertNothingAbout(observer.log(), stranger.name());
            assertEquals(List.of(stranger.name()), Refusals.names(stranger, Pool.LAN), "the stranger's view");
            Refusals.assertNothingAbout(stranger.log(), Deployments.NODE_NAME);
        }
    }
}
