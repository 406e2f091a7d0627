package io.gossamer.cdi.servers;

import io.gossamer.cdi.tck.SwimPeers;
import io.gossamer.tck.spi.Peers;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * How this module runs the TCK inside a real application server (the {@code wildfly},
 * {@code payara}, {@code liberty}, {@code tomee} and {@code helidon} profiles, which launch that
 * server's {@code arquillian.xml} container through {@code arquillian.launch}). Tests run inside the
 * server, so every TCK deployment gets the implementation ({@link ServerLibraries}) and our
 * {@link Peers} provider, whose peers then run in the server's JVM too.
 *
 * <p>Inactive unless a server is launched; on Weld embedded the TCK runs in
 * {@code tck/runner-template}, whose {@code WeldRunnerExtension} adds the implementation instead.
 */
public final class ServerRunnerExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        String launched = System.getProperty("arquillian.launch", "weld");
        if (!launched.equals("weld")) {
            builder.service(ApplicationArchiveProcessor.class, AddImplementation.class);
            builder.observer(DeployedContexts.class);
        }
        if (launched.equals("helidon")) {
            builder.service(DeployableContainer.class, helidonContainer());
        }
    }

    /**
     * The {@code helidon} profile's Arquillian container ({@code src/test/helidon}, compiled in that
     * profile only, hence by name): Helidon's own adapter is not published to Maven Central.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<DeployableContainer> helidonContainer() {
        try {
            return (Class<DeployableContainer>) Class.forName("io.gossamer.cdi.servers.helidon.HelidonContainer");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("arquillian.launch=helidon outside the helidon profile", e);
        }
    }

    /** Adds the implementation and the peers to each testable web archive. */
    public static final class AddImplementation implements ApplicationArchiveProcessor {

        @Override
        public void process(Archive<?> archive, TestClass testClass) {
            if (archive instanceof WebArchive war) {
                ServerLibraries.addTo(war);
                war.addAsLibrary(peers());
            }
        }

        /**
         * {@code io.gossamer.cdi.tck}'s peers with their service file: only these classes, never
         * by package, which would bring the Weld runner along.
         */
        static JavaArchive peers() {
            return ShrinkWrap.create(JavaArchive.class, "gossamer-tck-peers.jar")
                    .addClasses(SwimPeers.class)
                    .addClass("io.gossamer.cdi.tck.SwimPeer")
                    .addClass("io.gossamer.cdi.tck.PeerNodes")
                    .addClass("io.gossamer.cdi.tck.MapConfig")
                    .addClass("io.gossamer.cdi.tck.DeafeningTransport")
                    .addClass("io.gossamer.cdi.tck.DeafSwitch")
                    .addAsServiceProvider(Peers.class, SwimPeers.class);
        }
    }
}
