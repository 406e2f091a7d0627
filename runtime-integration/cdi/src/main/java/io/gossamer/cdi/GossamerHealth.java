package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.swim.config.Settings;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.List;
import java.util.Locale;

/**
 * The checks' shared logic; the check beans only carry the MP Health qualifiers.
 *
 * <p>The status of every check is the LAN pool's. A server's WAN pool adds data ({@code wan-*})
 * and never changes a status: a server cut off from the other datacenters still serves its own,
 * as a Consul server does, and taking it out of its load balancer or restarting it would not
 * bring the WAN links back.
 */
final class GossamerHealth {

    /** The name of every Gossamer check. */
    static final String NAME = "gossamer";

    /** Why readiness is DOWN while the node's peers hold it damped. */
    static final String DAMPED_REASON = "damped: this node keeps refuting suspicions of itself (a lossy link or"
            + " a stalling process), so its peers hold it DAMPED; ready again once it has been stable for a while";

    /** Why readiness is DOWN once another process took this node's name. */
    static final String NAME_TAKEN_REASON = "name conflict: a process started later under this node's name holds it"
            + " (name-taken-by); this process no longer takes part. Give each process its own gossamer.node-name";

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
        int worst = s.settings().orElseThrow().tuning().get(Settings.LOCAL_HEALTH_MAX_MULTIPLIER) - 1;
        boolean beating = s.heartbeatAgeMs() <= HEARTBEAT_STALE_MS;
        // With local-health-max-multiplier=1 the score is always 0, which is then no sign of trouble.
        boolean healthy = worst == 0 || s.localHealth() < worst;
        b.status(beating && healthy)
                .withData("local-health", s.localHealth())
                .withData("local-health-worst", worst)
                .withData("heartbeat-age-ms", s.heartbeatAgeMs());
        s.wan().ifPresent(w -> b.withData("wan-local-health", w.localHealth()));
        return b.build();
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
        long[] lan = counts(s.members());
        // A damped node is alive but not to be trusted with traffic: its peers hold it DAMPED and
        // route around it. DOWN until they release it, saying why.
        b.status(s.joined() && lan[0] >= settings.readinessMinMembers() && !s.damped() && s.nameHolder().isEmpty())
                .withData("cluster", settings.cluster())
                .withData("datacenter", settings.datacenter())
                .withData("role", settings.role())
                .withData("joined", s.joined())
                .withData("alive", lan[0])
                .withData("suspect", lan[1])
                .withData("dead", lan[2])
                .withData("left", lan[3])
                .withData("damped", lan[4])
                .withData("min-members", settings.readinessMinMembers())
                .withData("local-damped", s.damped());
        if (s.damped()) {
            b.withData("local-damped-reason", DAMPED_REASON);
        }
        s.nameHolder().ifPresent(holder -> b.withData("name-taken-by", holder)
                .withData("name-taken-reason", NAME_TAKEN_REASON));
        if (!s.joined()) {
            s.joinFailure().ifPresent(f -> joinFailure(b, "", f));
        }
        s.wan().ifPresent(w -> {
            long[] wan = counts(w.members());
            b.withData("wan-joined", w.joined())
                    .withData("wan-alive", wan[0])
                    .withData("wan-suspect", wan[1])
                    .withData("wan-dead", wan[2])
                    .withData("wan-left", wan[3])
                    .withData("wan-damped", wan[4])
                    .withData("wan-local-damped", w.damped());
            if (!w.joined()) {
                w.joinFailure().ifPresent(f -> joinFailure(b, "wan-", f));
            }
        });
        return b.build();
    }

    /**
     * Why a pool is not joined yet, from its last failed attempt: how many failed, the wait before
     * the next and, when a seed refused, the reason, the seed and what the refusing side said (its
     * cluster, pool, datacenter): the configuration to correct.
     */
    private static void joinFailure(HealthCheckResponseBuilder b, String prefix, JoinFailure f) {
        b.withData(prefix + "join-attempts", f.attempts())
                .withData(prefix + "join-retry-in-ms", f.retryIn().toMillis());
        f.refusal().ifPresent(r -> b.withData(prefix + "join-refused", r.reason().name())
                .withData(prefix + "join-refused-by", r.seed())
                .withData(prefix + "join-refused-detail", r.detail()));
    }

    /** Members alive, suspect, dead, left and damped, in that order. */
    private static long[] counts(List<Member> members) {
        long[] counts = new long[5];
        for (Member m : members) {
            switch (m.state()) {
                case ALIVE -> counts[0]++;
                case SUSPECT -> counts[1]++;
                case DEAD -> counts[2]++;
                case LEFT -> counts[3]++;
                case DAMPED -> counts[4]++;
            }
        }
        return counts;
    }

    /** Up once the sockets are bound and the first join attempt has finished (at once without seeds). */
    static HealthCheckResponse startup(GossamerNode.Status s) {
        HealthCheckResponseBuilder b = builder(s);
        if (disabled(s)) {
            return b.up().build();
        }
        b.status(running(s) && s.firstJoinDone()).withData("first-join-done", s.firstJoinDone());
        s.wan().ifPresent(w -> b.withData("wan-first-join-done", w.firstJoinDone()));
        return b.build();
    }
}
