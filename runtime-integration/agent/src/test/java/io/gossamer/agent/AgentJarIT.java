package io.gossamer.agent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code target/gossamer-agent.jar} (failsafe, after {@code package}): it must boot
 * Weld SE from the single jar (merged service files), run a node, and run the whole demo.
 */
class AgentJarIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static Path jar;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("gossamer.agent.jar", "target/gossamer-agent.jar")).toAbsolutePath();
        assertThat(jar).exists();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void jarRunsOneNodeUntilStdinCloses(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "gossamer.node-name=jar-node\ngossamer.bind-address=127.0.0.1\n"
                + "gossamer.bind-port=0\ngossamer.profile=local\n");
        try (AgentProcess agent = AgentProcess.start(dir, Map.of(), List.of("-jar", jar.toString()),
                List.of("--config", config.toString(), "--stop-on-eof"))) {
            agent.awaitLine(l -> l.matches("\\S+Z jar-node JOINED jar-node 127\\.0\\.0\\.1:\\d+ \\(was -\\) pool=lan"), STEP,
                    "its own JOINED line");
            agent.send("members");
            agent.awaitLine(l -> l.matches("\\S+Z jar-node MEMBER jar-node 127\\.0\\.0\\.1:\\d+ ALIVE"), STEP,
                    "its members table");
            agent.process().getOutputStream().close();
            assertThat(agent.awaitExit(STEP)).isZero();
            assertThat(agent.lines().get(agent.lines().size() - 1)).endsWith(" jar-node STOPPED");
        }
    }

    /**
     * The launcher next to the jar runs it with the agents' JVM options and the class-data sharing
     * archive the build wrote: with {@code -Xshare:on} a JVM that cannot map the archive (made for
     * another jar or JDK) refuses to start, so this starting proves the archive fits.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void launcherRunsTheAgentWithItsClassDataArchive(@TempDir Path dir) throws Exception {
        Path launcher = jar.resolveSibling("gossamer-agent");
        assertThat(launcher).isExecutable();
        assertThat(jar.resolveSibling("gossamer-agent.jsa")).isReadable();
        Map<String, String> env = Map.of("GOSSAMER_AGENT_JAVA_OPTS", "-Xshare:on");
        try (AgentProcess version = AgentProcess.run(dir, env, List.of(launcher.toString(), "--version"))) {
            assertThat(version.awaitExit(STEP)).as("stderr: %s", version.errors()).isZero();
            assertThat(version.output()).startsWith("gossamer-agent ");
        }
        try (AgentProcess agent = AgentProcess.run(dir, env, List.of(launcher.toString(), "agent", "--node", "cds",
                "--bind", "127.0.0.1:0", "--profile", "local", "--stop-on-eof"))) {
            agent.awaitLine(l -> l.contains(" cds STARTED 127.0.0.1:"), STEP, "STARTED");
            agent.process().getOutputStream().close();
            assertThat(agent.awaitExit(STEP)).isZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void demoRunsToTheEndInUnderAMinute(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        try (AgentProcess demo = AgentProcess.start(dir, Map.of(), List.of("-jar", jar.toString()), List.of("demo"))) {
            int status = demo.awaitExit(Duration.ofSeconds(100));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(status).as("demo exit status; output:\n%s\nstderr:\n%s", demo.output(), demo.errors()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(60));
            String out = demo.output();
            assertThat(out).contains("--- cluster formed")
                    .contains("node-4 (pid").contains("killed with SIGKILL")
                    .contains("sent SIGTERM: it leaves gracefully")
                    .contains("Demo finished in");
            assertThat(demo.lines()).filteredOn(l -> l.matches("node-[45] .*"))
                    .containsExactly(
                            "node-4  127.0.0.1:" + port(out, "node-4") + "  DEAD            DEAD            DEAD",
                            "node-5  127.0.0.1:" + port(out, "node-5") + "  LEFT            LEFT            LEFT");
        }
    }

    /** The port a node reported in its STARTED line of the demo's output. */
    private static String port(String out, String node) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile(node + " +STARTED +127\\.0\\.0\\.1:(\\d+) ").matcher(out);
        assertThat(m.find()).as("STARTED line of " + node).isTrue();
        return m.group(1);
    }
}
