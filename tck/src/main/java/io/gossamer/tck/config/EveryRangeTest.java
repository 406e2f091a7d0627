package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.TckTiming;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every key with a range in {@link GossamerConfig}'s javadoc set just outside it, well-formed, in
 * one deployment of a server (so that the WAN keys are read): deploying fails once, and the
 * failure names every key. The other {@code config.*} scenarios break one value each, malformed
 * or out of range; this one checks that no range is merely documented.
 */
@Tag(BrokenConfiguration.TAG)
@ExtendWith(ArquillianExtension.class)
public class EveryRangeTest {

    private static final String NAME = "every-range";

    /** Each key, and a value just outside the range its javadoc gives. */
    private static final Map<String, String> OUT_OF_RANGE = outOfRange();

    private static Map<String, String> outOfRange() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(GossamerConfig.CLUSTER, "c".repeat(65));                     // 1–64 characters
        v.put(GossamerConfig.DATACENTER, "d".repeat(65));                  // 1–64 characters
        v.put(GossamerConfig.NODE_NAME, "n".repeat(129));                  // 1–128 characters
        v.put(GossamerConfig.BIND_PORT, "65536");                          // 0–65535
        v.put(GossamerConfig.ADVERTISE_PORT, "0");                         // 1–65535
        v.put(GossamerConfig.PROBE_INTERVAL, "61s");                       // 10ms–1m
        v.put(GossamerConfig.PROBE_TIMEOUT, "0ms");                        // 1ms–1m
        v.put(GossamerConfig.INDIRECT_CHECKS, "17");                       // 0–16
        v.put(GossamerConfig.RETRANSMIT_MULT, "0");                        // 1–100
        v.put(GossamerConfig.SUSPICION_MULT, "101");                       // 1–100
        v.put(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, "0");             // 1–100
        v.put(GossamerConfig.REFUSED_SUSPICION_TIMEOUT, "61s");            // 0s–1m
        v.put(GossamerConfig.UNREACHABLE_SUSPICION_TIMEOUT, "61s");        // 0s–1m
        v.put(GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER, "101");          // 1–100
        v.put(GossamerConfig.GOSSIP_INTERVAL, "61s");                      // 0–1m
        v.put(GossamerConfig.GOSSIP_NODES, "65");                          // 0–64
        v.put(GossamerConfig.SPATIAL_GOSSIP_EXPONENT, "5");                // 0–4
        v.put(GossamerConfig.EVENT_COALESCE_PERIOD, "61s");                // 0s–1m
        v.put(GossamerConfig.EVENT_QUIESCENT_PERIOD, "61s");               // 0s–1m
        v.put(GossamerConfig.GOSSIP_TO_THE_DEAD_TIME, "25h");              // 0–24h
        v.put(GossamerConfig.PUSH_PULL_INTERVAL, "25h");                   // 0–24h
        v.put(GossamerConfig.TCP_TIMEOUT, "11m");                          // 1ms–10m
        v.put(GossamerConfig.RECONNECT_INTERVAL, "999ms");                 // 1s–24h
        v.put(GossamerConfig.RECONNECT_TIMEOUT, "8785h");                  // 0–365d
        v.put(GossamerConfig.TOMBSTONE_TIMEOUT, "8785h");                  // 0–365d
        v.put(GossamerConfig.DEAD_NODE_RECLAIM_TIME, "8785h");             // 0–365d
        v.put(GossamerConfig.PACKET_SIZE, "575");                          // 576–65507
        v.put(GossamerConfig.MAX_MEMBERS, "1");                            // 2–1000000
        v.put(GossamerConfig.LEAVE_TIMEOUT, "11m");                        // 0–10m
        v.put(GossamerConfig.READINESS_MIN_MEMBERS, "0");                  // 1–100000
        v.put(GossamerConfig.JOIN_REFUSED_BACKOFF, "61m");                 // 1ms–1h
        v.put(GossamerConfig.JOIN_REFUSED_MAX_BACKOFF, "25h");             // 1ms–24h
        v.put(GossamerConfig.WAN_BIND_PORT, "65536");                      // 0–65535
        v.put(GossamerConfig.WAN_ADVERTISE_PORT, "0");                     // 1–65535
        return v;
    }

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        Map<String, String> config = new LinkedHashMap<>(Deployments.node(NAME, TckTiming.standard(),
                Deployments.server()));
        config.putAll(OUT_OF_RANGE);
        return Deployments.war(NAME, config);
    }

    /**
     * [config-invalid-fails-deployment] A value outside its key's range fails the deployment,
     * every such problem named in the one failure.
     */
    @Test
    @RunAsClient
    public void theDeploymentFailsNamingEveryKey() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(NAME),
                "a deployment with every key out of range was deployed");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        List<String> unnamed = new ArrayList<>();
        for (String key : OUT_OF_RANGE.keySet()) {
            // The key itself, not a longer key it begins.
            if (!Pattern.compile(Pattern.quote(key) + "(?![A-Za-z0-9.-])").matcher(messages).find()) {
                unnamed.add(key);
            }
        }
        assertEquals(List.of(), unnamed, "keys out of range that no failure message names:\n" + messages);
    }
}
