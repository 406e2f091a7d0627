package io.gossamer.agent;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.LocalRefutation;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.agent.http.EventHub;
import io.gossamer.agent.http.Histogram;
import io.gossamer.agent.http.Json;
import io.gossamer.agent.http.NodeAccess;
import io.gossamer.cdi.GossamerEngines;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.cdi.JoinFailure;
import io.gossamer.swim.MembershipListener;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.metrics.NodeMetrics;
import io.gossamer.swim.metrics.SwimMetrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The agent's node: the engines of its pools ({@link GossamerEngines}, without a container), what
 * they report printed as lines ({@link AgentLine}) and published to the event hub, their
 * histograms, and what the HTTP API and the console ask of them.
 */
final class AgentNode implements NodeAccess {

    private final GossamerSettings settings;
    private final GossamerEngines engines;
    private final Map<Pool, EngineMembership> memberships = new EnumMap<>(Pool.class);
    private final Map<Pool, Histogram> roundTrips = new EnumMap<>(Pool.class);
    private final Map<Pool, Histogram> deliveries = new EnumMap<>(Pool.class);
    private final Instant started = Instant.now();
    private final CountDownLatch stopRequested;
    private volatile EventHub hub;

    private AgentNode(GossamerSettings settings, GossamerEngines engines, CountDownLatch stopRequested) {
        this.settings = settings;
        this.engines = engines;
        this.stopRequested = stopRequested;
    }

    /**
     * Starts the node's engines; their events go to standard output at once, and to the hub once it
     * is {@linkplain #publishTo attached}. The seeds are joined by {@link #joinSeeds()}.
     *
     * @param stopRequested counted down when the agent is asked to leave (HTTP {@code /v1/agent/leave})
     */
    static AgentNode start(GossamerSettings settings, CountDownLatch stopRequested) {
        Map<Pool, Histogram> rtt = new EnumMap<>(Pool.class);
        Map<Pool, Histogram> delivery = new EnumMap<>(Pool.class);
        for (Pool p : Pool.values()) {
            rtt.put(p, new Histogram(NodeMetrics.DURATION_BUCKETS));
            delivery.put(p, new Histogram(NodeMetrics.DURATION_BUCKETS));
        }
        AgentNode[] self = new AgentNode[1];
        // The listeners exist before the node: the engines' first events (their own joins) come at once.
        GossamerEngines engines = GossamerEngines.start(settings, pool -> new Printer(settings.nodeName(), pool, self),
                pool -> measurements(rtt.get(pool), delivery.get(pool)));
        AgentNode node = new AgentNode(settings, engines, stopRequested);
        node.roundTrips.putAll(rtt);
        node.deliveries.putAll(delivery);
        self[0] = node;
        for (SwimNode n : engines.nodes()) {
            Pool pool = n.config().pool();
            node.memberships.put(pool, new EngineMembership(engines, pool));
        }
        return node;
    }

    /** Records one pool's measurements, in seconds. */
    private static MeasurementListener measurements(Histogram rtt, Histogram delivery) {
        return new MeasurementListener() {
            @Override
            public void probeRoundTrip(long roundTripNanos) {
                rtt.record(roundTripNanos / 1e9);
            }

            @Override
            public void eventDelivered(long delayNanos) {
                delivery.record(delayNanos / 1e9);
            }
        };
    }

    /**
     * Prints what one pool's engine reports, and publishes it to the hub of the node, once there is
     * a node ({@code node[0]}: the engines report their own joins before {@code start} returns).
     */
    private record Printer(String self, Pool pool, AgentNode[] node) implements MembershipListener {

        @Override
        public void onEvent(MembershipEvent event) {
            AgentConsole.print(AgentLine.event(self, event));
            publish(Json.event(event));
        }

        @Override
        public void onClusterEvent(ClusterEvent event) {
            AgentConsole.print(AgentLine.clusterEvent(self, event));
            publish(Json.clusterEvent(event));
        }

        /** The agent prints a query it matches (and acknowledges it if asked); it has nothing to answer. */
        @Override
        public void onClusterQuery(ClusterQuery query) {
            Instant now = Instant.now();
            AgentConsole.print(AgentLine.query(self, now, query));
            publish(Json.query(query, now));
        }

        @Override
        public void onLocalRefutation(LocalRefutation refutation) {
            AgentConsole.print(AgentLine.refuted(refutation));
            publish(Json.refutation(refutation));
        }

        private void publish(JsonObject event) {
            AgentNode n = node[0];
            EventHub h = n == null ? null : n.hub;
            if (h != null) {
                h.publish(event);
            }
        }
    }

    /** From now on every event also goes to {@code hub}. */
    void publishTo(EventHub hub) {
        this.hub = hub;
    }

