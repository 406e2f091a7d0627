package io.gossamer.cdi.tck;

import io.gossamer.tck.spi.Peers;

import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Gives every TCK deployment our peers with their service file. The implementation needs no
 * adding: it is the gossamer-quarkus extension on the class path, which Quarkus builds into each
 * application; the peers must be application classes to be found from inside it.
 */
public final class QuarkusRunnerExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(ApplicationArchiveProcessor.class, AddPeers.class);
    }

    /** Only these classes, never by package, which would bring the Weld runner along. */
    public static final class AddPeers implements ApplicationArchiveProcessor {

        @Override
        public void process(Archive<?> archive, TestClass testClass) {
            if (archive instanceof WebArchive war) {
                war.addClasses(QuarkusPeers.class, PeerNodes.class, SwimPeer.class, MapConfig.class,
                                Vertx4DeafeningTransport.class, DeafSwitch.class)
                        .addAsServiceProvider(Peers.class, QuarkusPeers.class);
            }
        }
    }
}
