package io.gossamer.cdi;

import io.gossamer.Membership;
import io.gossamer.RefusalReason;
import io.gossamer.swim.SwimNode;

import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealthReporter;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.gossamer.cdi.HealthTest.gossamer;
import static io.gossamer.cdi.TestNodes.fastNode;
import static io.gossamer.cdi.TestNodes.fastPeer;
import static io.gossamer.cdi.TestNodes.seedOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seed that refuses the join (a configuration mistake, not a network failure): the node retries
 * slower and slower, says why once in a WARNING rather than at every attempt, and its readiness
 * data names the refusal and the refusing seed while that is why it is not joined.
 */
class RefusedJoinTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        Collections.reverse(toClose);
        TestNodes.closeAll(toClose);
    }

    @Test
    void refusedJoinsBackOffAndReadinessNamesTheRefusal() {
        String cluster = "refused-" + Long.toHexString(System.nanoTime());
        // A seed of the same cluster in another datacenter: its LAN pool is not ours.
        SwimNode seed = TestNodes.startPeer(fastPeer(cluster, "s").datacenter("dc-other").build(), e -> { });
        toClose.add(seed);
        String seedAddress = seedOf(seed.localMember());

        Map<String, String> props = new HashMap<>(fastNode(cluster, "a"));
        props.put("gossamer.seeds", seedAddress);
        props.put("gossamer.join.refused-backoff", "200ms");
        props.put("gossamer.join.refused-max-backoff", "800ms");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.gossamer.cdi");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getMessage().contains("refused the join")) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            TestNodes.Node a = TestNodes.start(props, SmallRyeHealthReporter.class, AsyncHealthCheckFactory.class);
            toClose.add(a);
            SmallRyeHealthReporter reporter = a.get(SmallRyeHealthReporter.class);

            // The wait announced after each refused attempt, as readiness reports it, by attempt.
            // Each wait lies in the band of its refusal's base (200, 400, then 800 ms: doubling to
            // the cap), shortened by at most a fifth. The bands are checked rather than the
            // attempt numbers: a poll may miss an attempt on a loaded machine, and an attempt whose
            // stream misses the local profile's 1 s deadline is silence, counted as an attempt but
            // not as a refusal.
            Map<Long, Long> refusedWaits = new ConcurrentSkipListMap<>();
            long[] bases = {200, 400, 800};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
                JsonObject data = gossamer(reporter.getReadiness()).getJsonObject("data");
                if (data.containsKey("join-refused")) {
                    refusedWaits.putIfAbsent(data.getJsonNumber("join-attempts").longValue(),
                            data.getJsonNumber("join-retry-in-ms").longValue());
                }
                return refusedWaits.values().stream().filter(w -> band(w, bases) == bases.length - 1).count() >= 2;
            });
            List<Integer> bands = refusedWaits.values().stream().map(w -> band(w, bases)).toList();
            assertThat(bands).as("the band of each wait, by attempt (%s)", refusedWaits)
                    .doesNotContain(-1).isSorted();
            assertThat(bands.get(0)).as("the first wait seen (%s)", refusedWaits).isLessThanOrEqualTo(1);

            JsonObject ready = gossamer(reporter.getReadiness());
            assertThat(ready.getString("status")).isEqualTo("DOWN");
            JsonObject data = ready.getJsonObject("data");
            assertThat(data.getBoolean("joined")).isFalse();
            assertThat(data.getString("join-refused")).isEqualTo(RefusalReason.FOREIGN_DATACENTER.name());
            assertThat(data.getString("join-refused-by")).isEqualTo(seedAddress);
            assertThat(data.getString("join-refused-detail")).contains("dc-other");

            // One WARNING names the refusal; the attempts after it are not logged as warnings again.
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("FOREIGN_DATACENTER").contains(seedAddress).contains("dc-other");

            // Joined by a peer of its own datacenter: ready, and the refusal is no longer why it is not.
            SwimNode peer = TestNodes.startPeer(fastPeer(cluster, "p").build(), e -> { });
            toClose.add(peer);
            TestNodes.await(peer.join(List.of(seedOf(a.get(Membership.class).localMember()))));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gossamer(reporter.getReadiness()).getString("status").equals("UP"));
            JsonObject joined = gossamer(reporter.getReadiness()).getJsonObject("data");
            assertThat(joined.containsKey("join-refused")).isFalse();
            assertThat(joined.containsKey("join-retry-in-ms")).isFalse();
        } finally {
            logger.removeHandler(handler);
        }
    }

    /** Which base's band {@code wait} lies in ([base × 4/5, base]), or -1 if none. */
    private static int band(long wait, long[] bases) {
        for (int i = 0; i < bases.length; i++) {
            if (wait >= bases[i] * 4 / 5 && wait <= bases[i]) {
                return i;
            }
        }
        return -1;
    }
}
