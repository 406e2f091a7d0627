package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
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
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The deployment is a server whose only WAN seed is a port where nothing listens yet (it has no
 * LAN seed): it is ready all the same, and once a server of another datacenter starts its WAN pool
 * at that port, the deployment's WAN pool joins it by itself.
 */
@ExtendWith(ArquillianExtension.class)
public class WanSeedRetryTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Duration HALF_PROBE = TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2);
    private static final String WAN_SEED_PORT = "wan-seed";

    @Deployment
    public static WebArchive deployment() {
        int port = Ports.reserve();
        Map<String, String> extra = new HashMap<>(Deployments.server());
        extra.put(GossamerConfig.WAN_SEEDS, Ports.seed(port));
        return Ports.publish(Deployments.war("wan-seed-retry", Deployments.node("wan-seed-retry", TIMING, extra),
                RecordingObserver.class), WAN_SEED_PORT, port);
    }

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    @Inject
    @Startup
    Instance<HealthCheck> startup;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    /**
     * [config-seeds] [health-lan-only] A WAN seed that did not answer is tried again until it does,
     * as LAN seeds are; meanwhile the WAN pool, alone, holds neither startup nor readiness back.
     */
    @Test
    public void aWanSeedThatStartsLaterIsJoined() {
        String self = wan.localMember().name();
        observer.log().awaitEvent(MemberJoined.class, self, TIMING.local());
        Health.awaitStatus(startup, "startup", Status.UP, HALF_PROBE, TIMING.local());
        Health.awaitStatus(readiness, "readiness", Status.UP, HALF_PROBE, TIMING.local());
        assertEquals(1, wan.aliveMembers().size(), "alive WAN members before the seed runs: " + wan.members());

        int port = Ports.published(WAN_SEED_PORT);
        try (PeerGroup peers = new PeerGroup()) {
            Map<String, String> away = new HashMap<>(Deployments.server());
            away.put(GossamerConfig.DATACENTER, "dc2");
            away.put(GossamerConfig.WAN_BIND_PORT, Integer.toString(port));
            TckPeer seed = peers.start("wan-seed", wan.localMember().cluster(), TIMING, away);
            String seedWan = seed.peer().localMember(Pool.WAN).name();
            assertEquals(port, seed.peer().localMember(Pool.WAN).port(), "the peer's WAN port");

            // The retry schedule is the API's, the same for both pools; it dominates the bound.
            MemberJoined joined = observer.log().awaitEvent(MemberJoined.class, seedWan, TIMING.seedRetry());
            assertEquals(Pool.WAN, joined.pool(), "pool of " + joined);
            seed.log().awaitEvent(MemberJoined.class, self, TIMING.dissemination(2));
            assertEquals(Status.UP, Health.call(readiness, "readiness").getStatus(), "readiness after the WAN join");
        }
    }
}
