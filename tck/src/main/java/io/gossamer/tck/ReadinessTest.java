package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node that needs two alive members to be ready: not ready alone, ready once a peer joined,
 * not ready after it left.
 */
@ExtendWith(ArquillianExtension.class)
public class ReadinessTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        Map<String, String> config = new LinkedHashMap<>(Deployments.node("readiness", TIMING));
        config.put(GossamerConfig.READINESS_MIN_MEMBERS, "2");
        return Deployments.war("readiness", config, RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    /** [health-readiness] Readiness is DOWN below the minimum of alive members, UP at it, DOWN after leave(). */
    @Test
    public void readinessFollowsTheMinimumMembersAndLeave() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        assertEquals(HealthCheckResponse.Status.DOWN, status(), "ready alone, with min-members=2");
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("second", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, peer.name(), TIMING.dissemination(2));
            assertEquals(HealthCheckResponse.Status.UP, status(), "ready with two members alive");

            Futures.await(membership.leave(), TIMING.leave(), "leave");
            assertEquals(HealthCheckResponse.Status.DOWN, status(), "ready after leave()");
        }
    }

    private HealthCheckResponse.Status status() {
        return Health.call(readiness, "readiness").getStatus();
    }
}
