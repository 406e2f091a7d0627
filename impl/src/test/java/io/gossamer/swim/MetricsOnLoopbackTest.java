package io.gossamer.swim;

import io.gossamer.LocalRefutation;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.swim.metrics.MeasurementListener;
import io.gossamer.swim.metrics.NodeMetrics;
import io.gossamer.swim.metrics.ProtocolMetrics;
import io.gossamer.swim.metrics.SwimMetrics;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gossamer.swim.TestSupport.await;
import static io.gossamer.swim.TestSupport.local;
import static io.gossamer.swim.TestSupport.loopback;
import static io.gossamer.swim.TestSupport.seedOf;
import static org.assertj.core.api.Assertions.assertThat;

/** What real nodes count and measure while they run: the figures an operator's metrics read. */
class MetricsOnLoopbackTest {

    private final Vertx vertx = TestSupport.newVertx();
    private final List<SwimNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        TestSupport.closeAll(nodes, vertx);
    }

    @Test
    void probesExchangesMessagesAndApplicationTrafficAreCountedAndRoundTripsMeasured() {
        Queue<Long> roundTrips = new ConcurrentLinkedQueue<>();
        Queue<Long> deliveries = new ConcurrentLinkedQueue<>();
        SwimNode a = start("a", loopback(vertx).measurements(new MeasurementListener() {
            @Override
            public void probeRoundTrip(long roundTripNanos) {
                roundTrips.add(roundTripNanos);
            }

            @Override
            public void eventDelivered(long delayNanos) {
                deliveries.add(delayNanos);
            }
        }));
        SwimNode b = start("b", loopback(vertx));
        SwimNode c = start("c", loopback(vertx));
        assertThat(await(b.join(List.of(seedOf(a))))).isEqualTo(1);
        assertThat(await(c.join(List.of(seedOf(a))))).isEqualTo(1);

        await(a.sendEvent("deploy", "v2".getBytes(StandardCharsets.UTF_8), false));
        await(b.query("load", new byte[0], QueryOptions.defaults().withTimeout(Duration.ofMillis(500)),
                new QueryListener() { }));

        // Every probe of a's is acked by a live target on loopback; a few rounds of them.
        org.awaitility.Awaitility.await().atMost(TestSupport.STEP).untilAsserted(() -> {
            ProtocolMetrics p = a.protocolMetrics();
            assertThat(p.probesAcked()).isGreaterThanOrEqualTo(3);
            assertThat(roundTrips).hasSizeGreaterThanOrEqualTo(3);
            assertThat(c.eventMetrics().delivered()).isEqualTo(1);
            assertThat(a.queryMetrics().delivered()).isEqualTo(1);
        });
        assertThat(roundTrips).allSatisfy(nanos -> assertThat(nanos).isPositive().isLessThan(
                local("x").build().probeTimeout().multipliedBy(10).toNanos()));
        ProtocolMetrics p = a.protocolMetrics();
        assertThat(p.probesFailed()).isZero();
        assertThat(p.refutations()).containsOnlyKeys(LocalRefutation.Claim.values()).allSatisfy(
                (claim, n) -> assertThat(n).isZero());
        // The joins were state exchanges that b and c started and a served.
        assertThat(b.protocolMetrics().pushPullsStarted()).isGreaterThanOrEqualTo(1);
        assertThat(a.protocolMetrics().pushPullsServed()).isGreaterThanOrEqualTo(2);
        assertThat(a.eventMetrics().sent()).isEqualTo(1);
        assertThat(b.queryMetrics().asked()).isEqualTo(1);

        SwimMetrics m = a.metrics();
        assertThat(m.messagesSent()).containsKeys("ping", "ack", "user_event");
        assertThat(m.messagesReceived()).containsKeys("ping", "ack", "query");
        assertThat(m.messageBytesSent().get("ping")).isGreaterThan(m.messagesSent().get("ping"));
        // Message bytes are within their datagrams' bytes.
        assertThat(m.messageBytesSent().values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(m.bytesSent());
        // a's own join and those of b and c, each delivered after it was recorded.
        assertThat(deliveries).hasSizeGreaterThanOrEqualTo(3).allSatisfy(d -> assertThat(d).isNotNegative());
    }

    @Test
    void theCatalogReadsEveryCounterAndGaugeOfARunningNode() {
        SwimNode a = start("a", loopback(vertx));
        SwimNode b = start("b", loopback(vertx));
        await(b.join(List.of(seedOf(a))));
        org.awaitility.Awaitility.await().atMost(TestSupport.STEP)
                .until(() -> a.protocolMetrics().probesAcked() > 0);

        List<NodeMetrics.Sample> samples = new ArrayList<>();
        a.readMetrics(samples::add);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.pool()).isEqualTo("lan");
            assertThat(s.metric().kind()).isNotEqualTo(NodeMetrics.Kind.HISTOGRAM);
            assertThat(s.attribute().isEmpty()).isEqualTo(s.metric().attribute().isEmpty());
        });
        assertThat(value(samples, NodeMetrics.MEMBERS, "alive")).isEqualTo(2);
        assertThat(value(samples, NodeMetrics.MEMBERS, "dead")).isZero();
        assertThat(value(samples, NodeMetrics.PROBES, "acked")).isPositive();
        assertThat(value(samples, NodeMetrics.PUSH_PULLS, "peer")).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, NodeMetrics.MESSAGES_SENT, "ping")).isPositive();
        assertThat(value(samples, NodeMetrics.COORDINATE_ERROR, "")).isPositive();
        // Every counter and gauge of the catalog shows, except those of things that never happened.
        assertThat(samples.stream().map(NodeMetrics.Sample::metric).distinct())
                .containsAll(NodeMetrics.ALL.stream().filter(d -> d.kind() != NodeMetrics.Kind.HISTOGRAM
                        && d != NodeMetrics.DROPS).toList());
    }

    private static double value(List<NodeMetrics.Sample> samples, NodeMetrics.Descriptor metric, String attribute) {
        return samples.stream().filter(s -> s.metric() == metric && s.attribute().equals(attribute))
                .mapToDouble(NodeMetrics.Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric.name() + " " + attribute));
    }

    private SwimNode start(String name, SwimNodeOptions.Builder options) {
        SwimNode n = await(SwimNode.start(local(name).build(), options.build()));
        nodes.add(n);
        return n;
    }
}
