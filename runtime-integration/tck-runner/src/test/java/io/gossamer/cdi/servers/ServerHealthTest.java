package io.gossamer.cdi.servers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployed application's Gossamer checks, answered over HTTP by the server's own MicroProfile
 * Health endpoint ({@code /health/live}, {@code /health/ready}), not called as beans.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class ServerHealthTest {

    private static final Duration BOUND = ServerApp.TIMING.local();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return ServerApp.war("server-health", ServerApp.cluster("health"), List.of());
    }

    @ArquillianResource
    URL context;

    @Test
    public void livenessIsUpOverHttp() {
        assertGossamerCheckUp("live");
    }

    @Test
    public void readinessIsUpOverHttp() {
        assertGossamerCheckUp("ready");
    }

    /** Polls {@code <health>/<kind>} until it answers 200 with a check named gossamer that is UP. */
    private void assertGossamerCheckUp(String kind) {
        URI uri = URI.create(ServerApp.health(context) + "/" + kind);
        await("the gossamer check at " + uri + " UP").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HttpResponse<String> r = ServerApp.get(uri);
                    assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
                    JsonObject body = new JsonObject(r.body());
                    assertThat(body.getString("status")).as(r.body()).isEqualTo("UP");
                    JsonArray checks = body.getJsonArray("checks");
                    List<JsonObject> ours = checks.stream().map(JsonObject.class::cast)
                            .filter(c -> "gossamer".equals(c.getString("name"))).toList();
                    assertThat(ours).as("checks named gossamer in %s", r.body()).hasSize(1);
                    assertThat(ours.get(0).getString("status")).as(r.body()).isEqualTo("UP");
                });
    }
}
