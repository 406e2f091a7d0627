package io.gossamer.tck;

import io.gossamer.MemberJoined;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running node without seeds: its three checks exist by name and report UP. */
@ExtendWith(ArquillianExtension.class)
public class HealthChecksTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("health-checks", Deployments.node("health-checks", TIMING), RecordingObserver.class);
    }

    @Inject
    RecordingObserver observer;

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Startup
    Instance<HealthCheck> startup;

    /** [health-liveness] A liveness check named gossamer is UP while the node runs. */
    @Test
    public void livenessIsUpWhileRunning() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        assertEquals(HealthCheckResponse.Status.UP, Health.call(liveness, "liveness").getStatus());
    }

    /** [health-readiness] A readiness check named gossamer is UP for a running node configured without seeds. */
    @Test
    public void readinessIsUpWithoutSeeds() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        assertEquals(HealthCheckResponse.Status.UP, Health.call(readiness, "readiness").getStatus());
    }

    /** [health-startup] A startup check named gossamer is UP once the node has started and, without seeds, finished joining. */
    @Test
    public void startupIsUpOnceStarted() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        assertEquals(HealthCheckResponse.Status.UP, Health.call(startup, "startup").getStatus());
    }
}
