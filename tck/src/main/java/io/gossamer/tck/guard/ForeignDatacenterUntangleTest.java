package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A member of another datacenter, guard off, learns of the deployment (guard on) from a bridge of
 * the deployment's datacenter whose guard is off too, and probes it: the deployment refuses, and
 * the foreign member removes it from its view without suspecting it, for good. The deployment
 * then announces itself again (new tags), and the bridge relays that: the foreign member must
 * refuse the record although its own guard is off.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ForeignDatacenterUntangleTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("guard-untangle", Deployments.node("guard-untangle", TIMING,
                Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "true")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [guard-untangle] A member of another datacenter that the deployment refuses records it LEFT
     * with FOREIGN_DATACENTER, not suspected first, within the failure-detection bound, and takes
     * no later record of it from gossip.
     */
    @Test
    public void theForeignMemberRefusedByTheDeploymentRemovesItForGood() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer bridge = peers.startAndJoin("bridge", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "false"),
                    TckPeer.seedOf(membership.localMember()));
            observer.log().awaitEvent(MemberJoined.class, bridge.name(), TIMING.join());

            // The TCP fallback probe is on: a probe's refusal counts only where it cannot be forged.
            TckPeer foreign = peers.startAndJoin("foreign", cluster, TIMING, Map.of(GossamerConfig.DATACENTER, "dc2",
                    GossamerConfig.GUARD_ENABLED, "false", GossamerConfig.DISABLE_TCP_PINGS, "false"), bridge.seed());
            MemberJoined learned = foreign.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());

            // The foreign member probes the deployment as it would probe a silent one.
            MemberLeft left = foreign.log().awaitEvent(MemberLeft.class, Deployments.NODE_NAME,
                    TIMING.untilSuspected(MEMBERS));
            assertEquals(MemberLeft.Reason.FOREIGN_DATACENTER, left.reason(), foreign.log().toString());
            assertEquals(Optional.of(MemberState.ALIVE), left.previousState(), foreign.log().toString());
            assertEquals(List.of(), foreign.log().about(Deployments.NODE_NAME, MemberSuspected.class),
                    foreign.log().toString());

            // The deployment announces itself again; the bridge records it and gossips it on.
            Futures.await(membership.updateTags(Map.of("after", "shed")), TIMING.local(), "the deployment's tags update");
            bridge.log().awaitEvent(MemberUpdated.class, Deployments.NODE_NAME, TIMING.dissemination(MEMBERS));
            Refusals.assertNoneDuring(foreign.log(), e -> isAbout(e) && e != learned && e != left,
                    TIMING.dissemination(MEMBERS), "the deployment again after it was removed");
            assertEquals(Optional.empty(), foreign.peer().members().stream()
                    .filter(m -> m.name().equals(Deployments.NODE_NAME) && m.state() != MemberState.LEFT).findFirst(),
                    "the deployment in the foreign member's view");
        }
    }

    private static boolean isAbout(MembershipEvent e) {
        return e.member().name().equals(Deployments.NODE_NAME);
    }
}
