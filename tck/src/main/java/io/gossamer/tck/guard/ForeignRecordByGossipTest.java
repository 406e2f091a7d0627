package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
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

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member of the deployment's datacenter with its guard off (a bridge) lets in a member of another
 * datacenter, and gossips about it: the deployment, guard on, must refuse that record although it
 * never joined the foreign member itself. The periodic state exchange is a minute, longer than
 * any wait here, so the record can only arrive by gossip.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ForeignRecordByGossipTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("guard-gossip", Deployments.node("guard-gossip", TIMING,
                Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "true")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [guard-records] A record of another datacenter's member gossiped by a member whose guard is
     * off is refused: the deployment never records it and {@code member(name)} stays empty.
     */
    @Test
    public void aForeignMemberGossipedByABridgeIsNeverRecorded() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer bridge = peers.startAndJoin("bridge", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "false"),
                    TckPeer.seedOf(membership.localMember()));
            observer.log().awaitEvent(MemberJoined.class, bridge.name(), TIMING.join());

            TckPeer foreign = peers.startAndJoin("foreign", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc2", GossamerConfig.GUARD_ENABLED, "false"),
                    bridge.seed());
            bridge.log().awaitEvent(MemberJoined.class, foreign.name(), TIMING.local());

            // The bridge's news of the foreign member reaches every member within this bound: a
            // deployment that took the record would record the member within it.
            Refusals.assertNoneDuring(observer.log(), e -> e.member().name().equals(foreign.name()),
                    TIMING.dissemination(MEMBERS), "the foreign member");

            // A fence: news the bridge sends after the foreign member's arrived.
            Futures.await(bridge.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "the bridge's tags update");
            observer.log().awaitEvent(MemberUpdated.class, bridge.name(), TIMING.dissemination(MEMBERS));

            Refusals.assertNothingAbout(observer.log(), foreign.name());
            assertEquals(Optional.empty(), membership.member(foreign.name()), "member(" + foreign.name() + ")");
            assertTrue(membership.members().stream().map(Member::name).noneMatch(foreign.name()::equals),
                    "members(): " + membership.members());
        }
    }
}
