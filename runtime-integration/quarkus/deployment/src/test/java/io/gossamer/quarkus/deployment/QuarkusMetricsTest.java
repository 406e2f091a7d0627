package io.gossamer.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Quarkus's Micrometer extension, the node's metrics appear in Quarkus's own Prometheus
 * endpoint, through the Micrometer bridge that other runtimes use too.
 */
class QuarkusMetricsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("gossamer.cluster", "quarkus-" + UUID.randomUUID())
            .overrideConfigKey("gossamer.node-name", "m1")
            .overrideConfigKey("gossamer.bind-address", "127.0.0.1")
            .overrideConfigKey("gossamer.bind-port", "0");

    @Test
    void theNodesMetricsAreInQuarkusPrometheusEndpoint() {
        // Figures are read once a second: the first scrape may come before them.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String text = get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(text).containsPattern("gossamer_members\\{pool=\"lan\",state=\"alive\",?\\} 1\\.0")
                    .contains("# TYPE gossamer_members gauge", "gossamer_probes_total{");
        });
    }
}
