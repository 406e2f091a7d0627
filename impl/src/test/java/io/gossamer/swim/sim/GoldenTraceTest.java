package io.gossamer.swim.sim;

import io.gossamer.KeyResponse;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.security.Keyring;
import io.gossamer.swim.wire.NodeAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol's behaviour, pinned: fixed scenarios with fixed seeds on the real core, whose
 * ordered trace must equal the digest committed in {@code src/test/resources/golden-traces.txt}.
 *
 * <p>A trace holds, in order, every membership change every node reported, every datagram every
 * node received (time, sender, receiver, each message), then every join's and key operation's
 * outcome and the simulator's fingerprint of every event it processed (which covers streams and
 * timers). So a refactoring that changes nothing leaves every digest as it was, and any change to
 * what is sent, when, or what anyone concludes from it changes one.
 *
 * <p>A deliberate behaviour change updates the file in the same commit, saying why: run with
 * {@code -Dgossamer.golden.update=true} and commit the rewritten file. Each run also writes the
 * traces themselves to {@code target/golden-traces/}, so two checkouts can be diffed line by line.
 *
 * <p>Scenarios give a node at most one tag: {@code Map.copyOf} orders larger maps differently in
 * every JVM, which would make the printed messages, not the protocol, differ.
 */
class GoldenTraceTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final int N = 12;
    private static final Path GOLDEN = Path.of("src/test/resources/golden-traces.txt");
    private static final Path OUT = Path.of("target/golden-traces");
    private static final boolean UPDATE = Boolean.getBoolean("gossamer.golden.update");
    /** Digests computed in this run, written back to {@link #GOLDEN} when updating. */
    private static final Map<String, String> computed = new TreeMap<>();

    // ------------------------------------------------------------------ scenarios

    @Test
    void join() {
        assertGolden("join", 0x6a01, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(30 * SECOND);
        });
    }

    @Test
    void crash() {
        assertGolden("crash", 0x6a02, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.crash(sim.node(5));
            sim.runFor(MINUTE);
        });
    }

    @Test
    void loss() {
        assertGolden("loss", 0x6a03, WireFraming.SIZING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.network().loss(0.10);
            sim.runFor(3 * MINUTE);
        });
    }

    @Test
    void pause() {
        assertGolden("pause", 0x6a04, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.pause(sim.node(4), 3 * SECOND);
            sim.runFor(10 * SECOND);
            sim.pause(sim.node(7), 8 * SECOND);
            sim.runFor(MINUTE);
        });
    }

    @Test
    void partitionAndHeal() {
        assertGolden("partition-and-heal", 0x6a05, WireFraming.SIZING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            for (int i = 0; i < N; i++) {
                sim.network().group(i, i < N / 2 ? 0 : 1);
            }
            sim.runFor(MINUTE);
            sim.network().heal();
            sim.runFor(2 * MINUTE);
        });
    }

    @Test
    void leaveAndTags() {
        assertGolden("leave-and-tags", 0x6a06, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.updateTags(sim.node(2), Map.of("zone", "eu-1a"));
            sim.runFor(5 * SECOND);
            sim.leave(sim.node(3));
            sim.runFor(20 * SECOND);
        });
    }

    @Test
    void restartOnANewPort() {
        assertGolden("restart", 0x6a07, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            SimNode node = sim.node(7);
            sim.crash(node);
            sim.runFor(10 * SECOND);
            sim.restart(node, 9_007);
            sim.join(node, seeds(sim));
            sim.runFor(MINUTE);
        });
    }

    @Test
    void guard() {
        assertGolden("guard", 0x6a08, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            // one pool mixing two datacenters with the guard off, then untangled by switching it on
            List<SimNode> nodes = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                String dc = i % 2 == 0 ? "dc1" : "dc2";
                nodes.add(sim.addNode("node-" + i, new NodeAddress(Simulator.host(i), 7946), Profile.LAN,
                        b -> b.cluster("prod").datacenter(dc).guard(false)));
            }
            SimNode stranger = sim.addNode("stranger", new NodeAddress(Simulator.host(N), 7946), Profile.LAN,
                    b -> b.cluster("prod").datacenter("dc3"));
            sim.nodes().forEach(sim::start);
            List<NodeAddress> seeds = List.of(nodes.get(0).address(), nodes.get(1).address());
            nodes.forEach(n -> sim.join(n, seeds));
            sim.runFor(30 * SECOND);
            for (int i = 0; i < N; i++) {
                SimNode n = nodes.get(i);
                sim.at(sim.now() + i * 500L, () -> sim.setGuardEnabled(n, true));
            }
            sim.runFor(MINUTE);
            sim.join(stranger, seeds);
            sim.runFor(MINUTE);
        });
    }

    @Test
    void forceLeave() {
        assertGolden("force-leave", 0x6a09, WireFraming.ENCODING, UnaryOperator.identity(), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.crash(sim.node(8));
            sim.crash(sim.node(9));
            sim.runFor(MINUTE);
            sim.forceLeave(sim.node(0), sim.node(8).name(), false);
            sim.forceLeave(sim.node(1), sim.node(9).name(), true);
            sim.runFor(30 * SECOND);
            sim.restart(sim.node(9), 9_009);
            sim.join(sim.node(9), seeds(sim));
            sim.runFor(30 * SECOND);
        });
    }

    @Test
    void keyRotation() {
        byte[] first = key(0x11);
        byte[] second = key(0x22);
        assertGolden("key-rotation", 0x6a0a, WireFraming.SIZING, b -> b.keyring(Keyring.of(first)), sim -> {
            boot(sim);
            sim.runFor(20 * SECOND);
            sim.keyOperation(sim.node(0), KeyResponse.Operation.INSTALL, second);
            sim.runFor(5 * SECOND);
            sim.keyOperation(sim.node(1), KeyResponse.Operation.USE, second);
            sim.runFor(5 * SECOND);
            sim.crash(sim.node(6));
            sim.keyOperation(sim.node(2), KeyResponse.Operation.REMOVE, first);
            sim.runFor(30 * SECOND);
            sim.keyOperation(sim.node(3), KeyResponse.Operation.LIST, new byte[0]);
            sim.runFor(5 * SECOND);
        });
    }

    // ------------------------------------------------------------------ the trace

    private static void assertGolden(String scenario, long seed, Framing framing,
                                     UnaryOperator<SwimConfig.Builder> config, Consumer<Simulator> script) {
        Simulator sim = Simulator.builder(seed).framing(framing).config(config).build();
        List<String> lines = new ArrayList<>();
        sim.onChange(r -> lines.add("change " + r));
        sim.onPacket((time, from, to, messages) -> lines.add("packet t=" + time + " " + from + " -> " + to.name()
                + " " + messages));
        script.accept(sim);
        for (SimNode n : sim.nodes()) {
            n.joins().forEach(j -> lines.add("join " + n.name() + " " + j));
            n.keyResults().forEach(k -> lines.add("keys " + n.name() + " t=" + k.time() + " " + k.operationId() + " "
                    + k.response().operation() + " " + k.response().key() + " "
                    + new TreeMap<>(k.response().answers())));
        }
        lines.add("events " + sim.eventsProcessed() + " fingerprint " + sim.trace());
        assertThat(sim.violations()).as("harness violations").isEmpty();

        write(OUT.resolve(scenario + ".trace"), String.join("\n", lines) + "\n");
        String digest = sha256(lines) + " " + lines.size();
        computed.put(scenario, digest);
        if (!UPDATE) {
            assertThat(digest).as("trace of '%s' (%s); if the behaviour change is deliberate, rerun with "
                    + "-Dgossamer.golden.update=true and commit %s saying why", scenario, OUT.resolve(scenario + ".trace"),
                    GOLDEN).isEqualTo(golden().get(scenario));
        }
    }

    @AfterAll
    static void update() {
        if (UPDATE) {
            Map<String, String> all = new TreeMap<>(golden());
            all.putAll(computed);
            StringBuilder b = new StringBuilder("# scenario sha-256-of-trace lines; GoldenTraceTest, "
                    + "regenerate with -Dgossamer.golden.update=true\n");
            all.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            write(GOLDEN, b.toString());
        }
    }

    private static Map<String, String> golden() {
        Map<String, String> golden = new TreeMap<>();
        try {
            if (Files.exists(GOLDEN)) {
                for (String line : Files.readAllLines(GOLDEN)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        String[] f = line.split(" ", 2);
                        golden.put(f[0], f[1]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return golden;
    }

    private static void boot(Simulator sim) {
        sim.addNodes(N);
        sim.nodes().forEach(sim::start);
        List<NodeAddress> seeds = seeds(sim);
        sim.nodes().forEach(n -> sim.join(n, seeds));
    }

    private static List<NodeAddress> seeds(Simulator sim) {
        return List.of(sim.node(0).address(), sim.node(1).address(), sim.node(2).address());
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static String sha256(List<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                md.update(line.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