    void joinSeeds() {
        engines.joinSeeds();
    }

    GossamerEngines engines() {
        return engines;
    }

    GossamerSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ NodeAccess

    @Override
    public String name() {
        return settings.nodeName();
    }

    @Override
    public List<Pool> pools() {
        return List.copyOf(memberships.keySet());
    }

    @Override
    public EngineMembership membership(Pool pool) {
        EngineMembership m = memberships.get(pool);
        if (m == null) {
            engines.node(pool); // throws, saying this node is no server
        }
        return m;
    }

    @Override
    public CompletionStage<Integer> join(Pool pool, List<String> seeds) {
        return membership(pool).join(seeds);
    }

    @Override
    public void leaveAndStop() {
        stopRequested.countDown();
    }

    @Override
    public void readMetrics(Consumer<NodeMetrics.Sample> samples) {
        engines.nodes().forEach(n -> n.readMetrics(samples));
    }

    @Override
    public Map<NodeMetrics.Descriptor, Map<String, Histogram.Snapshot>> histograms() {
        Map<String, Histogram.Snapshot> rtt = new LinkedHashMap<>();
        Map<String, Histogram.Snapshot> delivery = new LinkedHashMap<>();
        for (Pool pool : pools()) {
            rtt.put(Json.pool(pool), roundTrips.get(pool).snapshot());
            delivery.put(Json.pool(pool), deliveries.get(pool).snapshot());
        }
        return Map.of(NodeMetrics.PROBE_DURATION, rtt, NodeMetrics.EVENT_DELIVERY_DURATION, delivery);
    }

    /**
     * UP while every pool is joined (or has no seeds), the local member is not held damped by its
     * peers, and no later process took its name; DOWN, saying which, otherwise.
     */
    @Override
    public JsonObject health() {
        JsonArray checks = new JsonArray();
        boolean up = true;
        for (SwimNode n : engines.nodes()) {
            Pool pool = n.config().pool();
            JsonObject data = new JsonObject()
                    .put("joined", engines.joined(pool))
                    .put("alive-members", n.members().stream().filter(m -> m.state() == io.gossamer.MemberState.ALIVE)
                            .count())
                    .put("local-health", n.localHealth())
                    .put("damped", n.damped());
            engines.joinFailure(pool).ifPresent(f -> describe(f, data));
            n.nameHolder().ifPresent(holder -> data.put("name-taken-by", holder));
            boolean poolUp = engines.joined(pool) && !n.damped() && n.nameHolder().isEmpty();
            up &= poolUp;
            checks.add(new JsonObject().put("name", "gossamer-" + Json.pool(pool)).put("status", poolUp ? "UP" : "DOWN")
                    .put("data", data));
        }
        return new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
    }

    private static void describe(JoinFailure f, JsonObject data) {
        data.put("join-attempts", f.attempts()).put("join-retry-in-ms", f.retryIn().toMillis());
        f.refusal().ifPresent(r -> data.put("join-refused", r.reason().name()).put("join-refused-by", r.seed())
                .put("join-refused-detail", r.detail()));
    }

    @Override
    public JsonObject self() {
        GossamerSettings s = settings;
        JsonObject config = new JsonObject()
                .put("NodeName", s.nodeName())
                .put("Cluster", s.cluster())
                .put("Datacenter", s.datacenter())
                .put("Role", s.role())
                .put("Profile", s.profile().name().toLowerCase(Locale.ROOT))
                .put("BindAddr", s.bindAddress())
                .put("BindPort", s.bindPort())
                .put("Seeds", new JsonArray(s.seeds()))
                .put("Tags", new JsonObject(Map.copyOf(s.tags())))
                .put("Encrypted", s.encryption().keyring().isPresent())
                .put("Version", AgentVersion.version());
        JsonObject pools = new JsonObject();
        for (SwimNode n : engines.nodes()) {
            Pool pool = n.config().pool();
            SwimMetrics m = n.metrics();
            pools.put(Json.pool(pool), new JsonObject()
                    .put("Member", Json.member(n.localMember(), pool, java.util.Optional.empty()))
                    .put("Members", n.members().size())
                    .put("LocalHealth", n.localHealth())
                    .put("Joined", engines.joined(pool))
                    .put("Stats", new JsonObject()
                            .put("PacketsSent", m.packetsSent())
                            .put("BytesSent", m.bytesSent())
                            .put("PacketsReceived", m.packetsReceived())
                            .put("BytesReceived", m.bytesReceived())
                            .put("StreamsOpened", m.streamsOpened())
                            .put("StreamBytesSent", m.streamBytesSent())
                            .put("Drops", m.totalDrops())));
        }
        return new JsonObject().put("Config", config).put("Pools", pools).put("Started", started.toString());
    }
}
