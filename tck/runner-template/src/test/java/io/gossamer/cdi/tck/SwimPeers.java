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
import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Our TCK peers: engine nodes in the JVM the tests run in, each peer on a Vert.x of its own with
 * one event loop, configured from the TCK's map exactly as a deployment is from MP Config (through
 * {@link GossamerSettings} and {@link EngineConfigs}, over a {@link MapConfig}); a server peer runs a second engine in the
 * WAN pool, as a deployment does. On Weld embedded that JVM is the test's; in an application
 * server it is the server's, inside the deployment (the server runner adds these classes to each
 * archive).
 */
public final class SwimPeers implements Peers {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Peer start(Map<String, String> configuration, PeerObserver observer) {
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
        // The peer owns its single event loop, so pause() can freeze exactly this peer (both of
        // its pools). A pause blocks that loop on purpose: keep Vert.x from reporting it as blocked.
        // Its own transport too, whose sockets deafen() makes drop what arrives.
        DeafeningTransport transport = new DeafeningTransport();
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                        .setInternalBlockingPoolSize(1).setMaxEventLoopExecuteTime(1)
                        .setMaxEventLoopExecuteTimeUnit(TimeUnit.HOURS))
                .withTransport(transport)
                .build();
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
            return new SwimPeer(pools, vertx, transport, settings.leaveTimeout());
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
