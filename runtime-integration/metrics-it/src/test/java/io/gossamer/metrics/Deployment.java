package io.gossamer.metrics;

import io.gossamer.cdi.GossamerExtension;
import io.gossamer.cdi.GossamerNode;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.Extension;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Gossamer deployment in Weld SE, with its own MicroProfile Config registered for a class loader
 * of its own (as a server gives each application its configuration), and a peer for it to probe.
 */
final class Deployment implements AutoCloseable {

    private final SeContainer container;
    private final SmallRyeConfig config;
    private final SwimNode peer;

    private Deployment(SeContainer container, SmallRyeConfig config, SwimNode peer) {
        this.container = container;
        this.config = config;
        this.peer = peer;
    }

    /**
     * Starts a peer, then a deployment of {@code beans} with Gossamer and {@code extension} that
     * joins it, configured by {@code properties} besides Gossamer's own keys.
     */
    static Deployment start(Map<String, String> properties, Extension extension, Class<?>... beans) throws Exception {
        String cluster = "metrics-" + Long.toHexString(System.nanoTime());
        SwimNode peer = SwimNode.start(SwimConfig.builder(Profile.LOCAL).name("peer").cluster(cluster).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5)).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        Map<String, String> p = new HashMap<>(properties);
        p.put("gossamer.cluster", cluster);
        p.put("gossamer.node-name", "deployment");
        p.put("gossamer.bind-address", "127.0.0.1");
        p.put("gossamer.bind-port", "0");
        p.put("gossamer.profile", "local");
        p.put("gossamer.leave-timeout", "1s");
        p.put("gossamer.seeds", peer.localMember().address() + ":" + peer.localMember().port());
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(p, "test", 500))
                .build();
        ClassLoader loader = new URLClassLoader("deployment", new URL[0], Deployment.class.getClassLoader());
        ConfigProviderResolver.instance().registerConfig(config, loader);
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            SeContainer c = SeContainerInitializer.newInstance()
                    .disableDiscovery()
                    .addExtensions(new GossamerExtension(), extension)
                    .addBeanClasses(GossamerNode.class)
                    .addBeanClasses(beans)
                    .addProperty("org.jboss.weld.se.shutdownHook", false)
                    .initialize();
            return new Deployment(c, config, peer);
        } catch (RuntimeException | Error e) {
            ConfigProviderResolver.instance().releaseConfig(config);
            peer.close();
            throw e;
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    SeContainer container() {
        return container;
    }

    @Override
    public void close() {
        try {
            container.close();
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
            peer.close();
        }
    }
}
