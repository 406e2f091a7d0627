package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The {@code @Liveness} check named {@value GossamerHealth#NAME}: see the README. */
@Liveness
@ApplicationScoped
public class GossamerLivenessCheck implements HealthCheck {

    @Inject
    GossamerNode node;

    @Override
    public HealthCheckResponse call() {
        return GossamerHealth.liveness(node.status());
    }
}
