package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** The {@code @Startup} check named {@value GossamerHealth#NAME}: see the README. */
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
