package io.gossamer.cdi.servers.helidon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import io.helidon.microprofile.server.Server;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * Helidon MP 3 as an Arquillian container, in the tests' JVM. Helidon is a library, not a server
 * that deploys archives, and only one Helidon (one CDI container) can run in a JVM at a time, so
 * deploying an archive starts Helidon for it and undeploying stops it.
 *
 * <p>A web archive is unpacked under {@code appsDir}; {@code WEB-INF/classes} and the jars of
 * {@code WEB-INF/lib} become a class loader whose parent is the tests' class path (Helidon, and
 * the classes the tests share with the deployment, such as the TCK's peers). Classes load from
 * the parent first, as on Arquillian's Weld embedded container, but resources come from the
 * archive first, and the parent's resources are hidden where the archive ships the same classes:
 * the beans, {@code beans.xml}, CDI extensions and {@code META-INF/microprofile-config.properties}
 * Helidon discovers are the deployment's, plus Helidon's own. The archive's
 * {@code WEB-INF/beans.xml} is copied to {@code WEB-INF/classes/META-INF/beans.xml}, where
 * Helidon's (Weld SE's) discovery looks. Tests run in this JVM (Arquillian's local protocol) and
 * are injected through the running container's {@code BeanManager}.
 */
public final class HelidonContainer implements DeployableContainer<HelidonConfiguration> {

    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();

    private HelidonConfiguration configuration;

    @Inject
    @DeploymentScoped
    private InstanceProducer<BeanManager> beanManager;

    @Override
    public Class<HelidonConfiguration> getConfigurationClass() {
        return HelidonConfiguration.class;
    }

    @Override
    public void setup(HelidonConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        // Helidon starts with each deployment.
    }

    @Override
    public void stop() {
        deployed.values().forEach(Deployed::close);
        deployed.clear();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        if (!deployed.isEmpty()) {
            throw new DeploymentException("Helidon runs one deployment at a time (one CDI container per JVM); "
                    + deployed.keySet() + " is deployed");
        }
        Path dir = Path.of(configuration.getAppsDir(), DEPLOYMENTS.incrementAndGet() + "-" + archive.getName());
        DeploymentLoader loader;
        try {
            loader = unpack(archive, dir);
        } catch (IOException | UncheckedIOException e) {
            delete(dir);
            throw new DeploymentException("could not unpack " + archive.getName() + " into " + dir, e);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        Server server;
        try {
            server = Server.builder().host(configuration.getHost()).port(0).build().start();
        } catch (RuntimeException | Error e) {
            release(loader);
            thread.setContextClassLoader(previous);
            closeQuietly(loader);
            delete(dir);
            throw new DeploymentException("Helidon failed to start " + archive.getName() + ": " + e, e);
        }
        Deployed d = new Deployed(server, loader, previous, dir);
        deployed.put(archive.getName(), d);
        beanManager.set(CDI.current().getBeanManager());
        return new ProtocolMetaData().addContext(new HTTPContext(configuration.getHost(), server.port()));
    }

    @Override
    public void undeploy(Archive<?> archive) {
        Deployed d = deployed.remove(archive.getName());
        if (d != null) {
            d.close();
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployable to Helidon");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployable to Helidon");
    }

    /** Unpacks {@code archive} into {@code dir} and returns its class loader. */
    private static DeploymentLoader unpack(Archive<?> archive, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        archive.as(ExplodedExporter.class).exportExplodedInto(dir.toFile());
        List<Path> roots = new ArrayList<>();
        if (archive instanceof WebArchive) {
            Path classes = dir.resolve("WEB-INF/classes");
            Files.createDirectories(classes);
            Path webInfBeans = dir.resolve("WEB-INF/beans.xml");
            Path beans = classes.resolve("META-INF/beans.xml");
            if (Files.exists(webInfBeans) && !Files.exists(beans)) {
                Files.createDirectories(beans.getParent());
                Files.copy(webInfBeans, beans, StandardCopyOption.REPLACE_EXISTING);
            }
            roots.add(classes);
            Path lib = dir.resolve("WEB-INF/lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(roots::add);
                }
            }
        } else {
            roots.add(dir);
        }
        ClassLoader parent = HelidonContainer.class.getClassLoader();
        URL[] urls = new URL[roots.size()];
        Set<String> shipped = new HashSet<>();
        for (int i = 0; i < urls.length; i++) {
            urls[i] = roots.get(i).toUri().toURL();
            shipped.addAll(parentRoots(roots.get(i), parent));
        }
        return new DeploymentLoader(urls, parent, shipped);
    }

    /**
     * Where on the parent's class path the classes of {@code root} (a directory or a jar of the
     * archive) are found: those roots' resources are the archive's own, hidden from the parent.
     * One class per jar suffices; every class of a directory is looked up.
     */
    private static Set<String> parentRoots(Path root, ClassLoader parent) throws IOException {
        List<String> classes = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> classes.add(root.relativize(p).toString().replace('\\', '/')));
            }
        } else {
            try (ZipFile zip = new ZipFile(root.toFile())) {
                zip.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.equals("module-info.class"))
                        .findFirst().ifPresent(classes::add);
            }
        }
        Set<String> found = new HashSet<>();
        for (String name : classes) {
            URL url = parent.getResource(name);
            if (url != null) {
                String s = url.toString();
                found.add(s.substring(0, s.length() - name.length()));
            }
        }
        return found;
    }

    /** Lets Helidon's MicroProfile Config forget the deployment's configuration (and class loader). */
    private static void release(ClassLoader loader) {
        try {
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(loader));
        } catch (RuntimeException e) {
            // Nothing registered for it.
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Its jars are deleted next anyway.
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left under target/.
        }
    }

    /** A running deployment. */
    private record Deployed(Server server, DeploymentLoader loader, ClassLoader previous, Path dir) {

        void close() {
            try {
                server.stop();
            } finally {
                release(loader);
                Thread.currentThread().setContextClassLoader(previous);
                closeQuietly(loader);
                delete(dir);
            }
        }
    }

    /**
     * The deployment's class loader: classes from the parent first, resources from the archive
     * first and then from the parent, less the parent's roots that the archive ships itself.
     */
    static final class DeploymentLoader extends URLClassLoader {

        private final Set<String> hidden;

        DeploymentLoader(URL[] urls, ClassLoader parent, Set<String> hidden) {
            super(urls, parent);
            this.hidden = hidden;
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            if (own != null) {
                return own;
            }
            try {
                Enumeration<URL> inherited = getParent().getResources(name);
                while (inherited.hasMoreElements()) {
                    URL url = inherited.nextElement();
                    if (visible(url)) {
                        return url;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Set<URL> all = new LinkedHashSet<>(Collections.list(findResources(name)));
            for (URL url : Collections.list(getParent().getResources(name))) {
                if (visible(url)) {
                    all.add(url);
                }
            }
            return Collections.enumeration(all);
        }

        private boolean visible(URL url) {
            String s = url.toString();
            return hidden.stream().noneMatch(s::startsWith);
        }
    }
}
