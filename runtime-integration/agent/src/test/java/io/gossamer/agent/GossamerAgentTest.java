package io.gossamer.agent;

import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.swim.SwimNode;
import io.gossamer.swim.SwimNodeOptions;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent as a separate process (this module's test class path, not the packaged jar: see
 * {@code AgentJarIT} for that), next to an engine node in this JVM. Everything on 127.0.0.1 with
 * ephemeral ports.
 */
class GossamerAgentTest {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void joinsPrintsEventsAnswersMembersAndLeavesOnSigterm(@TempDir Path dir) throws Exception {
        List<MembershipEvent> seen = new CopyOnWriteArrayList<>();
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("peer").cluster("env-cluster").datacenter("file-dc")
                        .probeInterval(Duration.ofMillis(500)).probeTimeout(Duration.ofMillis(250)).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                        .listener(seen::add).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        try {
            String seed = peer.localMember().address() + ":" + peer.localMember().port();
            // ./microprofile-config.properties in the working directory, found without --config; the
            // environment overrides it, and system properties override both.
            Files.writeString(dir.resolve("microprofile-config.properties"), String.join("\n",
                    "gossamer.node-name=from-file",
                    "gossamer.cluster=from-file",
                    "gossamer.datacenter=file-dc",
                    "gossamer.bind-address=127.0.0.1",
                    "gossamer.bind-port=0",
                    "gossamer.profile=local",
                    "gossamer.probe-interval=500ms",
                    "gossamer.probe-timeout=250ms",
                    "gossamer.leave-timeout=3s",
                    "gossamer.seeds=" + seed, ""));
            Map<String, String> env = Map.of("GOSSAMER_CLUSTER", "env-cluster", "GOSSAMER_NODE_NAME", "from-env");
            try (AgentProcess agent = AgentProcess.start(dir, env,
                    AgentProcess.classPathAgent("-Dgossamer.node-name=agent-1"), List.of("run"))) {
                String started = agent.awaitLine(l -> l.contains(" STARTED "), STEP, "STARTED");
                assertThat(started).matches("\\S+Z agent-1 STARTED 127\\.0\\.0\\.1:\\d+ cluster=env-cluster"
                        + " datacenter=file-dc role=client profile=local seeds=" + seed.replace(".", "\\.")
                        + " http=127\\.0\\.0\\.1:\\d+");
                agent.awaitLine(l -> l.matches(
                        "\\S+Z agent-1 JOINED agent-1 127\\.0\\.0\\.1:\\d+ \\(was -\\) pool=lan"),
                        STEP, "its own JOINED line");
                agent.awaitLine(l -> l.matches("\\S+Z agent-1 JOINED peer 127\\.0\\.0\\.1:\\d+ \\(was -\\) pool=lan"),
                        STEP, "the peer's JOINED line");
                await().atMost(STEP).until(() -> seen.stream()
                        .anyMatch(e -> e instanceof MemberJoined && e.member().name().equals("agent-1")));

                agent.send("members");
                agent.awaitLine(l -> l.endsWith(" agent-1 MEMBERS 2 pool=lan"), STEP, "the members table");
                agent.awaitLine(l -> l.matches("\\S+Z agent-1 MEMBER peer 127\\.0\\.0\\.1:\\d+ ALIVE"), STEP,
                        "the peer's row");
                // A client has no WAN pool: the command says so on standard error.
                agent.send("members wan");
                await().atMost(STEP).until(() -> agent.errors().contains(
                        "gossamer-agent: this node is not a server: it has no WAN pool"));

                agent.terminate();
                assertThat(agent.awaitExit(STEP)).as("exit status after SIGTERM").isEqualTo(143);
                // Its own departure is an event it prints before it stops.
                assertThat(agent.lines()).anyMatch(l -> l.matches("\\S+Z agent-1 LEFT +agent-1 .*"));
                assertThat(agent.lines().get(agent.lines().size() - 1)).endsWith(" agent-1 STOPPED");
                // Left gracefully: the peer records LEFT, not a failure.
                await().atMost(STEP).until(() -> seen.stream()
                        .anyMatch(e -> e instanceof MemberLeft && e.member().name().equals("agent-1")));
                assertThat(agent.errors()).doesNotContain("Exception");
            }
        } finally {
            peer.close();
        }
    }

