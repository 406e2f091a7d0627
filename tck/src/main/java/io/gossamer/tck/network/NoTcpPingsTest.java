package io.gossamer.tck.network;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link TcpPingsTest} with TCP pings off on the deployment: the peer whose datagrams are lost is
 * suspected, although it would answer over a stream.
 */
@ExtendWith(ArquillianExtension.class)
public class NoTcpPingsTest {

    private static final TckTiming TIMING = TckTiming.standard().withProbeInterval(Duration.ofSeconds(1));

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("no-tcp-pings", Deployments.node("no-tcp-pings", TIMING, Map.of(
                GossamerConfig.INDIRECT_CHECKS, "0",
                GossamerConfig.DISABLE_TCP_PINGS, "true")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [config-tcp-pings] With TCP pings off and no indirect checks, a member whose datagrams are lost is suspected. */
    @Test
    public void withoutTcpPingsAMemberWhoseDatagramsAreLostIsSuspected() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        int port = Ports.reserve();
        try (Relay relay = Relay.start(port); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", membership.localMember().cluster(), TIMING, relay.nodeBehind(),
                    Ports.seed(membership.localMember().port()));
            peers.awaitMesh(observer.log(), TIMING.dissemination(2));
            assertEquals(relay.port(), membership.member("t").orElseThrow().port(), "t's port at the deployment");

            assertEquals(List.of(), observer.log().about("t", MemberSuspected.class), "t suspected before its datagrams were lost");
            relay.dropUdp(true);
            observer.log().awaitEvent(MemberSuspected.class, "t", TIMING.untilSuspected(2));
        }
    }
}
