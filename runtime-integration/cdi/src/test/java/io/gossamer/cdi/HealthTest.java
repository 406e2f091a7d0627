package io.gossamer.cdi;

import io.gossamer.Membership;
import io.gossamer.swim.SwimNode;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The MP Health checks named {@code gossamer}, read as JSON from SmallRye Health. */
class HealthTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    /** The check named gossamer in a response; other checks (a server's own) are ignored. */
    static JsonObject gossamer(SmallRyeHealth health) {
        for (JsonValue v : health.getPayload().getJsonArray("checks")) {
            JsonObject check = v.asJsonObject();
            if (check.getString("name").equals("gossamer")) {
                return check;
            }
        }
        throw new AssertionError("no check named gossamer in " + health.getPayload());
    }

    /**
     * Found by discovery, as on a server (this jar's beans.xml and extension service file, and
     * SmallRye Health's own bean archive): liveness and startup are up at once; readiness waits
     * for {@code gossamer.readiness.min-members} alive members and reports the counts.
     */
    @Test
    void checksOfADiscoveredNodeFollowTheCluster() {
        String cluster = "health-" + Long.toHexString(System.nanoTime());
        Map<String, String> props = new java.util.HashMap<>(fastNode(cluster, "a"));
        props.put("gossamer.readiness.min-members", "2");
        props.put("gossamer.datacenter", "eu-1");
        TestNodes.Node a = TestNodes.start(List.of(new PropertiesConfigSource(props, "test", 500)), true);
        toClose.add(a);
        SmallRyeHealthReporter reporter = a.get(SmallRyeHealthReporter.class);

        JsonObject live = gossamer(reporter.getLiveness());
        assertThat(live.getString("status")).isEqualTo("UP");
        assertThat(live.getJsonObject("data").getJsonNumber("local-health").longValue()).isZero();
        assertThat(gossamer(reporter.getStartup()).getString("status")).isEqualTo("UP");

        JsonObject ready = gossamer(reporter.getReadiness());
        assertThat(ready.getString("status")).isEqualTo("DOWN");
        JsonObject data = ready.getJsonObject("data");
        assertThat(data.getString("cluster")).isEqualTo(cluster);
        assertThat(data.getString("datacenter")).isEqualTo("eu-1");
        assertThat(data.getJsonNumber("alive").longValue()).isEqualTo(1);
        assertThat(data.getJsonNumber("suspect").longValue()).isZero();
        assertThat(data.getJsonNumber("dead").longValue()).isZero();

        SwimNode p = TestNodes.startPeer(fastPeer(cluster, "p").datacenter("eu-1").build(), e -> { });
        toClose.add(p);
        TestNodes.await(p.join(List.of(seedOf(a.get(Membership.class).localMember()))));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gossamer(reporter.getReadiness()).getString("status").equals("UP"));
        assertThat(gossamer(reporter.getReadiness()).getJsonObject("data").getJsonNumber("alive").longValue())
                .isEqualTo(2);

        // A crashed peer: suspect, then dead, in the counts; liveness does not care.
        p.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> gossamer(reporter.getReadiness())
                .getJsonObject("data").getJsonNumber("dead").longValue() == 1);
        assertThat(gossamer(reporter.getReadiness()).getString("status")).isEqualTo("DOWN");
        assertThat(gossamer(reporter.getLiveness()).getString("status")).isEqualTo("UP");
    }

    /**
     * With a seed that never answers, the deployment still starts; startup is up once the first
     * join attempt is over, readiness stays down (not joined) while attempts go on.
     */
    @Test
    void anUnreachableSeedDoesNotBlockStartupButKeepsReadinessDown() {
        Map<String, String> props = new java.util.HashMap<>(fastNode("health-seed", "a"));
        // Port 1 on loopback: nobody listens, connections are refused at once.
        props.put("gossamer.seeds", "127.0.0.1:1");
        props.put("gossamer.tcp-timeout", "500ms");
        TestNodes.Node a = TestNodes.start(props, SmallRyeHealthReporter.class, AsyncHealthCheckFactory.class);
        toClose.add(a);
        SmallRyeHealthReporter reporter = a.get(SmallRyeHealthReporter.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gossamer(reporter.getStartup()).getString("status").equals("UP"));
        JsonObject ready = gossamer(reporter.getReadiness());
        assertThat(ready.getString("status")).isEqualTo("DOWN");
        assertThat(ready.getJsonObject("data").getBoolean("joined")).isFalse();
        assertThat(gossamer(reporter.getLiveness()).getString("status")).isEqualTo("UP");
    }

    /** Disabled: nothing starts, the checks are up and say so, Membership refuses. */
    @Test
    void disabledNodeStartsNothing() {
        // A bad value elsewhere does not matter when disabled.
        TestNodes.Node a = TestNodes.start(Map.of("gossamer.enabled", "false", "gossamer.bind-port", "99999"),
                SmallRyeHealthReporter.class, AsyncHealthCheckFactory.class);
        toClose.add(a);
        SmallRyeHealthReporter reporter = a.get(SmallRyeHealthReporter.class);
        for (SmallRyeHealth h : List.of(reporter.getLiveness(), reporter.getReadiness(), reporter.getStartup())) {
            JsonObject check = gossamer(h);
            assertThat(check.getString("status")).isEqualTo("UP");
            assertThat(check.getJsonObject("data").getString("state")).isEqualTo("disabled");
        }
        Membership membership = a.get(Membership.class);
        assertThatThrownBy(membership::localMember).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gossamer.enabled=false");
    }
}
