package io.gossamer.cdi.servers;

import io.gossamer.MemberJoined;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployed application's Gossamer metrics, served by the server's own metrics endpoint in
 * Prometheus text: Open Liberty's MicroProfile Metrics ({@code /metrics}), WildFly's micrometer
 * subsystem ({@code /prometheus} on the management port). The application is joined to a peer the
 * test starts, so members, probes and round trips have something to count.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class ServerMetricsTest {

    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private static PeerGroup peers;
    private static TckPeer peer;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        String cluster = ServerApp.cluster("metrics");
        peers = new PeerGroup();
        peer = peers.start("metrics-peer", cluster, ServerApp.TIMING);
        return ServerApp.war("server-metrics", cluster, List.of(peer.seed()));
    }

    @AfterAll
    static void stopPeer() {
        if (peers != null) {
            peers.close();
        }
    }

    @ArquillianResource
    URL context;

    @Test
    public void theServersEndpointServesMembersProbesAndRoundTrips() {
        Duration joined = ServerApp.TIMING.join().plus(ServerApp.TIMING.dissemination(2));
        peer.log().awaitEvent(MemberJoined.class, ServerApp.NODE_NAME, joined);
        URI uri = ServerApp.metrics(context);
        // A probe each probe interval (400 ms); figures reach the registry within a second of being counted.
        await("Gossamer's metrics at " + uri).atMost(ServerApp.TIMING.local()).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = ServerApp.get(uri);
            assertThat(r.statusCode()).as("GET %s", uri).isEqualTo(200);
            String text = r.body();
            assertThat(value(text, "gossamer_members", Map.of("pool", "lan", "state", "alive")))
                    .as("members alive in:%n%s", text).contains(2.0);
            assertThat(value(text, "gossamer_probes_total", Map.of("pool", "lan", "outcome", "acked")))
                    .as("acked probes in:%n%s", text).hasValueSatisfying(n -> assertThat(n).isPositive());
            assertThat(value(text, "gossamer_probe_duration_seconds_count", Map.of("pool", "lan")))
                    .as("probe round trips in:%n%s", text).hasValueSatisfying(n -> assertThat(n).isPositive());
            assertThat(text).contains("# HELP gossamer_probes_total Probes concluded, by outcome");
        });
    }

    /** The value of the first series named {@code name} whose labels include {@code labels}. */
    private static Optional<Double> value(String text, String name, Map<String, String> labels) {
        Matcher m = SERIES.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                return Optional.of(Double.parseDouble(m.group(3)));
            }
        }
        return Optional.empty();
    }
}
