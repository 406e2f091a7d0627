package io.gossamer.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code gossamer}: up once the node has joined its LAN pool (a seed answered, a
 * peer joined it, or there are no seeds) and at least {@code gossamer.readiness.min-members} LAN
 * members are alive, the local one included; down after {@link io.gossamer.Membership#leave()} of
 * the LAN pool; down while the node's peers hold it damped (it keeps refuting suspicions of
 * itself: a lossy link or a stalling process), with the reason in {@code local-damped-reason}; down
 * once a later process under this node's name took the name over ({@code name-taken-by}). Data:
 * cluster, datacenter, role, whether joined, whether damped ({@code local-damped}), and the alive,
 * suspect, dead, left and damped counts; while not joined after a failed attempt, the attempts so
 * far and the wait before the next and, if a seed refused the join, the reason, the seed and its
 * own description ({@code join-refused}, {@code join-refused-by}, {@code join-refused-detail}). A
 * server adds the same of its WAN pool ({@code wan-*}), which never changes the status (see
 * {@link GossamerHealth}).
 */
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
