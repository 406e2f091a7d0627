package io.gossamer.agent.http;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.Coordinate;
import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.QueryAnswer;
import io.gossamer.QueryResult;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON the agent's HTTP API speaks. Field names are Consul's where Consul has the same thing
 * ({@code /v1/agent/members}: {@code Name}, {@code Addr}, {@code Port}, {@code Tags},
 * {@code Status}; {@code /v1/coordinate/nodes}: {@code Node}, {@code Coord}), so that tools written
 * for Consul's agent read ours; Gossamer's own fields are added beside them in the same style.
 */
public final class Json {

    private Json() {
    }

    /**
     * A member as {@code /v1/agent/members} lists it. {@code Status} is Serf's number (1 alive, 3
     * left, 4 failed: a suspect or damped member is still alive to Serf); {@code State} is ours.
     */
    public static JsonObject member(Member m, Pool pool, Optional<Duration> roundTrip) {
        JsonObject tags = new JsonObject();
        m.tags().forEach(tags::put);
        JsonObject o = new JsonObject()
                .put("Name", m.name())
                .put("Addr", m.address())
                .put("Port", m.port())
                .put("Tags", tags)
                .put("Status", serfStatus(m.state()))
                .put("State", m.state().name())
                .put("Cluster", m.cluster())
                .put("Datacenter", m.datacenter())
                .put("Role", m.role())
                .put("Incarnation", m.incarnation())
                .put("Pool", pool(pool));
        roundTrip.ifPresent(rtt -> o.put("RoundTripMs", rtt.toNanos() / 1e6));
        return o;
    }

    static int serfStatus(MemberState state) {
        return switch (state) {
            case ALIVE, SUSPECT, DAMPED -> 1;
            case LEFT -> 3;
            case DEAD -> 4;
        };
    }

    public static String pool(Pool pool) {
        return pool.name().toLowerCase(Locale.ROOT);
    }

    /** A membership event, as the event stream sends it and the page shows it. */
    public static JsonObject event(MembershipEvent e) {
        JsonObject o = new JsonObject()
                .put("Type", "member")
                .put("Kind", kind(e))
                .put("At", e.at().toString())
                .put("Pool", pool(e.pool()))
                .put("Member", member(e.member(), e.pool(), Optional.empty()))
                .put("Previous", e.previousState().map(Enum::name).orElse(null));
        if (e instanceof MemberLeft left) {
            o.put("Reason", left.reason().name());
        }
        return o;
    }

    /** {@code JOINED}, {@code SUSPECTED}...: the agent's event words. */
    static String kind(MembershipEvent e) {
        String simple = e.getClass().getSimpleName();
        return simple.substring("Member".length()).toUpperCase(Locale.ROOT);
    }

    public static JsonObject clusterEvent(ClusterEvent e) {
        return new JsonObject()
                .put("Type", "cluster-event")
                .put("Name", e.name())
                .put("Origin", e.origin())
                .put("LTime", e.lamportTime())
                .put("Payload", e.payloadAsString())
                .put("At", e.at().toString())
                .put("Pool", pool(e.pool()));
    }

    public static JsonObject query(ClusterQuery q, Instant at) {
        return new JsonObject()
                .put("Type", "query")
                .put("Name", q.name())
                .put("Origin", q.origin())
                .put("LTime", q.lamportTime())
                .put("Payload", q.payloadAsString())
                .put("At", at.toString())
                .put("Pool", pool(q.pool()));
    }

    public static JsonObject refutation(LocalRefutation r) {
        return new JsonObject()
                .put("Type", "refutation")
                .put("Claim", r.claimed().name())
                .put("Accuser", r.accuser().orElse(null))
                .put("Incarnation", r.member().incarnation())
                .put("At", r.at().toString())
                .put("Pool", pool(r.pool()));
    }

    /** One entry of {@code /v1/coordinate/nodes}, as Consul writes it. */
    public static JsonObject coordinate(String node, Coordinate c) {
        return new JsonObject()
                .put("Node", node)
                .put("Coord", new JsonObject()
                        .put("Vec", new JsonArray(c.vector()))
                        .put("Error", c.error())
                        .put("Adjustment", c.adjustment())
                        .put("Height", c.height()));
    }

    /** A coordinate read back from {@link #coordinate}. */
    public static Coordinate coordinate(JsonObject coord) {
        return new Coordinate(coord.getJsonArray("Vec").stream().map(v -> ((Number) v).doubleValue()).toList(),
                coord.getDouble("Error"), coord.getDouble("Adjustment"), coord.getDouble("Height"));
    }

    /** A key operation's outcome, one pool's: what Consul's keyring endpoint gives, and every answer. */
    public static JsonObject keys(KeyResponse r) {
        JsonObject keys = new JsonObject();
        r.keyCounts().forEach(keys::put);
        JsonObject primary = new JsonObject();
        r.primaryCounts().forEach(primary::put);
        JsonObject messages = new JsonObject();
        JsonObject answers = new JsonObject();
        r.answers().forEach((member, a) -> {
            if (!a.acknowledged()) {
                messages.put(member, a.error());
            }
            answers.put(member, new JsonObject().put("Acknowledged", a.acknowledged()).put("Error", a.error())
                    .put("Keys", new JsonArray(a.keys())));
        });
        return new JsonObject()
                .put("Pool", pool(r.pool()))
                .put("WAN", r.pool() == Pool.WAN)
                .put("Operation", r.operation().name())
                .put("Key", r.key().orElse(null))
                .put("NumNodes", r.answers().size())
                .put("Acknowledged", r.acknowledged().size())
                .put("Keys", keys)
                .put("PrimaryKeys", primary)
                .put("Messages", messages)
                .put("Answers", answers);
    }

    public static JsonObject queryResult(QueryResult r) {
        JsonArray answers = new JsonArray();
        for (QueryAnswer a : r.answers()) {
            answers.add(new JsonObject().put("From", a.from()).put("Payload", a.payloadAsString())
                    .put("At", a.at().toString()));
        }
        return new JsonObject().put("Name", r.name()).put("LTime", r.lamportTime())
                .put("Acks", new JsonArray(r.acks())).put("Answers", answers);
    }
}
