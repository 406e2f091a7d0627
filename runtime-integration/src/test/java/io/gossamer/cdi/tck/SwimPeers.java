package io.gossamer.cdi.tck;

import io.gossamer.MembershipEvent;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.swim.SwimConfig;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.Peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Our TCK peers: engine nodes in the JVM the tests run in, each on a Vert.x of its own with one
 * event loop, configured from the TCK's map exactly as a deployment is from MP Config (through
 * {@link GossamerSettings}, over a {@link MapConfig}). On Weld embedded that is the test's JVM; in
 * an application server it is the server's, inside the deployment (the server runner adds these
 * classes to each archive).
 */
public final class SwimPeers implements Peers {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Peer start(Map<String, String> configuration, Consumer<MembershipEvent> listener) {
        GossamerSettings settings;
        try {
            // The MP Config API only: inside a server the deployment may not see the Config
            // implementation's own classes (SmallRye's builder, for one).
            settings = GossamerSettings.from(new MapConfig(configuration));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid peer configuration: " + e.getMessage(), e);
        }
        SwimConfig config = settings.toSwimConfig(settings.bindAddress());
        // The peer owns its single event loop, so pause() can freeze exactly this peer. A pause
        // blocks that loop on purpose: keep Vert.x from reporting it as a blocked thread.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setMaxEventLoopExecuteTime(1).setMaxEventLoopExecuteTimeUnit(TimeUnit.HOURS));
        SwimNodeOptions.Builder options = SwimNodeOptions.builder()
                .vertx(vertx)
                .bindHost(settings.bindAddress())
                .bindPort(settings.bindPort())
                .joinAttempts(1)
                .closeTimeout(Duration.ofSeconds(5))
                .listener(listener::accept);
        settings.fixedAdvertise(settings.bindAddress()).ifPresent(options::advertise);
        try {
            SwimNode node = SwimNode.start(config, options.build()).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new SwimPeer(node, vertx, settings.leaveTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("interrupted starting peer " + settings.nodeName(), e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("peer " + settings.nodeName() + " did not start", e);
        }
    }
}
