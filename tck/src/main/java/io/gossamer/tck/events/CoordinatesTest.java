package io.gossamer.tck.events;

import io.gossamer.Coordinate;
import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Poll;
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
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment and two peers probe each other: the deployment learns each peer's network
 * coordinate from its acks, estimates the round trip to it without probing (on one host, under a
 * second) and orders them nearest first; a peer with coordinates off is never given one.
 */
@ExtendWith(ArquillianExtension.class)
public class CoordinatesTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("coordinates", Deployments.node("coordinates", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [coordinates-member] [coordinates-rtt] [coordinates-nearest] [coordinates-distance]
     * [config-coordinates] The deployment has a coordinate from the start and, once it has probed
     * a peer, that peer's: the estimated round trip is the coordinates' distance, the same both
     * ways, and under a second on one host; nearestMembers() lists the peers, ordered by it. A peer
     * with {@code disable-coordinates=true} sends none: it is probed as often, and never has one.
     */
    @Test
    public void theDeploymentLearnsItsPeersCoordinatesByProbingThem() {
        String self = membership.localMember().name();
        assertTrue(membership.coordinate(self).isPresent(), "the local coordinate exists from the start");
        assertTrue(membership.coordinate("nobody").isEmpty(), "a coordinate for an unknown member");
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("peer-a", membership, TIMING);
            TckPeer b = peers.startAndJoin("peer-b", membership, TIMING);
            TckPeer blind = peers.startAndJoin("peer-blind", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.DISABLE_COORDINATES, "true"), TckPeer.seedOf(membership.localMember()));
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS + 1));
            // Each member probes every other within a probe round of n − 1 intervals; twice for slack.
            Duration rounds = TIMING.untilSuspected(MEMBERS + 1);
            Poll.until("coordinates of both peers", rounds, Duration.ofMillis(100),
                    () -> membership.coordinate(a.name()).isPresent() && membership.coordinate(b.name()).isPresent(),
                    () -> "known: a=" + membership.coordinate(a.name()) + " b=" + membership.coordinate(b.name()));

            for (TckPeer p : List.of(a, b)) {
                Coordinate local = membership.coordinate(self).orElseThrow();
                Coordinate theirs = membership.coordinate(p.name()).orElseThrow();
                Duration estimate = membership.estimatedRoundTrip(p.name()).orElseThrow();
                assertEquals(local.distanceTo(theirs), estimate, "the estimate is the distance of the coordinates");
                assertEquals(theirs.distanceTo(local), local.distanceTo(theirs), "distance is symmetric");
                assertTrue(estimate.compareTo(Duration.ofSeconds(1)) < 0, "estimate on one host: " + estimate);
                assertEquals(8, theirs.vector().size(), "dimensions of " + theirs);
            }
            List<Member> nearest = membership.nearestMembers();
            assertEquals(List.of(a.name(), b.name()).stream().sorted().toList(),
                    nearest.stream().map(Member::name).filter(n -> !n.equals(blind.name())).sorted().toList(),
                    "nearestMembers(): " + nearest);
            for (int i = 1; i < nearest.size(); i++) {
                Duration before = membership.estimatedRoundTrip(nearest.get(i - 1).name()).orElseThrow();
                Duration after = membership.estimatedRoundTrip(nearest.get(i).name()).orElseThrow();
                assertTrue(before.compareTo(after) <= 0, "nearest first: " + nearest);
            }
            // A probe round over the three peers, and then some: the blind peer has been probed too.
            Poll.holds("no coordinate for the peer with coordinates off",
                    TIMING.duration(GossamerConfig.PROBE_INTERVAL).multipliedBy(MEMBERS + 2), Duration.ofMillis(100),
                    () -> membership.coordinate(blind.name()).isEmpty(),
                    () -> "its coordinate: " + membership.coordinate(blind.name()));
            assertEquals(Optional.empty(), membership.coordinate(blind.name()),
                    "a coordinate of the peer with coordinates off");
            assertTrue(nearest.stream().noneMatch(m -> m.name().equals(blind.name())),
                    "the peer without a coordinate is not ordered: " + nearest);
        }
    }
}
