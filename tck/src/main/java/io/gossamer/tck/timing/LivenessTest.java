package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

/**
 * Every peer of the deployment stops answering, so its probes fail without nacks and its local
 * health falls to the worst: liveness goes DOWN; the peers answer again, and it comes back UP.
 * Local health's worst is one step here (local-health-max-multiplier 2); a long suspicion keeps
 * the peers from being declared dead meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
public class LivenessTest {

    private static final int MEMBERS = 3;
    /** The bounds assume the standard multiplier (4), longer than the deployment's (2). */
    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(10);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("liveness", Deployments.node("liveness", TIMING,
                Map.of(GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER, "2")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    /**
     * [health-liveness] Liveness is DOWN while the node's local health is at its worst, and UP
     * again once probes are answered.
     */
    @Test
    public void livenessFollowsLocalHealth() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("a", membership, TIMING);
            TckPeer b = peers.startAndJoin("b", membership, TIMING);
            observer.log().await(MEMBERS + " members alive", TIMING.dissemination(MEMBERS),
                    events -> membership.aliveMembers().size() == MEMBERS);
            assertLiveness(HealthCheckResponse.Status.UP, TIMING.local());

            a.peer().pause();
            b.peer().pause();
            assertLiveness(HealthCheckResponse.Status.DOWN, TIMING.untilSuspected(MEMBERS));

            a.peer().resume();
            b.peer().resume();
            assertLiveness(HealthCheckResponse.Status.UP, TIMING.untilSuspected(MEMBERS));
        }
    }

    private void assertLiveness(HealthCheckResponse.Status status, Duration within) {
        Health.awaitStatus(liveness, "liveness", status, TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2),
                within);
    }
}
