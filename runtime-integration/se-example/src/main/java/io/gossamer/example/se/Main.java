package io.gossamer.example.se;

import io.gossamer.Member;
import io.gossamer.Membership;

import io.smallrye.health.SmallRyeHealthReporter;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Gossamer in a plain Java SE application: boots Weld SE (which starts the Gossamer node, configured by
 * MicroProfile Config), serves MicroProfile Health over HTTP with the JDK's own server, and on SIGTERM or
 * Ctrl-C leaves the cluster gracefully before the JVM exits.
 *
 * <p>Configuration (system properties, environment, {@code META-INF/microprofile-config.properties}): the
 * {@code gossamer.*} keys of {@code gossamer-cdi}, plus {@value #HTTP_HOST} and {@value #HTTP_PORT}.
 */
public final class Main {

    static final String HTTP_HOST = "example.http.host";
    static final String HTTP_PORT = "example.http.port";

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // Before anything logs (so no static logger in this class): JUL would otherwise drop what the graceful
        // leave logs during shutdown (see ShutdownSafeLogManager). A -D on the command line wins.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        // JUL's default layout takes two lines per record; one reads better in a terminal. Set before the first
        // record is logged (the console handler reads it when it is made); -D on the command line wins.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        Config config = ConfigProvider.getConfig();
        InetSocketAddress httpAddress = new InetSocketAddress(config.getValue(HTTP_HOST, String.class),
                config.getValue(HTTP_PORT, Integer.class));

        // Bound before the node starts: a port already taken fails here, before the node has joined (and would
        // have to leave) any cluster.
        HttpServer http = HttpServer.create(httpAddress, 0);

        // Weld SE registers a shutdown hook of its own by default. With ours beside it the two race to close the
        // container (the JVM starts all hooks at once, in no order), and the loser throws "WELD-ENV-002002: Weld
        // SE container ... was already shut down" at every stop. So Weld's is off, and the one hook below closes
        // the container, then the HTTP server.
        WeldContainer container;
        try {
            container = new Weld().skipShutdownHook().initialize();
        } catch (RuntimeException e) {
            http.stop(0);
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // Closing the container runs gossamer-cdi's @PreDestroy: the node leaves every pool gracefully
                // (at most gossamer.leave-timeout, 5 s by default), so peers record it LEFT, never DEAD.
                container.close();
            } finally {
                // After the leave: a probe during it still gets an answer, readiness DOWN while the node leaves.
                // stop(0): on Java 17 a longer delay is always waited out in full, even with no request open.
                http.stop(0);
                stopped.countDown();
            }
        }, "se-example-shutdown"));

        HealthEndpoint.serve(http, container.select(SmallRyeHealthReporter.class).get());
        http.start();

        Member local = container.select(Membership.class).get().localMember();
        System.getLogger(Main.class.getName()).log(Level.INFO, "node " + local.name() + " of cluster "
                + local.cluster() + " at " + local.address() + ":" + local.port() + "; health at http://"
                + http.getAddress().getHostString() + ":" + http.getAddress().getPort() + "/health");

        // Gossamer's and the HTTP server's threads would keep the JVM up anyway; waiting here says so, and
        // main returns only once the hook has finished.
        stopped.await();
    }
}
