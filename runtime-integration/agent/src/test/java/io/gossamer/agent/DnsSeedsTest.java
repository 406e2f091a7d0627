package io.gossamer.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seed given as a DNS name, as a Kubernetes headless service is: the name resolves to every
 * member's address, and is resolved again at each join attempt. The agents resolve through a hosts
 * file of the test's ({@code -Djdk.net.hosts.file}, the JDK's own resolver reading it at each
 * lookup), and run on 127.0.0.2 and 127.0.0.3 on one port, as pods behind the service would.
 */
class DnsSeedsTest {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String NAME = "members.gossamer.test";
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stop() {
        agents.forEach(AgentProcess::close);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSeedNameJoinsEveryAddressItHasAndIsResolvedAgainAtEachAttempt(@TempDir Path dir) throws Exception {
        int port = freeOnBoth("127.0.0.2", "127.0.0.3");
        Path hosts = dir.resolve("hosts");
        // At first the name points where nobody is: the first attempts fail.
        Files.writeString(hosts, "127.0.0.9 " + NAME + "\n");
        String cluster = "dns-" + Long.toHexString(System.nanoTime());
        AgentProcess a = agent(dir, hosts, cluster, "pod-a", "127.0.0.2:" + port);
        AgentProcess b = agent(dir, hosts, cluster, "pod-b", "127.0.0.3:" + port);
        a.awaitLine(l -> l.contains(" STARTED "), STEP, "pod-a started");
        b.awaitLine(l -> l.contains(" STARTED "), STEP, "pod-b started");
        AgentProcess joiner = agent(dir, hosts, cluster, "joiner", "127.0.0.1:0", "--join", NAME + ":" + port);
        joiner.awaitLine(l -> l.contains(" STARTED "), STEP, "joiner started");
        org.awaitility.Awaitility.await().atMost(STEP).until(() -> joiner.errors().contains("127.0.0.9"));

        // The service now lists both pods: the next attempt resolves the name again and joins both.
        Files.writeString(hosts, "127.0.0.2 " + NAME + "\n127.0.0.3 " + NAME + "\n");
        joiner.awaitLine(l -> l.contains(" JOINED pod-a "), STEP, "pod-a joined");
        joiner.awaitLine(l -> l.contains(" JOINED pod-b "), STEP, "pod-b joined");
        org.awaitility.Awaitility.await().atMost(STEP).untilAsserted(() -> assertThat(joiner.errors())
                .contains("joined the LAN pool through 2 seed address(es)"));
        // Through the joiner the pods meet each other.
        a.awaitLine(l -> l.contains(" JOINED pod-b "), STEP, "pod-a sees pod-b");
    }

    private AgentProcess agent(Path dir, Path hosts, String cluster, String name, String bind, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--node", name, "--cluster", cluster, "--bind", bind,
                "--profile", "local"));
        args.addAll(List.of(more));
        List<String> jvm = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hosts));
        jvm.addAll(AgentProcess.classPathAgent());
        AgentProcess p = AgentProcess.start(dir, Map.of(), jvm, args);
        agents.add(p);
        return p;
    }

    /** A port that UDP and TCP are free on, on both addresses. */
    private static int freeOnBoth(String first, String second) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(first))) {
                port = s.getLocalPort();
            }
            if (free(first, port) && free(second, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on both " + first + " and " + second);
    }

    private static boolean free(String host, int port) {
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(host, port));
            udp.bind(new InetSocketAddress(host, port));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
