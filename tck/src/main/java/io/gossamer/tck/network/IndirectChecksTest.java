package io.gossamer.tck.network;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.Relay;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer behind a relay that drops every datagram the deployment sends it, while a helper still
 * reaches it: the deployment (one indirect check, no TCP pings) probes it through the helper and
 * never suspects it. Once the helper crashes, nothing reaches the peer from the deployment and it
 * is suspected, which shows that the helper was what kept it alive. The probe interval is a
 * second, so the relayed answer has 800 ms after the probe timeout on a loaded machine.
 */
@ExtendWith(ArquillianExtension.class)
public class IndirectChecksTest {

    private static final TckTiming TIMING = TckTiming.standard().withProbeInterval(Duration.ofSeconds(1));

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("indirect-checks", Deployments.node("indirect-checks", TIMING, Map.of(
                GossamerConfig.INDIRECT_CHECKS, "1",
                GossamerConfig.DISABLE_TCP_PINGS, "true")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-indirect-checks] A member that the node's datagrams no longer reach, but another
     * member's do, is probed through that member and not suspected; without a member to relay
     * through it is suspected.
     */
    @Test
    public void aMemberReachedThroughAnotherIsNotSuspected() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = Ports.seed(membership.localMember().port());
        int port = Ports.reserve();
        try (Relay relay = Relay.start(port); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", cluster, TIMING, relay.nodeBehind(), seed);
            TckPeer helper = peers.startAndJoin("helper", cluster, TIMING, seed);
            peers.awaitMesh(observer.log(), TIMING.dissemination(3));
            assertEquals(relay.port(), membership.member("t").orElseThrow().port(), "t's port at the deployment");

            relay.dropFrom(membership.localMember().port());
            long forwarded = relay.datagramsToTarget();
            int mark = observer.log().size();
            observer.log().assertNoneWithin(mark, "t suspected although the helper reaches it",
                    TIMING.untilSuspected(3), e -> e instanceof MemberSuspected && e.member().name().equals("t"));
            assertTrue(relay.datagramsDropped() > 0, "no datagram of the deployment was sent to t meanwhile: " + relay);
            assertTrue(relay.datagramsToTarget() > forwarded, "no datagram reached t meanwhile: " + relay);

            // Fence: t's news still reaches the deployment, so the silence above was not a stalled log.
            Futures.await(t.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "t's tags update");
            observer.log().awaitTag(mark, "t", "fence", "1", TIMING.dissemination(3));
            assertTrue(observer.log().about("t", MemberSuspected.class).isEmpty(),
                    "t suspected although the helper reaches it: " + observer.log());
            assertEquals(MemberState.ALIVE, membership.member("t").orElseThrow().state());

            helper.peer().crash();
            observer.log().await("t suspected once no member can relay to it", TIMING.untilSuspected(3),
                    events -> events.subList(mark, events.size()).stream().anyMatch(e -> e instanceof MemberSuspected
                            && e.member().name().equals("t")));
        }
    }
}