    /**
     * A server agent runs both pools: it joins a WAN peer of another datacenter through
     * {@code gossamer.wan.seeds}, prints the events of both pools each with its pool, lists each
     * pool on {@code members} / {@code members wan}, and leaves both on SIGTERM.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serverAgentPrintsWanEventsAndLeavesBothPools(@TempDir Path dir) throws Exception {
        List<MembershipEvent> seen = new CopyOnWriteArrayList<>();
        // Another datacenter's server, as its WAN engine would be.
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("peer.dc2").cluster("wan-cluster").datacenter("dc2")
                        .role("server").pool(Pool.WAN)
                        .probeInterval(Duration.ofMillis(500)).probeTimeout(Duration.ofMillis(250)).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                        .listener(seen::add).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        try {
            String wanSeed = peer.localMember().address() + ":" + peer.localMember().port();
            try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                    "-Dgossamer.node-name=srv", "-Dgossamer.cluster=wan-cluster", "-Dgossamer.role=server",
                    "-Dgossamer.bind-address=127.0.0.1", "-Dgossamer.bind-port=0", "-Dgossamer.profile=local",
                    "-Dgossamer.wan.bind-port=0", "-Dgossamer.wan.profile=local", "-Dgossamer.wan.seeds=" + wanSeed,
                    "-Dgossamer.leave-timeout=3s"), List.of("run"))) {
                String started = agent.awaitLine(l -> l.contains(" STARTED "), STEP, "STARTED");
                assertThat(started).matches("\\S+Z srv STARTED 127\\.0\\.0\\.1:\\d+ cluster=wan-cluster datacenter=dc1"
                        + " role=server profile=local seeds=- wan=127\\.0\\.0\\.1:\\d+ wan-profile=local wan-seeds="
                        + wanSeed.replace(".", "\\.") + " http=127\\.0\\.0\\.1:\\d+");
                agent.awaitLine(l -> l.matches("\\S+Z srv JOINED srv 127\\.0\\.0\\.1:\\d+ \\(was -\\) pool=lan"), STEP,
                        "its own LAN JOINED line");
                agent.awaitLine(l -> l.matches("\\S+Z srv JOINED srv\\.dc1 127\\.0\\.0\\.1:\\d+ \\(was -\\) pool=wan"),
                        STEP, "its own WAN JOINED line");
                agent.awaitLine(l -> l.matches("\\S+Z srv JOINED peer\\.dc2 " + wanSeed.replace(".", "\\.")
                        + " \\(was -\\) pool=wan"), STEP, "the WAN peer's JOINED line");
                await().atMost(STEP).until(() -> seen.stream()
                        .anyMatch(e -> e instanceof MemberJoined && e.member().name().equals("srv.dc1")));

                agent.send("members wan");
                agent.awaitLine(l -> l.endsWith(" srv MEMBERS 2 pool=wan"), STEP, "the WAN members table");
                agent.awaitLine(l -> l.matches("\\S+Z srv MEMBER peer\\.dc2 \\S+ ALIVE"), STEP, "the WAN peer's row");
                agent.send("members");
                agent.awaitLine(l -> l.endsWith(" srv MEMBERS 1 pool=lan"), STEP, "the LAN members table");
                assertThat(agent.lines()).noneMatch(l -> l.matches("\\S+Z srv \\S+ peer\\.dc2 .* pool=lan.*"));

                agent.terminate();
                assertThat(agent.awaitExit(STEP)).as("exit status after SIGTERM").isEqualTo(143);
                assertThat(agent.lines()).anyMatch(l -> l.matches("\\S+Z srv LEFT srv\\.dc1 .* pool=wan"));
                assertThat(agent.lines().get(agent.lines().size() - 1)).endsWith(" srv STOPPED");
                // The WAN pool was left gracefully too: the peer records LEFT, not a failure.
                await().atMost(STEP).until(() -> seen.stream()
                        .anyMatch(e -> e instanceof MemberLeft && e.member().name().equals("srv.dc1")));
                assertThat(agent.errors()).doesNotContain("Exception");
            }
        } finally {
            peer.close();
        }
    }

    /**
     * {@code force-leave} on standard input: a crashed peer, DEAD at the agent, is force-left
     * (a LEFT line follows), and with {@code --prune} it disappears from the members table.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void forceLeaveCommandLeavesThenPrunesADeadPeer(@TempDir Path dir) throws Exception {
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("gone").cluster("fl-cluster")
                        .probeInterval(Duration.ofMillis(500)).probeTimeout(Duration.ofMillis(250)).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5)).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String seed = peer.localMember().address() + ":" + peer.localMember().port();
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                "-Dgossamer.node-name=op", "-Dgossamer.cluster=fl-cluster", "-Dgossamer.bind-address=127.0.0.1",
                "-Dgossamer.bind-port=0", "-Dgossamer.profile=local", "-Dgossamer.probe-interval=500ms",
                "-Dgossamer.probe-timeout=250ms", "-Dgossamer.seeds=" + seed), List.of("run"))) {
            agent.awaitLine(l -> l.matches("\\S+Z op JOINED gone .*"), STEP, "the peer's JOINED line");
            agent.send("force-leave gone");
            agent.awaitError(e -> e.contains("force-leave gone failed") && e.contains("ALIVE"), STEP,
                    "refusal to force-leave an alive member");

            peer.close();
            agent.awaitLine(l -> l.matches("\\S+Z op DEAD gone .*"), STEP, "the peer's DEAD line");
            agent.send("force-leave gone");
            agent.awaitLine(l -> l.matches("\\S+Z op LEFT gone .*\\(was DEAD\\) pool=lan"), STEP, "the LEFT line");
            agent.send("members");
            agent.awaitLine(l -> l.matches("\\S+Z op MEMBER gone \\S+ LEFT"), STEP, "gone listed LEFT");

            agent.send("force-leave gone --prune");
            agent.awaitError(e -> e.contains("force-leave gone --prune: done"), STEP, "the prune done");
            agent.send("members");
            agent.awaitLine(l -> l.endsWith(" op MEMBERS 1 pool=lan"), STEP, "a table without the pruned member");
            agent.send("force-leave gone");
            agent.awaitError(e -> e.contains("force-leave gone failed") && e.contains("no member named"), STEP,
                    "a pruned member is unknown");
        } finally {
            peer.close();
        }
    }

    /**
     * {@code join <seed>} joins a peer that was not among the configured seeds (the answer on
     * standard error, the JOINED line on standard output); {@code stats} prints the engine's
     * counters, which count that exchange.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void joinCommandJoinsAPeerAndStatsCountsTheTraffic(@TempDir Path dir) throws Exception {
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("later").cluster("jc-cluster").build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5)).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String seed = peer.localMember().address() + ":" + peer.localMember().port();
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                "-Dgossamer.node-name=joiner", "-Dgossamer.cluster=jc-cluster", "-Dgossamer.bind-address=127.0.0.1",
                "-Dgossamer.bind-port=0", "-Dgossamer.profile=local"), List.of("run"))) {
            agent.awaitLine(l -> l.contains(" STARTED "), STEP, "STARTED");
            agent.send("join");
            agent.awaitError(e -> e.contains("usage: join [wan] <host:port>..."), STEP, "the usage");
            agent.send("join " + seed);
            agent.awaitError(e -> e.contains("gossamer-agent: join: 1 seed(s) answered"), STEP, "the join's outcome");
            agent.awaitLine(l -> l.matches("\\S+Z joiner JOINED later .*"), STEP, "the peer's JOINED line");
            agent.send("stats");
            String stats = agent.awaitLine(l -> l.contains(" joiner STATS pool=lan "), STEP, "the STATS line");
            assertThat(stats).matches("\\S+Z joiner STATS pool=lan packets-sent=\\d+ bytes-sent=\\d+ "
                    + "packets-received=\\d+ bytes-received=\\d+ streams-opened=[1-9]\\d* stream-bytes-sent=[1-9]\\d* "
                    + "drops=0");
            agent.send("stats wan");
            agent.awaitError(e -> e.contains("this node is not a server"), STEP, "no WAN pool on a client");
        } finally {
            peer.close();
        }
    }

    /**
     * {@code event} on standard input sends a cluster event that the agent and an engine peer both
     * deliver (the agent printing an {@code EVENT} line with the payload escaped); the peer's own
     * event is printed too; a name with nothing after it is the usage, an oversized one refused.
     * {@code query} asks both members: the agent prints the query it delivers, the peer's answer,
     * and the end with both acknowledgements; a tag nobody has gets nothing.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void eventAndQueryCommandsReachEveryMemberAndWhatComesBackIsPrinted(@TempDir Path dir) throws Exception {
        java.util.concurrent.BlockingQueue<io.gossamer.ClusterEvent> atPeer = new java.util.concurrent.LinkedBlockingQueue<>();
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("listener").cluster("ev-cluster").build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                        .listener(new io.gossamer.swim.MembershipListener() {
                            @Override
                            public void onEvent(io.gossamer.MembershipEvent event) {
                            }

                            @Override
                            public void onClusterEvent(io.gossamer.ClusterEvent event) {
                                atPeer.add(event);
                            }

                            @Override
                            public void onClusterQuery(io.gossamer.ClusterQuery query) {
                                query.respond(("listener:" + query.payloadAsString())
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String seed = peer.localMember().address() + ":" + peer.localMember().port();
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                "-Dgossamer.node-name=sender", "-Dgossamer.cluster=ev-cluster", "-Dgossamer.bind-address=127.0.0.1",
                "-Dgossamer.bind-port=0", "-Dgossamer.profile=local", "-Dgossamer.seeds=" + seed), List.of("run"))) {
            agent.awaitLine(l -> l.matches("\\S+Z sender JOINED listener .*"), STEP, "the peer's JOINED line");
            agent.send("event");
            agent.awaitError(e -> e.contains("usage: event [wan] [--coalesce] <name> [payload]"), STEP, "the usage");
            agent.send("event deploy v2 of\tthe app");
            agent.awaitError(e -> e.contains("gossamer-agent: event 'deploy' sent, Lamport time"), STEP, "the outcome");
            agent.awaitLine(l -> l.matches("\\S+Z sender EVENT deploy from=sender ltime=\\d+ pool=lan payload=v2 of the app"),
                    STEP, "the agent's own EVENT line");
            io.gossamer.ClusterEvent heard = atPeer.poll(20, TimeUnit.SECONDS);
            assertThat(heard).as("the event at the peer").isNotNull();
            assertThat(heard.name()).isEqualTo("deploy");
            assertThat(heard.origin()).isEqualTo("sender");
            assertThat(heard.payloadAsString()).isEqualTo("v2 of the app");
            peer.sendEvent("reply", "line1\nline2\\".getBytes(java.nio.charset.StandardCharsets.UTF_8), false)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            agent.awaitLine(l -> l.endsWith(" EVENT reply from=listener ltime=" + (heard.lamportTime() + 1)
                    + " pool=lan payload=line1\\x0aline2\\x5c"), STEP, "the peer's event, escaped, on one line");
            agent.send("query --tag zone=^a$ --timeout 1s load now");
            agent.awaitLine(l -> l.endsWith(" sender QUERY-DONE load acks=0 answers=0"), STEP, "a query nobody matches");
            agent.send("query --timeout 1s load now");
            agent.awaitLine(l -> l.matches("\\S+Z sender QUERY load from=sender ltime=\\d+ pool=lan payload=now"), STEP,
                    "the agent's own query delivered to it");
            agent.awaitLine(l -> l.endsWith(" sender ANSWER load from=listener payload=listener:now"), STEP,
                    "the peer's answer");
            agent.awaitLine(l -> l.endsWith(" sender QUERY-DONE load acks=2 answers=1"), STEP,
                    "the query's end: both acknowledged, the peer answered");
            agent.send("query --relay-factor 9 x");
            agent.awaitError(e -> e.contains("gossamer-agent: query: the relay factor is 0 to 5, not 9"), STEP,
                    "a bad option");
            agent.send("rtt nobody");
            agent.awaitError(e -> e.contains("gossamer-agent: rtt: no coordinate for nobody"), STEP, "rtt of a stranger");
            // The agent learns the peer's coordinate by probing it, once a second on the local profile.
            agent.send("rtt listener");
            String rtt = agent.awaitLine(l -> l.contains(" sender RTT listener sender estimate="), STEP, "an RTT line",
                    () -> agent.send("rtt listener"));
            assertThat(rtt).matches("\\S+Z sender RTT listener sender estimate=\\d+\\.\\d{3}ms pool=lan");
            agent.send("event big " + "x".repeat(600));
            agent.awaitError(e -> e.contains("gossamer-agent: event refused: ") && e.contains("512"), STEP,
                    "the size refusal");
        } finally {
            peer.close();
        }
    }

    /**
     * {@code keys} on standard input rotate the cluster's key with an encrypted engine peer: each
     * step is acknowledged by both members, the peer ends up with the new key only, and no key
     * ever appears on standard output or standard error, even in a mistyped command.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void keysCommandsRotateTheKeyAcrossTheClusterAndNeverPrintIt(@TempDir Path dir) throws Exception {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[16];
        java.util.Arrays.fill(oldKey, (byte) 3);
        java.util.Arrays.fill(newKey, (byte) 4);
        String oldB64 = java.util.Base64.getEncoder().encodeToString(oldKey);
        String newB64 = java.util.Base64.getEncoder().encodeToString(newKey);
        String oldFp = io.gossamer.swim.security.Keyring.fingerprint(oldKey);
        String newFp = io.gossamer.swim.security.Keyring.fingerprint(newKey);
        SwimNode peer = SwimNode.start(
                SwimConfig.builder(Profile.LOCAL).name("peer").cluster("keys-cluster")
                        .keyring(io.gossamer.swim.security.Keyring.of(oldKey)).build(),
                SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5)).build())
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String seed = peer.localMember().address() + ":" + peer.localMember().port();
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                "-Dgossamer.node-name=op", "-Dgossamer.cluster=keys-cluster", "-Dgossamer.bind-address=127.0.0.1",
                "-Dgossamer.bind-port=0", "-Dgossamer.profile=local", "-Dgossamer.encrypt.keys=" + oldB64,
                "-Dgossamer.seeds=" + seed), List.of("run"))) {
            agent.awaitLine(l -> l.matches("\\S+Z op JOINED peer .*"), STEP, "the peer's JOINED line");

            agent.send("keys install " + newB64);
            agent.awaitLine(l -> l.endsWith(" op KEYS install pool=lan key=" + newFp + " acknowledged=2/2"), STEP,
                    "the install acknowledged by both");
            agent.send("keys use " + newB64);
            agent.awaitLine(l -> l.endsWith(" op KEYS use pool=lan key=" + newFp + " acknowledged=2/2"), STEP,
                    "the switch acknowledged by both");
            agent.send("keys remove " + oldB64);
            agent.awaitLine(l -> l.endsWith(" op KEYS remove pool=lan key=" + oldFp + " acknowledged=2/2"), STEP,
                    "the removal acknowledged by both");
            agent.send("keys list");
            agent.awaitLine(l -> l.matches("\\S+Z op KEY peer ACK pool=lan primary=" + newFp + " keys=" + newFp),
                    STEP, "the peer holding the new key only");
            agent.awaitLine(l -> l.endsWith(" op KEYCOUNT " + newFp + " pool=lan installed=2/2 primary=2"), STEP,
                    "the key count");

            agent.send("keys install not*base64");
            agent.awaitError(e -> e.contains("keys install failed: the key is not valid base64"), STEP,
                    "a malformed key refused");
            agent.send("keys instal " + newB64);
            agent.awaitError(e -> e.contains("usage: keys"), STEP, "a mistyped operation");
            agent.send("keyz install " + newB64);
            agent.awaitError(e -> e.contains("unknown command 'keyz'"), STEP, "a mistyped command");
            assertThat(peer.keyring()).get().satisfies(k -> assertThat(k.fingerprints()).containsExactly(newFp));
            agent.send("members");
            agent.awaitLine(l -> l.endsWith(" op MEMBERS 2 pool=lan"), STEP, "both still members");
            assertThat(agent.lines()).noneMatch(l -> l.contains(newB64) || l.contains(oldB64));
            assertThat(agent.errors()).doesNotContain(newB64).doesNotContain(oldB64).doesNotContain("not*base64");
        } finally {
            peer.close();
        }
    }

    /**
     * {@code guard on} untangles a mixed pool online: an agent started with the guard off is joined
     * by a member of another datacenter; switching the guard on sheds it (a LEFT line with the
     * reason), with no restart.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void guardOnShedsAMemberOfAnotherDatacenter(@TempDir Path dir) throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(
                "-Dgossamer.node-name=home", "-Dgossamer.cluster=mixed", "-Dgossamer.datacenter=dc1",
                "-Dgossamer.guard.enabled=false", "-Dgossamer.bind-address=127.0.0.1", "-Dgossamer.bind-port=0",
                "-Dgossamer.profile=local"), List.of("run"))) {
            String started = agent.awaitLine(l -> l.contains(" STARTED "), STEP, "STARTED");
            String seed = started.split(" ")[3];
            SwimNode foreign = SwimNode.start(
                    SwimConfig.builder(Profile.LOCAL).name("away").cluster("mixed").datacenter("dc2").guard(false)
                            .build(),
                    SwimNodeOptions.builder().bindHost("127.0.0.1").bindPort(0).closeTimeout(Duration.ofSeconds(5))
                            .build())
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            try {
                foreign.join(List.of(seed)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                agent.awaitLine(l -> l.matches("\\S+Z home JOINED away .*"), STEP, "the foreign member's JOINED line");

                agent.send("guard on");
                agent.awaitError(e -> e.contains("guard on: done"), STEP, "the switch");
                agent.awaitLine(l -> l.matches("\\S+Z home LEFT away .* pool=lan reason=FOREIGN_DATACENTER"), STEP,
                        "the foreign member shed");
            } finally {
                foreign.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void badConfigurationNamedByFlagFailsWithTheKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "gossamer.bind-port=70000\ngossamer.probe-interval=1.5s\n");
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(),
                List.of("run", "--config", config.toString()))) {
            assertThat(agent.awaitExit(STEP)).isEqualTo(GossamerAgent.EXIT_USAGE);
            assertThat(agent.errors()).contains("gossamer.bind-port='70000'").contains("gossamer.probe-interval='1.5s'");
            assertThat(agent.lines()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void missingConfigFileIsAUsageError(@TempDir Path dir) throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(),
                List.of("--config", dir.resolve("nope.properties").toString()))) {
            assertThat(agent.awaitExit(STEP)).isEqualTo(GossamerAgent.EXIT_USAGE);
            assertThat(agent.errors()).contains("cannot read configuration file");
        }
    }
}
