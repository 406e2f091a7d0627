package io.gossamer.cdi.tck;

import io.gossamer.cdi.GossamerNode;

import java.io.File;
import java.net.URISyntaxException;

import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.TestClass;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Yours to replace: how this runner gives every TCK deployment the implementation under test, on
 * Arquillian's Weld embedded container: Gossamer's CDI extension, added as a bean archive. The
 * container is flat (its class loader's parent is the test class path), so the extension, the
 * engine, MP Config and MP Health and our {@code Peers} are found there; only beans must be inside
 * the archive to be beans.
 */
public final class WeldRunnerExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(ApplicationArchiveProcessor.class, AddImplementation.class);
    }

    /**
     * Adds gossamer-cdi's classes and resources (what its jar holds: beans.xml included) to each
     * deployment as a library. Imported from where they were built (its jar, or its classes
     * directory in Gossamer's own build), never by package, which would also pick up test beans.
     */
    public static final class AddImplementation implements ApplicationArchiveProcessor {

        @Override
        public void process(Archive<?> archive, TestClass testClass) {
            if (archive instanceof WebArchive war) {
                war.addAsLibrary(implementation());
            }
        }

        private static JavaArchive implementation() {
            File built = location(GossamerNode.class);
            String name = "gossamer-cdi.jar";
            return built.isDirectory()
                    ? ShrinkWrap.create(ExplodedImporter.class, name).importDirectory(built).as(JavaArchive.class)
                    : ShrinkWrap.create(ZipImporter.class, name).importFrom(built).as(JavaArchive.class);
        }

        private static File location(Class<?> type) {
            try {
                return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
