package io.gossamer.example.quarkus;

import io.gossamer.MemberJoined;
import io.gossamer.MemberState;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The application as it ships: built by quarkus-maven-plugin, started from target/quarkus-app as a
 * process of its own. It joins the peer that the test runs, and its readiness (two members alive
 * required) says so.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PeerResource.class)
class PackagedApplicationIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void theApplicationJoinsThePeerAndIsReady() {
        await("the peer records the application").atMost(STEP).untilAsserted(() ->
                assertThat(PeerResource.EVENTS).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                        MemberJoined.class, j -> assertThat(j.member().name()).isEqualTo("app"))));
        await("the application is ready").atMost(STEP).untilAsserted(() ->
                get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        assertThat(PeerResource.peer.members()).filteredOn(m -> m.name().equals("app"))
                .singleElement().extracting(m -> m.state()).isEqualTo(MemberState.ALIVE);
    }
}
