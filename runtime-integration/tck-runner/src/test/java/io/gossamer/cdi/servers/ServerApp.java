package io.gossamer.cdi.servers;

import io.gossamer.GossamerConfig;
import io.gossamer.cdi.servers.app.EventsServlet;
import io.gossamer.cdi.servers.app.ObservedEvents;
import io.gossamer.tck.support.TckTiming;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The application the server tests deploy, and how the client side talks to the server: a web
 * archive with the implementation ({@link ServerLibraries}), an observer recording every
 * membership event and a servlet that reads them out ({@code /events}, {@code /member}; a JAX-RS
 * resource on Helidon, which has no servlet container); the server's health endpoint; plain HTTP
 * GETs.
 */
final class ServerApp {

    /** The node name of the deployed application. */
    static final String NODE_NAME = "app";

    /** The timing of the application and of the peers: the TCK's. */
    static final TckTiming TIMING = TckTiming.standard();

    /**
     * Where the server answers MicroProfile Health, as a template: {@code {root}} is the server's
     * HTTP root, {@code {context}} the application's; WildFly's is on its management port.
     */
    static final String HEALTH_PROPERTY = "gossamer.servers.health";

    /**
     * Where the server serves its metrics in Prometheus text, a template as {@link #HEALTH_PROPERTY}
     * is: set by the profiles whose server has an endpoint for the application's metrics.
     */
    static final String METRICS_PROPERTY = "gossamer.servers.metrics";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerApp() {
    }

    /** A cluster name of its own, so runs never meet. */
    static String cluster(String scenario) {
        return "servers-" + scenario + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * The application as {@code name}.war (its context root on most servers: never {@code health},
     * which Open Liberty serves MicroProfile Health at), its node in {@code cluster}, joining
     * {@code seeds} (none if empty).
     */
    static WebArchive war(String name, String cluster, List<String> seeds) {
        Map<String, String> config = new LinkedHashMap<>(TIMING.properties());
        config.put(GossamerConfig.CLUSTER, cluster);
        config.put(GossamerConfig.NODE_NAME, NODE_NAME);
        config.put(GossamerConfig.BIND_ADDRESS, "127.0.0.1");
        config.put(GossamerConfig.BIND_PORT, "0");
        if (!seeds.isEmpty()) {
            config.put(GossamerConfig.SEEDS, String.join(",", seeds));
        }
        StringBuilder props = new StringBuilder();
        config.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(ObservedEvents.class, EventsServlet.class)
                .addAsResource(new StringAsset(props.toString()), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        if (System.getProperty("arquillian.launch", "").equals("helidon")) {
            // Helidon has no servlet container: the same endpoints through JAX-RS, compiled in the
            // helidon profile only (src/test/helidon), hence by name.
            war.addClass("io.gossamer.cdi.servers.helidon.EventsResource");
        }
        return ServerLibraries.addTo(war);
    }

    /** The server's health endpoint for the application at {@code context}, without a trailing slash. */
    static URI health(URL context) {
        return endpoint(context, System.getProperty(HEALTH_PROPERTY, "{root}/health"));
    }

    /** The server's metrics endpoint, for the application at {@code context}. */
    static URI metrics(URL context) {
        String template = System.getProperty(METRICS_PROPERTY);
        if (template == null) {
            throw new IllegalStateException(METRICS_PROPERTY + " is not set: this server's profile names no metrics "
                    + "endpoint");
        }
        return endpoint(context, template);
    }

    private static URI endpoint(URL context, String template) {
        String root = context.getProtocol() + "://" + context.getHost() + ":" + context.getPort();
        String app = context.toString().replaceAll("/+$", "");
        return URI.create(template.replace("{root}", root).replace("{context}", app));
    }

    /** A GET: the status code and the body. */
    static HttpResponse<String> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }

    /** The events the application observed, one line each ({@link ObservedEvents#lines()}). */
    static List<String> observed(URL context) {
        return observed(URI.create(context.toString()));
    }

    /** The events the application at {@code context} observed, one line each. */
    static List<String> observed(URI context) {
        HttpResponse<String> r = get(URI.create(context.toString().replaceAll("/+$", "") + "/events"));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /events answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * Whether nothing is bound to {@code port} on 127.0.0.1: a UDP socket binds there without
     * address reuse, and a TCP listener binds there (with address reuse, so that connections of
     * the old node still in TIME_WAIT do not count; a listener still bound does). Both are
     * released again at once.
     */
    static boolean portIsFree(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket(null)) {
            udp.setReuseAddress(false);
            udp.bind(new InetSocketAddress(loopback, port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(loopback, port));
        } catch (IOException e) {
            return false;
        }
        return true;
    }
}
