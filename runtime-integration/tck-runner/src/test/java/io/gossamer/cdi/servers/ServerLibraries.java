package io.gossamer.cdi.servers;

import io.gossamer.Member;
import io.gossamer.cdi.GossamerNode;
import io.gossamer.swim.SwimNode;

import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What a deployment carries that an application server does not provide: the Gossamer API, the
 * engine, the CDI extension (the gossamer-cdi jar with its {@code beans.xml} and extension
 * service file), Vert.x and what Vert.x needs (Netty, Jackson core). CDI, MicroProfile Config and
 * MicroProfile Health come from the server.
 *
 * <p>The jars are taken from the test's class path as Maven built it ({@code java.class.path}),
 * never resolved again: the versions deployed are the versions tested. Gossamer's own modules are
 * found by a class of each, as a jar or, in a reactor build before packaging, a classes directory.
 * The TCK jar is never added: the TCK's own extension adds its support classes, and a second copy
 * would make every bean ambiguous. In TomEE, each deployment also gets
 * {@link ReleaseConfigAtShutdown}, which releases what TomEE does not at undeploy.
 */
public final class ServerLibraries {

    /** File-name prefixes of the third-party jars a deployment needs. */
    private static final List<String> THIRD_PARTY = List.of("vertx-core-", "netty-", "jackson-core-");

    private ServerLibraries() {
    }

    /** Adds every library to {@code war}. */
    public static WebArchive addTo(WebArchive war) {
        war.addAsLibrary(module(Member.class, "gossamer-api.jar"));
        war.addAsLibrary(module(SwimNode.class, "gossamer-impl.jar"));
        war.addAsLibrary(module(GossamerNode.class, "gossamer-cdi.jar"));
        war.addAsLibraries(thirdParty().toArray(File[]::new));
        if (System.getProperty("arquillian.launch", "").equals("tomee")) {
            war.addAsLibrary(ShrinkWrap.create(JavaArchive.class, "gossamer-tck-tomee-config-release.jar")
                    .addClass(ReleaseConfigAtShutdown.class)
                    // By name: the client's class path has no CDI API in the server profiles.
                    .addAsServiceProvider("jakarta.enterprise.inject.spi.Extension", ReleaseConfigAtShutdown.class.getName()));
        }
        return war;
    }

    /** The third-party jars on the test class path, by {@link #THIRD_PARTY} prefix. */
    static List<File> thirdParty() {
        List<File> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && f.getName().endsWith(".jar") && THIRD_PARTY.stream().anyMatch(f.getName()::startsWith)) {
                jars.add(f);
            }
        }
        for (String prefix : THIRD_PARTY) {
            if (jars.stream().noneMatch(f -> f.getName().startsWith(prefix))) {
                throw new IllegalStateException("no " + prefix + "*.jar on the test class path: "
                        + Arrays.toString(System.getProperty("java.class.path").split(File.pathSeparator)));
            }
        }
        return jars;
    }

    /** The module holding {@code type}, as it was built: its jar or its classes directory. */
    static JavaArchive module(Class<?> type, String name) {
        File built;
        try {
            built = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return built.isDirectory()
                ? ShrinkWrap.create(ExplodedImporter.class, name).importDirectory(built).as(JavaArchive.class)
                : ShrinkWrap.create(ZipImporter.class, name).importFrom(built).as(JavaArchive.class);
    }
}
