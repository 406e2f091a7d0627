package io.gossamer.tck.network;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Poll;
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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment binds one reserved port and advertises another, where the test runs a relay to
 * the first: a peer joins through the advertised port, records the deployment there, and reaches
 * it there both ways.
 */
@ExtendWith(ArquillianExtension.class)
public class AdvertisedAddressTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String BOUND = "bound";
    private static final String ADVERTISED = "advertised";

    @Deployment
    public static WebArchive deployment() {
        int bound = Ports.reserve();
        int advertised = Ports.reserve();
        Map<String, String> config = Deployments.node("advertised-address", TIMING, Map.of(
                GossamerConfig.BIND_PORT, Integer.toString(bound),
                GossamerConfig.ADVERTISE_ADDRESS, "127.0.0.1",
                GossamerConfig.ADVERTISE_PORT, Integer.toString(advertised)));
        WebArchive war = Deployments.war("advertised-address", config, RecordingObserver.class);
        return Ports.publish(Ports.publish(war, BOUND, bound), ADVERTISED, advertised);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-advertise] A node is recorded, by itself and by the members that join it, at its
     * advertised address and port, and other members reach it there.
     */
    @Test
    public void peersReachTheDeploymentAtItsAdvertisedPort() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        int advertised = Ports.published(ADVERTISED);
        Member self = membership.localMember();
        assertEquals("127.0.0.1", self.address(), "the deployment's own address");
        assertEquals(advertised, self.port(), "the deployment's own port");

        try (Relay relay = Relay.start(advertised, Ports.published(BOUND)); PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("peer", self.cluster(), TIMING, Ports.seed(advertised));
            assertTrue(relay.streamsForwarded() > 0, "the join did not pass the advertised port: " + relay);
            peer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(2));
            Member seen = peer.peer().members().stream()
                    .filter(m -> m.name().equals(Deployments.NODE_NAME)).findFirst().orElseThrow();
            assertEquals("127.0.0.1", seen.address(), "the deployment's address at the peer");
            assertEquals(advertised, seen.port(), "the deployment's port at the peer");
            observer.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2));

            // The peer probes its only other member at the address it recorded: within the
            // suspicion bound, datagrams pass the relay both ways, and the deployment stays alive.
            Poll.until("datagrams through the advertised port both ways", TIMING.untilSuspected(2),
                    TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2),
                    () -> relay.datagramsToTarget() > 0 && relay.datagramsFromTarget() > 0, relay::toString);
            assertTrue(peer.log().about(Deployments.NODE_NAME, MemberSuspected.class).isEmpty(),
                    "the peer suspected the deployment reached at its advertised port: " + peer.log() + "\n" + relay);
        }
    }
}
