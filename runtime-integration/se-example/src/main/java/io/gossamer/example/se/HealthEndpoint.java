package io.gossamer.example.se;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * MicroProfile Health over HTTP with the JDK's {@code com.sun.net.httpserver}: {@code /health},
 * {@code /health/live}, {@code /health/ready} and {@code /health/started}, answered by SmallRye Health's
 * reporter, with the status codes of the MicroProfile Health protocol (200 UP, 503 DOWN, 500 when the
 * checks cannot be run).
 */
final class HealthEndpoint {

    private static final System.Logger LOG = System.getLogger(HealthEndpoint.class.getName());

    /** Each path and the procedures it reports. */
    private static final Map<String, Function<SmallRyeHealthReporter, SmallRyeHealth>> PATHS = Map.of(
            "/health", SmallRyeHealthReporter::getHealth,
            "/health/live", SmallRyeHealthReporter::getLiveness,
            "/health/ready", SmallRyeHealthReporter::getReadiness,
            "/health/started", SmallRyeHealthReporter::getStartup);

    private HealthEndpoint() {
    }

    /**
     * Adds the health paths to {@code server}. One context for all of them: the JDK matches a context by
     * prefix, so {@code /health} alone would also answer {@code /healthz}.
     */
    static void serve(HttpServer server, SmallRyeHealthReporter reporter) {
        server.createContext("/", exchange -> {
            try {
                respond(exchange, reporter);
            } finally {
                exchange.close();
            }
        });
    }

    private static void respond(HttpExchange exchange, SmallRyeHealthReporter reporter) throws IOException {
        Function<SmallRyeHealthReporter, SmallRyeHealth> procedures = PATHS.get(exchange.getRequestURI().getPath());
        if (procedures == null) {
            send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain", "GET or HEAD\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        SmallRyeHealth health;
        try {
            health = procedures.apply(reporter);
        } catch (RuntimeException e) {
            // While the container shuts down the reporter's beans go away; a probe then must read "not
            // healthy", not hang or reset the connection.
            LOG.log(Level.DEBUG, "health checks failed", e);
            send(exchange, 500, "text/plain", "health checks unavailable\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        reporter.reportHealth(json, health);
        send(exchange, health.isDown() ? 503 : 200, "application/json", json.toByteArray());
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        // -1: no body (HEAD); otherwise the exact length, so that no chunked encoding is needed.
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
