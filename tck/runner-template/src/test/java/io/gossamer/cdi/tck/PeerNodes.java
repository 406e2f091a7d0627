package io.gossamer.cdi.tck;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.cdi.EngineConfigs;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.swim.MembershipListener;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.tck.spi.PeerObserver;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * How a TCK peer is configured and started, on whichever Vert.x the runner gives it: this file
 * uses only what Vert.x 4.5 and 5 share, so that the Quarkus runner (Vert.x 4.5) starts its peers
 * with it too.
 */
final class PeerNodes {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private PeerNodes() {
    }

    /** The peer's settings, from the TCK's map exactly as a deployment's are from MP Config. */
    static GossamerSettings settings(Map<String, String> configuration) {
        GossamerSettings settings;
        try {
            // The MP Config API only: inside a server the deployment may not see the Config
            // implementation's own classes (SmallRye's builder, for one).
            settings = GossamerSettings.from(new MapConfig(configuration));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid peer configuration: " + e.getMessage(), e);
        }
        if (!settings.enabled()) {
            // A disabled node's settings are placeholders (0.0.0.0:7950): never start one as a peer.
            throw new IllegalArgumentException("gossamer.enabled=false: a peer must run (the SPI never gives this key)");
        }
        return settings;
    }

    /**
     * The peer owns its single event loop, so pause() can freeze exactly this peer (both of its
     * pools). A pause blocks that loop on purpose: keep Vert.x from reporting it as blocked.
     */
    static VertxOptions vertxOptions() {
        return new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1)
                .setMaxEventLoopExecuteTime(1).setMaxEventLoopExecuteTimeUnit(TimeUnit.HOURS);
    }

    /**
     * Starts the peer's engines on {@code vertx}, which the peer then owns.
     *
     * @param deafening makes the peer's sockets drop what arrives (true) or hear again (false)
     */
    static SwimPeer start(GossamerSettings settings, PeerObserver observer, Vertx vertx, Consumer<Boolean> deafening) {
        Map<Pool, SwimNode> pools = new EnumMap<>(Pool.class);
        try {
            MembershipListener both = new MembershipListener() {
                @Override
                public void onEvent(MembershipEvent event) {
                    observer.membershipEvent(event);
                }

                @Override
                public void onClusterEvent(ClusterEvent event) {
                    observer.clusterEvent(event);
                }

                @Override
                public void onClusterQuery(ClusterQuery query) {
                    observer.clusterQuery(query);
                }
            };
            pools.put(Pool.LAN, start(settings, Pool.LAN, vertx, both));
            if (settings.server()) {
                pools.put(Pool.WAN, start(settings, Pool.WAN, vertx, both));
            }
            return new SwimPeer(pools, vertx, deafening, settings.leaveTimeout());
        } catch (RuntimeException e) {
            pools.values().forEach(SwimNode::close);
            vertx.close();
            throw e;
        }
    }

    private static SwimNode start(GossamerSettings settings, Pool pool, Vertx vertx, MembershipListener listener) {
        SwimConfig config = EngineConfigs.config(settings, pool);
        var options = EngineConfigs.options(settings, pool)
                .vertx(vertx)
                .joinAttempts(1)
                .closeTimeout(Duration.ofSeconds(5))
                .listener(listener);
        try {
            return SwimNode.start(config, options.build()).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting peer " + config.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("peer " + config.name() + " did not start", e);
        }
    }
}
