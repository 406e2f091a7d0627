package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness check {@code gossamer}: up while the protocol's event loop keeps running (its heartbeat
 * is at most 5 s old) and the local health score is not the worst. It never depends on how many
 * members are alive, so a network partition does not get every node restarted. The event loop
 * runs both pools of a server; the health score is the LAN pool's. Data: the state, the health
 * score and its worst value, the heartbeat's age; a server adds its WAN pool's health score.
 */
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
