package io.gossamer.quarkus.deployment;

import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * A Quarkus application with the extension: the node starts with the application, after its
 * configuration is read, announces its own join to the application's observer, and reports
 * through Quarkus's health endpoints.
 */
class QuarkusNodeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(MembershipEvents.class, StartedBefore.class))
            .overrideConfigKey("gossamer.cluster", "quarkus-" + UUID.randomUUID())
            .overrideConfigKey("gossamer.node-name", "q1")
            .overrideConfigKey("gossamer.bind-address", "127.0.0.1")
            .overrideConfigKey("gossamer.bind-port", "0")
            .overrideConfigKey("gossamer.tags.zone", "eu-1");

    @Inject
    Membership membership;

    @Inject
    MembershipEvents events;

    @Inject
    StartedBefore startedBefore;

    @Test
    void theNodeRunsWithTheApplicationAndAnnouncesItsOwnJoin() {
        assertThat(membership.localMember().name()).isEqualTo("q1");
        assertThat(membership.localMember().state()).isEqualTo(MemberState.ALIVE);
        assertThat(membership.localMember().tags()).containsEntry("zone", "eu-1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events.received())
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(MemberJoined.class,
                        j -> assertThat(j.member().name()).isEqualTo("q1"))));
    }

    @Test
    void applicationStartupObserversFindTheNodeRunning() {
        // Through a method: the injected bean is a client proxy, whose own fields are never set.
        assertThat(startedBefore.localMember()).isEqualTo("q1");
    }

    @Test
    void healthEndpointsReportTheNode() {
        get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("gossamer"));
        get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("gossamer"));
        get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("gossamer"));
    }

    /** An application bean that uses Membership as soon as the application starts. */
    @ApplicationScoped
    public static class StartedBefore {

        private volatile String localMember;

        String localMember() {
            return localMember;
        }

        void onStart(@Observes StartupEvent event, Membership membership) {
            localMember = membership.localMember().name();
        }
    }
}
