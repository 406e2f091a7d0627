package io.gossamer.cdi;

import io.gossamer.cdi.servers.ReleaseConfigAtShutdown;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the TomEE runs add to every deployment releases, when the deployment's CDI container
 * shuts down, the configuration kept for the deployment's class loader: TomEE 9.0.0 never does,
 * and the map that keeps it held every undeployed application in memory. The deployment's loader
 * is the extension's own, here the test class path's; the thread's context class loader at
 * shutdown is another, which must not be the one released.
 */
class ReleaseConfigAtShutdownTest {

    @Test
    void theConfigurationOfTheExtensionsClassLoaderIsReleasedAtShutdown() throws Exception {
        ClassLoader deployment = ReleaseConfigAtShutdown.class.getClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(ConfigProvider.getConfig(deployment));
        Config kept = resolver.getBuilder().forClassLoader(deployment).build();
        resolver.registerConfig(kept, deployment);
        assertThat(ConfigProvider.getConfig(deployment)).isSameAs(kept);

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader other = new URLClassLoader(new URL[0], deployment)) {
            Config otherConfig = resolver.getBuilder().forClassLoader(other).build();
            resolver.registerConfig(otherConfig, other);
            thread.setContextClassLoader(other);
            try (WeldContainer container = new Weld().disableDiscovery()
                    .addExtension(new ReleaseConfigAtShutdown()).initialize()) {
                assertThat(container.isRunning()).isTrue();
            } finally {
                thread.setContextClassLoader(previous);
            }
            assertThat(ConfigProvider.getConfig(deployment)).as("released, so built anew").isNotSameAs(kept);
            assertThat(ConfigProvider.getConfig(other)).as("another loader's, kept").isSameAs(otherConfig);
            resolver.releaseConfig(otherConfig);
        }
    }
}
