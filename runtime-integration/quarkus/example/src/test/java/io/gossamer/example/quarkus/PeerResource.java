package io.gossamer.example.quarkus;

import io.gossamer.MembershipEvent;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Gossamer peer in the test's JVM, started before the application: the application's seed, as
 * another instance of the service would be. The application is given its cluster and address.
 */
public class PeerResource implements QuarkusTestResourceLifecycleManager {

    static final String CLUSTER = "quarkus-example-" + Long.toHexString(System.nanoTime());
    static final List<MembershipEvent> EVENTS = new CopyOnWriteArrayList<>();
    static volatile SwimNode peer;

    @Override
    public Map<String, String> start() {
        SwimConfig config = SwimConfig.builder(Profile.LOCAL).name("peer").cluster(CLUSTER).build();
        SwimNodeOptions options = SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0)
                .closeTimeout(Duration.ofSeconds(5)).listener(EVENTS::add).build();
        try {
            peer = SwimNode.start(config, options).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the peer did not start", e);
        }
        // Handed to the application as system properties: they outrank application.properties.
        return Map.of(
                "gossamer.cluster", CLUSTER,
                "gossamer.node-name", "app",
                "gossamer.bind-address", "127.0.0.1",
                "gossamer.bind-port", "0",
                "gossamer.seeds", "127.0.0.1:" + peer.localMember().port(),
                "gossamer.profile", "local");
    }

    @Override
    public void stop() {
        if (peer != null) {
            peer.close();
        }
    }
}
