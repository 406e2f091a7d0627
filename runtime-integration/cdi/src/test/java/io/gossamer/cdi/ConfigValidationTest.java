package io.gossamer.cdi;

import io.gossamer.InPool;
import io.gossamer.Membership;
import io.gossamer.Pool;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A bad value fails the deployment (the extension's {@code AfterDeploymentValidation}) with a
 * message naming the key, the value and what is allowed; all bad values are reported together.
 */
class ConfigValidationTest {

    /** Deploys with {@code bad} on top of a valid loopback configuration; returns the failure. */
    private static Throwable deploy(Map<String, String> bad) {
        return deploy(bad, List.of());
    }

    /** As {@link #deploy(Map)}, with the keys {@code unset} removed from the valid configuration. */
    private static Throwable deploy(Map<String, String> bad, List<String> unset) {
        Map<String, String> props = new LinkedHashMap<>(TestNodes.fastNode("validation", "v"));
        unset.forEach(props::remove);
        props.putAll(bad);
        Throwable failure = catchThrowable(() -> TestNodes.start(props).close());
        assertThat(failure).as("deployment with %s", bad).isNotNull();
        return failure;
    }

    /** Our DeploymentException in the failure's causes. */
    private static String problem(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            for (Throwable s : t.getSuppressed()) {
                chain.add(s);
            }
        }
        return chain.stream()
                .filter(t -> t instanceof DeploymentException && t.getMessage() != null
                        && t.getMessage().startsWith(InvalidConfigurationException.HEADLINE))
                .map(Throwable::getMessage).findFirst()
                .orElseThrow(() -> new AssertionError("no Gossamer deployment problem in", failure));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("bad duration", "gossamer.probe-interval", "1.5s", "500ms, 1s, 2m"),
                Arguments.of("duration out of range", "gossamer.leave-timeout", "11m", "from 0s to 10m"),
                Arguments.of("port out of range", "gossamer.bind-port", "70000", "integer from 0 to 65535"),
                Arguments.of("advertise port 0", "gossamer.advertise-port", "0", "integer from 1 to 65535"),
                Arguments.of("not a number", "gossamer.indirect-checks", "three", "integer from 0 to 16"),
                Arguments.of("bad profile", "gossamer.profile", "fast", "one of lan, wan, local, lan-fast"),
                Arguments.of("bad role", "gossamer.role", "leader", "one of server, client"),
                Arguments.of("role not in lower case", "gossamer.role", "Server",
                        "one of server, client, in lower case (server)"),
                Arguments.of("profile not in lower case", "gossamer.profile", "LAN", "in lower case (lan)"),
                Arguments.of("misspelt key", "gossamer.bind-prot", "7000", "did you mean gossamer.bind-port?"),
                Arguments.of("bad cluster name", "gossamer.cluster", "my cluster", "1 to 64 characters"),
                Arguments.of("datacenter too long", "gossamer.datacenter", "d".repeat(65), "1 to 64 characters"),
                Arguments.of("bad node name", "gossamer.node-name", "node/1", "1 to 128 characters"),
                Arguments.of("bad bind address", "gossamer.bind-address", "localhost", "address literal"),
                Arguments.of("bad seed", "gossamer.seeds", "host:99999", "host, host:port"),
                Arguments.of("bad boolean", "gossamer.disable-tcp-pings", "yes", "true or false"),
                Arguments.of("packet size too small", "gossamer.packet-size", "512", "integer from 576 to 65507"),
                Arguments.of("packet size too large", "gossamer.packet-size", "65508", "integer from 576 to 65507"),
                Arguments.of("readiness minimum", "gossamer.readiness.min-members", "0", "integer from 1 to 100000"),
                Arguments.of("multiplier", "gossamer.suspicion-mult", "101", "integer from 1 to 100"),
                // The WAN keys are checked on a client too (these deployments are clients): a
                // malformed value is wrong whatever the role.
                Arguments.of("WAN port out of range", "gossamer.wan.bind-port", "70000", "integer from 0 to 65535"),
                Arguments.of("bad WAN bind address", "gossamer.wan.bind-address", "wan-host", "address literal"),
                Arguments.of("bad WAN advertise address", "gossamer.wan.advertise-address", "10.0.0", "address literal"),
                Arguments.of("WAN advertise port 0", "gossamer.wan.advertise-port", "0", "integer from 1 to 65535"),
                Arguments.of("bad WAN seed", "gossamer.wan.seeds", "[::1", "host, host:port"),
                Arguments.of("bad WAN profile", "gossamer.wan.profile", "slow", "one of lan, wan, local, lan-fast"),
                Arguments.of("bad guard switch", "gossamer.guard.enabled", "off", "true or false"));
    }

    /** One kind of bad value at a time. */
    @ParameterizedTest(name = "{0}: {1}={2}")
    @MethodSource("badValues")
    void aBadValueFailsTheDeploymentNamingKeyValueAndWhatIsAllowed(String kind, String key, String value,
                                                                    String allowed) {
        String message = problem(deploy(Map.of(key, value)));
        assertThat(message).contains(key).contains(value).contains(allowed).contains("(1 problem)");
    }

    /** The probe timeout must be shorter than the probe interval, as resolved with the profile. */
    @Test
    void probeTimeoutNotBelowProbeIntervalFails() {
        String message = problem(deploy(Map.of("gossamer.probe-interval", "200ms", "gossamer.probe-timeout", "200ms")));
        assertThat(message).contains("gossamer.probe-timeout=200ms")
                .contains("must be shorter than gossamer.probe-interval (200ms)");
        // With the lan profile's 500ms timeout, a 300ms interval is too short too.
        String lan = problem(deploy(Map.of("gossamer.profile", "lan", "gossamer.probe-interval", "300ms"),
                List.of("gossamer.probe-timeout")));
        assertThat(lan).contains("gossamer.probe-timeout=500ms");
    }

    /**
     * A key set to nothing (or blanks and commas) is a mistake, not the default: MP Config would
     * read it as unset, and an empty key list would start the node unencrypted, an empty cluster
     * join the default cluster. The deployment fails naming the key (issue 15: each of these
     * deployed before, unencrypted or in the default cluster, with an INFO line at most).
     */
    @ParameterizedTest(name = "{0}=''{1}''")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "gossamer.encrypt.keys|''", "gossamer.encrypt.keys|' , '", "gossamer.encrypt.key-file|''",
            "gossamer.cluster|''", "gossamer.datacenter|'  '", "gossamer.node-name|''", "gossamer.seeds|','"})
    void aKeySetToNothingFailsTheDeploymentNamingIt(String key, String value) {
        String message = problem(deploy(Map.of(key, value), List.of(key)));
        assertThat(message).contains(key + " is set but empty").contains("(1 problem)");
    }

    /** Refused joins cannot be capped below their first wait. */
    @Test
    void refusedJoinCapBelowTheFirstWaitFails() {
        String message = problem(deploy(Map.of("gossamer.join.refused-backoff", "2m",
                "gossamer.join.refused-max-backoff", "1m")));
        assertThat(message).contains("gossamer.join.refused-max-backoff=1m is not allowed")
                .contains("at least gossamer.join.refused-backoff (2m)").contains("(1 problem)");
    }

    /** One tag too large is named by its own key. */
    @Test
    void aTagTooLargeIsNamedByItsOwnKey() {
        String message = problem(deploy(Map.of("gossamer.tags.zone", "z".repeat(300))));
        assertThat(message).contains("gossamer.tags.zone: the value is 300 bytes of UTF-8, at most 255 allowed")
                .contains("(1 problem)");
    }

    /** Tags larger than 512 bytes encoded. */
    @Test
    void oversizedTagsFail() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            tags.put("gossamer.tags.t" + i, "x".repeat(90));
        }
        String message = problem(deploy(tags));
        assertThat(message).contains("gossamer.tags.*").contains("bytes encoded").contains("at most 512 bytes");
    }

    /** Advertising a fixed address with an ephemeral port on one address cannot tell peers the port. */
    @Test
    void advertiseAddressWithEphemeralPortNeedsAdvertisePort() {
        String message = problem(deploy(Map.of("gossamer.advertise-address", "10.0.0.5")));
        assertThat(message).contains("gossamer.advertise-port is not set");
    }

    /** A server's two pools cannot share a port on one address. */
    @Test
    void serverWithTheWanPortEqualToTheLanPortFails() {
        Map<String, String> server = new LinkedHashMap<>(TestNodes.fastServer("validation", "v", "dc1"));
        server.put("gossamer.bind-port", "17946");
        server.put("gossamer.wan.bind-port", "17946");
        String message = problem(deploy(server));
        assertThat(message).contains("gossamer.wan.bind-port=17946 is not allowed")
                .contains("must differ from gossamer.bind-port (17946)")
                .contains("gossamer.wan.bind-address=127.0.0.1, gossamer.bind-address=127.0.0.1");
        // A wildcard overlaps every address.
        server.put("gossamer.wan.bind-address", "0.0.0.0");
        assertThat(problem(deploy(server))).contains("gossamer.wan.bind-port=17946 is not allowed");
    }

    /**
     * A server advertising its WAN pool on a fixed address (its own, or the LAN one it inherits)
     * with an ephemeral WAN port on one address cannot tell other servers the port.
     */
    @Test
    void serverAdvertisingWanAddressWithEphemeralPortNeedsWanAdvertisePort() {
        Map<String, String> server = new LinkedHashMap<>(TestNodes.fastServer("validation", "v", "dc1"));
        server.put("gossamer.wan.advertise-address", "203.0.113.5");
        assertThat(problem(deploy(server))).contains("gossamer.wan.advertise-port is not set")
                .contains("(1 problem)");
        server.remove("gossamer.wan.advertise-address");
        server.put("gossamer.advertise-address", "203.0.113.5");
        server.put("gossamer.advertise-port", "7946");
        assertThat(problem(deploy(server))).contains("gossamer.wan.advertise-port is not set")
                .contains("or else gossamer.advertise-address").contains("(1 problem)");
    }

    /**
     * A client with valid WAN keys deploys: one configuration file is often shared by servers and
     * clients. The keys are named in a warning, and the client starts no WAN pool.
     */
    @Test
    void clientWithWanKeysDeploysWithAWarning() {
        Map<String, String> client = new LinkedHashMap<>(TestNodes.fastNode("validation", "v"));
        client.put("gossamer.wan.bind-port", "0");
        client.put("gossamer.wan.seeds", "127.0.0.1:7947");
        List<String> warnings = warningsWhile(() -> {
            try (TestNodes.Node node = TestNodes.start(client)) {
                Membership wan = node.container.select(Membership.class, InPool.Literal.of(Pool.WAN)).get();
                assertThat(catchThrowable(wan::members)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not a server");
            }
        });
        assertThat(warnings).anyMatch(w -> w.contains("gossamer.role=client")
                && w.contains("gossamer.wan.bind-port") && w.contains("gossamer.wan.seeds")
                && w.contains("only a server has a WAN pool"));
        assertThat(warnings).noneMatch(w -> w.contains("gossamer.cluster"));
    }

    /** A node that does not name its cluster starts, in the cluster named default, with a warning. */
    @Test
    void aNodeWithoutAClusterNameDeploysWithAWarning() {
        Map<String, String> unnamed = new LinkedHashMap<>(TestNodes.fastNode("validation", "v"));
        unnamed.remove("gossamer.cluster");
        List<String> warnings = warningsWhile(() -> {
            try (TestNodes.Node node = TestNodes.start(unnamed)) {
                assertThat(node.container.select(Membership.class).get().localMember().cluster()).isEqualTo("default");
            }
        });
        assertThat(warnings).anyMatch(w -> w.startsWith("gossamer.cluster is not set")
                && w.contains("'default'") && w.contains("name the cluster"));
    }

    /** The WARNING messages of io.gossamer.cdi logged while {@code action} runs. */
    private static List<String> warningsWhile(Runnable action) {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.gossamer.cdi");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
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
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return warnings;
    }

    /** Several bad values: one DeploymentException listing each. */
    @Test
    void severalBadValuesAreReportedTogether() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("gossamer.bind-port", "-1");
        bad.put("gossamer.profile", "LANN");
        bad.put("gossamer.gossip-interval", "fast");
        bad.put("gossamer.role", "boss");
        bad.put("gossamer.packet-size", "100");
        Throwable failure = deploy(bad);
        String message = problem(failure);
        // Printed once by us and once by the container's wrapper, not once more per cause.
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString().split("gossamer.packet-size='100'", -1)).as("%s", trace).hasSizeLessThanOrEqualTo(3);
        assertThat(message).contains("(5 problems)")
                .contains("gossamer.bind-port='-1'")
                .contains("gossamer.profile='LANN'")
                .contains("gossamer.gossip-interval='fast'")
                .contains("gossamer.role='boss'")
                .contains("gossamer.packet-size='100'");
        // Some servers keep only the first line of each exception in a deployment failure's chain.
        assertThat(message.lines().findFirst().orElseThrow()).as("the first line names every key")
                .contains("gossamer.bind-port", "gossamer.profile", "gossamer.gossip-interval", "gossamer.role",
                        "gossamer.packet-size");
    }
}
