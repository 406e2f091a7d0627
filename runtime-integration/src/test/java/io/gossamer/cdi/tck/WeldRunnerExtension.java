package io.gossamer.cdi.tck;

import io.gossamer.cdi.GossamerNode;

import java.net.MalformedURLException;
import java.net.URL;

import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * How this module runs the TCK on Arquillian's Weld embedded container: every TCK deployment gets
 * our CDI beans as a bean archive. The container is flat (its class loader's parent is the test
 * class path), so the extension, the engine, MP Config and MP Health and our {@code Peers} are
 * found there; only beans must be inside the archive to be beans.
 */
public final class WeldRunnerExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(ApplicationArchiveProcessor.class, AddImplementation.class);
    }

    /** This module's beans.xml, not the first one on the class path. */
    static URL ownBeansXml() {
        try {
            return new URL(GossamerNode.class.getProtectionDomain().getCodeSource().getLocation(), "META-INF/beans.xml");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds Gossamer's bean archive, with its own beans.xml, to each deployment. */
    public static final class AddImplementation implements ApplicationArchiveProcessor {

        @Override
        public void process(Archive<?> archive, TestClass testClass) {
            if (archive instanceof WebArchive war) {
                war.addAsLibrary(ShrinkWrap.create(JavaArchive.class, "gossamer-runtime-integration.jar")
                        .addPackage(GossamerNode.class.getPackage())
                        .addAsManifestResource(ownBeansXml(), "beans.xml"));
            }
        }
    }
}
