package io.gossamer.cdi;

import io.gossamer.Member;
import io.gossamer.MembershipEvent;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Helpers for tests: CDI containers (Weld SE), each with its own MicroProfile Config, and plain
 * engine peers. Everything binds 127.0.0.1 on ephemeral ports.
 *
 * <p>Each container gets its own configuration the way a server gives each deployment its own:
 * MP Config resolves {@code ConfigProvider.getConfig()} by the thread's context class loader, so
 * every container is started (and stopped) with a fresh, empty class loader as TCCL for which a
 * {@link SmallRyeConfig} is registered. Vert.x and the event delivery thread inherit that TCCL.
 */
final class TestNodes {

    static final Duration STEP = Duration.ofSeconds(20);
    private static final AtomicInteger IDS = new AtomicInteger();

    private TestNodes() {
    }

    /**
     * Settings for a node on 127.0.0.1 with the {@code local} profile, probing twice a second:
     * failures are found in a few seconds, yet a loaded two-core machine does not cause false
     * suspicions.
     */
    static Map<String, String> fastNode(String cluster, String name) {
        Map<String, String> p = new HashMap<>();
        p.put("gossamer.cluster", cluster);
        p.put("gossamer.node-name", name);
        p.put("gossamer.bind-address", "127.0.0.1");
        p.put("gossamer.bind-port", "0");
        p.put("gossamer.profile", "local");
        p.put("gossamer.probe-interval", "500ms");
        p.put("gossamer.probe-timeout", "250ms");
        p.put("gossamer.gossip-interval", "50ms");
        p.put("gossamer.leave-timeout", "3s");
        return p;
    }

    /**
     * Settings for a server of {@code datacenter}: {@link #fastNode} plus a WAN pool on 127.0.0.1
     * with an ephemeral port and the {@code local} profile (the {@code wan} profile's 5 s probes
     * would make a test wait for failures).
     */
    static Map<String, String> fastServer(String cluster, String name, String datacenter) {
        Map<String, String> p = fastNode(cluster, name);
        p.put("gossamer.datacenter", datacenter);
        p.put("gossamer.role", "server");
        p.put("gossamer.wan.bind-port", "0");
        p.put("gossamer.wan.profile", "local");
        return p;
    }

    /** Engine configuration matching {@link #fastNode}. */
    static SwimConfig.Builder fastPeer(String cluster, String name) {
        return SwimConfig.builder(Profile.LOCAL).name(name).cluster(cluster)
                .probeInterval(Duration.ofMillis(500)).probeTimeout(Duration.ofMillis(250))
                .gossipInterval(Duration.ofMillis(50));
    }

    /** Starts a plain engine node on 127.0.0.1 with a listener. */
    static SwimNode startPeer(SwimConfig config, Consumer<MembershipEvent> listener) {
        return await(SwimNode.start(config, SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0)
                .closeTimeout(Duration.ofSeconds(5)).listener(listener::accept).build()));
    }

    static String seedOf(Member member) {
        return member.address() + ":" + member.port();
    }

    static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("future failed or timed out", e);
        }
    }

    /** A running Weld SE container with its own configuration. */
    static final class Node implements AutoCloseable {
        final WeldContainer container;
        private final ClassLoader loader;
        private final SmallRyeConfig config;
        private boolean closed;

        private Node(WeldContainer container, ClassLoader loader, SmallRyeConfig config) {
            this.container = container;
            this.loader = loader;
            this.config = config;
        }

        <T> T get(Class<T> type) {
            return container.select(type).get();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            withTccl(loader, () -> {
                container.shutdown();
                return null;
            });
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    /** The classes of this jar's bean archive, for containers without discovery. */
    static final List<Class<?>> GOSSAMER_BEANS = List.of(GossamerNode.class, GossamerLivenessCheck.class,
            GossamerReadinessCheck.class, GossamerStartupCheck.class);

    /**
     * Starts a container with Gossamer's beans and extension (no classpath scanning) plus
     * {@code beans}, configured by {@code properties}.
     */
    static Node start(Map<String, String> properties, Class<?>... beans) {
        return start(List.of(new PropertiesConfigSource(properties, "test", 500)), false, beans);
    }

    /**
     * Starts a container configured by {@code sources}; with {@code discovery}, Weld scans the
     * class path for bean archives and extensions as a server would (so this jar's beans.xml and
     * service file are what bring Gossamer in).
     */
    static Node start(List<ConfigSource> sources, boolean discovery, Class<?>... beans) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(sources.toArray(ConfigSource[]::new)).build();
        ClassLoader loader = new URLClassLoader("container-" + IDS.incrementAndGet(), new URL[0],
                TestNodes.class.getClassLoader());
        ConfigProviderResolver.instance().registerConfig(config, loader);
        try {
            WeldContainer container = withTccl(loader, () -> {
                Weld weld = new Weld("gossamer-test-" + IDS.incrementAndGet())
                        .property("org.jboss.weld.se.shutdownHook", false);
                if (!discovery) {
                    weld.disableDiscovery().addExtension(new GossamerExtension());
                    GOSSAMER_BEANS.forEach(weld::addBeanClass);
                }
                for (Class<?> b : beans) {
                    weld.addBeanClass(b);
                }
                return weld.initialize();
            });
            return new Node(container, loader, config);
        } catch (RuntimeException | Error e) {
            ConfigProviderResolver.instance().releaseConfig(config);
            throw e;
        }
    }

    private static <T> T withTccl(ClassLoader loader, java.util.function.Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Closes everything, ignoring nothing: the first failure is rethrown after the rest are closed. */
    static void closeAll(List<? extends AutoCloseable> things) {
        RuntimeException first = null;
        for (AutoCloseable c : things) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new RuntimeException("close failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Events recorded by a plain engine listener. */
    static final class Recorded implements Consumer<MembershipEvent> {
        final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(MembershipEvent e) {
            events.add(e);
        }

        List<MembershipEvent> about(String name) {
            List<MembershipEvent> out = new ArrayList<>();
            for (MembershipEvent e : events) {
                if (e.member().name().equals(name)) {
                    out.add(e);
                }
            }
            return out;
        }

        Optional<MembershipEvent> last(String name) {
            List<MembershipEvent> a = about(name);
            return a.isEmpty() ? Optional.empty() : Optional.of(a.get(a.size() - 1));
        }
    }
}
