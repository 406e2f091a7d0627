package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The deployment's only seed is a port where nothing listens yet: the deployment starts anyway
 * and is not ready; a peer then starts at that port, and the deployment joins it by itself.
 */
@ExtendWith(ArquillianExtension.class)
public class SeedRetryTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Duration HALF_PROBE = TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2);
    private static final String SEED_PORT = "seed";

    @Deployment
    public static WebArchive deployment() {
        int port = Ports.reserve();
        Map<String, String> config = Deployments.node("seed-retry", TIMING,
                Map.of(GossamerConfig.SEEDS, Ports.seed(port)));
        return Ports.publish(Deployments.war("seed-retry", config, RecordingObserver.class), SEED_PORT, port);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    @Startup
    Instance<HealthCheck> startup;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    /**
     * [config-seeds] [health-startup] [health-readiness] A seed that did not answer is tried again
     * until it does: started after the first attempt, it is joined within the retry bound; startup
     * is UP after that first attempt while readiness stays DOWN until the join.
     */
    @Test
    public void aSeedThatStartsLaterIsJoined() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        // Startup UP means the first join attempt has finished: nothing listened at the seed.
        Health.awaitStatus(startup, "startup", Status.UP, HALF_PROBE, TIMING.local());
        assertEquals(Status.DOWN, Health.call(readiness, "readiness").getStatus(),
                "ready although its only seed never answered");
        assertEquals(1, membership.aliveMembers().size(), "alive members before the seed runs: " + membership.members());

        int port = Ports.published(SEED_PORT);
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer seed = peers.start("seed", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.BIND_PORT, Integer.toString(port)));
            assertEquals(port, seed.peer().localMember().port(), "the peer's port");

            observer.log().awaitEvent(MemberJoined.class, seed.name(), TIMING.seedRetry());
            seed.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(2));
            assertEquals(MemberState.ALIVE, membership.member(seed.name()).orElseThrow().state());
            Health.awaitStatus(readiness, "readiness", Status.UP, HALF_PROBE, TIMING.local());
        }
    }
}
