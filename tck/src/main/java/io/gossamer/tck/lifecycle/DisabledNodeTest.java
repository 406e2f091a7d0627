package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A deployment with {@code gossamer.enabled=false}, configured otherwise as a running node would be
 * (a reserved bind port, a seed): nothing starts, the beans refuse to act, health holds nothing back.
 */
@ExtendWith(ArquillianExtension.class)
public class DisabledNodeTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String BIND_PORT = "bind";

    @Deployment
    public static WebArchive deployment() {
        int port = Ports.reserve();
        Map<String, String> config = Deployments.node("disabled", TIMING, Map.of(
                GossamerConfig.ENABLED, "false",
                GossamerConfig.BIND_PORT, Integer.toString(port),
                // A seed that would be joined at once, were the node started: the deployment itself.
                GossamerConfig.SEEDS, Ports.seed(port)));
        return Ports.publish(Deployments.war("disabled", config, RecordingObserver.class, UnusableMembership.class),
                BIND_PORT, port);
    }

    @Inject
    Membership membership;

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

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

    /**
     * [config-enabled] A disabled node binds nothing and delivers no event; every method of both
     * Membership beans fails with IllegalStateException; the three health checks are UP.
     */
    @Test
    public void aDisabledNodeDoesNotStart() {
        // The node would have delivered its own join within this bound.
        observer.log().assertNoneWithin(0, "a membership event delivered by a disabled node", TIMING.local(), e -> true);
        int port = Ports.published(BIND_PORT);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(address);
            udp.bind(address);
        } catch (IOException e) {
            fail("the disabled node's port " + port + " is taken: " + e, e);
        }

        UnusableMembership.assertEveryMethodFails(membership, "the LAN Membership bean", TIMING.local());
        UnusableMembership.assertEveryMethodFails(wan, "the WAN Membership bean", TIMING.local());

        assertEquals(Status.UP, Health.call(liveness, "liveness").getStatus(), "liveness of a disabled node");
        assertEquals(Status.UP, Health.call(readiness, "readiness").getStatus(), "readiness of a disabled node");
        assertEquals(Status.UP, Health.call(startup, "startup").getStatus(), "startup of a disabled node");
    }
}
