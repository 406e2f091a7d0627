package io.gossamer.cdi.servers;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Releases the deployment's MicroProfile Config when its CDI container shuts down, added to
 * every deployment in TomEE only ({@link ServerRunnerExtension}).
 *
 * <p>TomEE 9.0.0 never does it: SmallRye Config keeps the {@code Config} of each application in
 * a map keyed by the application's class loader until someone calls {@code releaseConfig}, and
 * TomEE's MicroProfile integration has no undeploy hook that does. Every undeployed application
 * then stays loaded, its classes and everything its statics hold (one Vert.x and Netty each), and
 * the server ran out of its 512 MB heap at the TCK's 72nd deployment. WildFly and Open Liberty
 * release the configuration themselves; Payara Micro starts a server per deployment. Not
 * Gossamer's to do: the configuration belongs to the application, which may use it after
 * Gossamer has stopped.
 *
 * <p>{@code BeforeShutdown} is the container's last event, after every application-scoped bean
 * was destroyed (the Gossamer node's leave included), so nothing reads the configuration later.
 * A deployment that fails (a bad configuration, on purpose in the TCK) never gets it, and TomEE
 * 9.0.0 keeps such a deployment whole anyway (its application context, naming bindings and
 * MBeans): what it leaves is made smaller in {@code arquillian.xml}, not removed.
 */
public final class ReleaseConfigAtShutdown implements Extension {

    void release(@Observes BeforeShutdown shutdown) {
        // This class is in the deployment, so its loader is the one the configuration is kept for.
        ClassLoader application = ReleaseConfigAtShutdown.class.getClassLoader();
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(application));
    }
}
