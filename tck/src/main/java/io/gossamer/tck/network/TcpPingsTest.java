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
 * A peer behind a relay that drops every datagram, the deployment probing it with TCP pings on and
 * no indirect checks: the peer answers over streams, and is never suspected. The probe interval
 * is a second, so the stream's answer has 800 ms after the probe timeout on a loaded machine.
 */
@ExtendWith(ArquillianExtension.class)
public class TcpPingsTest {

    private static final TckTiming TIMING = TckTiming.standard().withProbeInterval(Duration.ofSeconds(1));

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("tcp-pings", Deployments.node("tcp-pings", TIMING, Map.of(
                GossamerConfig.INDIRECT_CHECKS, "0",
                GossamerConfig.DISABLE_TCP_PINGS, "false")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-tcp-pings] A member whose datagrams are all lost but that answers probes over a
     * stream is not suspected.
     */
    @Test
    public void aMemberAnsweringOverStreamsIsNotSuspected() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        int port = Ports.reserve();
        try (Relay relay = Relay.start(port); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", membership.localMember().cluster(), TIMING, relay.nodeBehind(),
                    Ports.seed(membership.localMember().port()));
            peers.awaitMesh(observer.log(), TIMING.dissemination(2));
            assertEquals(relay.port(), membership.member("t").orElseThrow().port(), "t's port at the deployment");

            relay.dropUdp(true);
            long streams = relay.streamsForwarded();
            int mark = observer.log().size();
            observer.log().assertNoneWithin(mark, "t suspected although it answers over streams",
                    TIMING.untilSuspected(2), e -> e instanceof MemberSuspected && e.member().name().equals("t"));
            assertTrue(relay.datagramsDropped() > 0, "no datagram was sent to t meanwhile: " + relay);
            assertTrue(relay.streamsForwarded() > streams, "no probe reached t over a stream: " + relay);

            // Fence: t's news still reaches the deployment, so the silence above was not a stalled log.
            Futures.await(t.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "t's tags update");
            observer.log().awaitTag(mark, "t", "fence", "1", TIMING.dissemination(2));
            assertTrue(observer.log().about("t", MemberSuspected.class).isEmpty(),
                    "t suspected although it answers over streams: " + observer.log());
            assertEquals(MemberState.ALIVE, membership.member("t").orElseThrow().state());
        }
    }
}
