package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberState;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Locale;

/** The checks' shared logic; the check beans only carry the MP Health qualifiers. */
final class GossamerHealth {

    /** The name of every Gossamer check. */
    static final String NAME = "gossamer";

    /** The event loop runs a heartbeat timer every 500 ms; this much silence means it is stuck. */
    static final long HEARTBEAT_STALE_MS = 5_000;

    private GossamerHealth() {
    }

    private static HealthCheckResponseBuilder builder(GossamerNode.Status s) {
        return HealthCheckResponse.named(NAME).withData("state", s.phase().name().toLowerCase(Locale.ROOT));
    }

    private static boolean disabled(GossamerNode.Status s) {
        return s.phase() == GossamerNode.Phase.DISABLED;
    }

    private static boolean running(GossamerNode.Status s) {
        return s.phase() == GossamerNode.Phase.RUNNING || s.phase() == GossamerNode.Phase.LEFT;
    }

    /**
     * Up while the protocol's event loop keeps running its heartbeat and the local health score
     * is not at its worst. Cluster size plays no part: a partition must not restart every node.
     */
    static HealthCheckResponse liveness(GossamerNode.Status s) {
        HealthCheckResponseBuilder b = builder(s);
        if (disabled(s) || s.phase() == GossamerNode.Phase.NOT_STARTED) {
            return b.up().build();
        }
        if (!running(s)) {
            return b.down().build();
        }
        int worst = s.settings().orElseThrow().awarenessMaxMultiplier() - 1;
        boolean beating = s.heartbeatAgeMs() <= HEARTBEAT_STALE_MS;
        // With awareness-max-multiplier=1 the score is always 0, which is then no sign of trouble.
        boolean healthy = worst == 0 || s.healthScore() < worst;
        return b.status(beating && healthy)
                .withData("health-score", s.healthScore())
                .withData("health-score-worst", worst)
                .withData("heartbeat-age-ms", s.heartbeatAgeMs())
                .build();
    }

    /**
     * Up once joined (a join succeeded, a peer joined this node, or no seeds are configured)
     * with at least {@value GossamerConfig#READINESS_MIN_MEMBERS} members alive, the local one
     * included.
     */
    static HealthCheckResponse readiness(GossamerNode.Status s) {
        HealthCheckResponseBuilder b = builder(s);
        if (disabled(s)) {
            return b.up().build();
        }
        if (s.phase() != GossamerNode.Phase.RUNNING) {
            return b.down().build();
        }
        GossamerSettings settings = s.settings().orElseThrow();
        long alive = 0;
        long suspect = 0;
        long dead = 0;
        long left = 0;
        for (Member m : s.members()) {
            if (m.state() == MemberState.ALIVE) {
                alive++;
            } else if (m.state() == MemberState.SUSPECT) {
                suspect++;
            } else if (m.state() == MemberState.DEAD) {
                dead++;
            } else {
                left++;
            }
        }
        return b.status(s.joined() && alive >= settings.readinessMinMembers())
                .withData("cluster", settings.cluster())
                .withData("datacenter", settings.datacenter())
                .withData("joined", s.joined())
                .withData("alive", alive)
                .withData("suspect", suspect)
                .withData("dead", dead)
                .withData("left", left)
                .withData("min-members", settings.readinessMinMembers())
                .build();
    }

    /** Up once the sockets are bound and the first join attempt has finished (at once without seeds). */
    static HealthCheckResponse startup(GossamerNode.Status s) {
        HealthCheckResponseBuilder b = builder(s);
        if (disabled(s)) {
            return b.up().build();
        }
        return b.status(running(s) && s.firstJoinDone()).withData("first-join-done", s.firstJoinDone()).build();
    }
}
