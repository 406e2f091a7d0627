package io.gossamer.cdi;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> props = new LinkedHashMap<>(TestNodes.fastNode("validation", "v"));
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
                .filter(t -> t instanceof DeploymentException && t.getCause() instanceof InvalidConfigurationException)
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
                Arguments.of("bad profile", "gossamer.profile", "fast", "one of lan, wan, local"),
                Arguments.of("bad role", "gossamer.role", "leader", "one of server, client"),
                Arguments.of("bad cluster name", "gossamer.cluster", "my cluster", "1 to 64 characters"),
                Arguments.of("datacenter too long", "gossamer.datacenter", "d".repeat(65), "1 to 64 characters"),
                Arguments.of("bad node name", "gossamer.node-name", "node/1", "1 to 128 characters"),
                Arguments.of("bad bind address", "gossamer.bind-address", "localhost", "address literal"),
                Arguments.of("bad seed", "gossamer.seeds", "host:99999", "host, host:port"),
                Arguments.of("bad boolean", "gossamer.disable-tcp-pings", "yes", "true or false"),
                Arguments.of("packet size too small", "gossamer.packet-size", "512", "integer from 576 to 65507"),
                Arguments.of("packet size too large", "gossamer.packet-size", "65508", "integer from 576 to 65507"),
                Arguments.of("readiness minimum", "gossamer.readiness.min-members", "0", "integer from 1 to 100000"),
                Arguments.of("multiplier", "gossamer.suspicion-mult", "101", "integer from 1 to 100"));
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
        String lan = problem(deploy(Map.of("gossamer.profile", "lan", "gossamer.probe-interval", "300ms",
                "gossamer.probe-timeout", "")));
        assertThat(lan).contains("gossamer.probe-timeout=500ms");
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

    /** Several bad values: one DeploymentException listing each. */
    @Test
    void severalBadValuesAreReportedTogether() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("gossamer.bind-port", "-1");
        bad.put("gossamer.profile", "LANN");
        bad.put("gossamer.gossip-interval", "fast");
        bad.put("gossamer.role", "boss");
        bad.put("gossamer.packet-size", "100");
        String message = problem(deploy(bad));
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
