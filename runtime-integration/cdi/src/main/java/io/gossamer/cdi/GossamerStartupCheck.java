package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup check {@code gossamer}: up once the sockets of every pool are bound and the LAN pool's
 * first join attempt has finished, successful or not (at once when there are no seeds). A server
 * adds whether its WAN pool's first join attempt has finished, without waiting for it.
 */
@Startup
@ApplicationScoped
public class GossamerStartupCheck implements HealthCheck {

    @Inject
    GossamerNode node;

    @Override
    public HealthCheckResponse call() {
        return GossamerHealth.startup(node.status());
    }
}
