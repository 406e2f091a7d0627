package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The {@code @Readiness} check named {@value GossamerHealth#NAME}: see the README. */
@Readiness
@ApplicationScoped
public class GossamerReadinessCheck implements HealthCheck {

    @Inject
    GossamerNode node;

    @Override
    public HealthCheckResponse call() {
        return GossamerHealth.readiness(node.status());
    }
}
