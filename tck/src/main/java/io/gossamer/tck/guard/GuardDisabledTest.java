package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
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
 * The guard is off on the deployment and on a node of another datacenter, as while a mixed pool is
 * being migrated: the node joins and each records the other. A node of another cluster is still
 * refused.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class GuardDisabledTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("guard-disabled", Deployments.node("guard-disabled", TIMING,
                Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "false")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [guard-disabled] With the guard off on both, a member of another datacenter joins and each
     * side records the other ALIVE; a member of another cluster is still refused with FOREIGN_CLUSTER.
     */
    @Test
    public void withTheGuardOffAMemberOfAnotherDatacenterJoins() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer stranger = peers.start("stranger", "other-" + cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "false"));
            Refusals.assertRefused(stranger.peer().join(List.of(TckPeer.seedOf(membership.localMember()))),
                    RefusalReason.FOREIGN_CLUSTER, TIMING.join(), "join from another cluster, guards off");

            TckPeer foreign = peers.startAndJoin("foreign", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc2", GossamerConfig.GUARD_ENABLED, "false"),
                    TckPeer.seedOf(membership.localMember()));

            MemberJoined joined = observer.log().awaitEvent(MemberJoined.class, foreign.name(), TIMING.join());
            assertEquals("dc2", joined.member().datacenter(), "the datacenter the deployment recorded");
            foreign.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
            assertEquals(MemberState.ALIVE, membership.member(foreign.name()).orElseThrow().state());
            assertEquals(MemberState.ALIVE, foreign.peer().members().stream()
                    .filter(m -> m.name().equals(Deployments.NODE_NAME)).findFirst().orElseThrow().state());
            Refusals.assertNothingAbout(observer.log(), stranger.name());
        }
    }
}
