package io.gossamer.agent;

import io.gossamer.InPool;
import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.cdi.GossamerExtension;
import io.gossamer.cdi.GossamerNode;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.cdi.NodeAdmin;
import io.gossamer.swim.config.Profile;
import io.smallrye.config.PropertiesConfigSource;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.LogManager;

/**
 * The standalone Gossamer agent: one node in a Weld SE container with the extension, configured
 * by MicroProfile Config, printing every membership event on standard output as one line (see
 * {@link AgentLine}). Its own diagnostics go to standard error through {@link System.Logger}.
 *
 * <pre>
 * java -jar gossamer-agent.jar [run] [--config FILE]   one node until SIGTERM / Ctrl-C
 * java -jar gossamer-agent.jar demo                    five agents on 127.0.0.1 (see {@link Demo})
 * </pre>
 *
 * <p>Configuration, highest ordinal first: system properties ({@code -Dgossamer.seeds=...}), the
 * environment ({@code GOSSAMER_SEEDS=...}), then the file: {@code --config FILE}, else
 * {@code ./microprofile-config.properties} when there is one. On SIGTERM the container is shut
 * down, so the node leaves gracefully (its {@code @PreDestroy}), bounded by
 * {@code gossamer.leave-timeout}.
 *
 * <p>A server ({@code gossamer.role=server}) runs both pools, LAN and WAN, and prints the events of
 * both, each line naming its pool.
 *
 * <p>While it runs it reads commands on standard input, one a line: {@code members} (or
 * {@code members lan}) prints the LAN pool's membership table ({@code MEMBERS n pool=lan} and
 * then one {@code MEMBER} line per member), {@code members wan} the WAN pool's (a server's);
 * {@code join [wan] <host:port>...} joins through more seeds now; {@code stats [lan|wan]} prints
 * the engine's traffic counters as one {@code STATS} line; {@code keys list|install|use|remove}
 * rotate the encryption keys across the pool, as {@code serf keys} does (see {@link #keys});
 * {@code event}, {@code query} and {@code rtt} are Serf's ({@link ApplicationCommands}).
 */
public final class GossamerAgent {

    static final String DEFAULT_CONFIG = "microprofile-config.properties";
    /** Exit status for a bad command line or configuration. */
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;

    private static final System.Logger LOG = System.getLogger("io.gossamer.agent");

    static final String USAGE = """
            usage: java -jar gossamer-agent.jar [run] [--config FILE] [--stop-on-eof]
                   java -jar gossamer-agent.jar demo
              run   one Gossamer node until SIGTERM or Ctrl-C (then it leaves gracefully);
                    every membership event is printed as one line on standard output
              demo  starts 5 agents on 127.0.0.1, kills one, makes one leave, prints what each saw
            configuration (MicroProfile Config, highest first): system properties
              (-Dgossamer.seeds=10.0.0.5:7946), environment (GOSSAMER_SEEDS=...), then FILE,
              by default ./microprofile-config.properties when present
            --stop-on-eof  leave and exit when standard input closes (for a parent process)
            commands on standard input while running:
              members       the LAN pool's members
              members wan   the WAN pool's members (a server, gossamer.role=server, is in both pools)
              guard on|off  switches the cluster-mixing guard of every pool
              force-leave [wan] <name> [--prune]
                            moves a DEAD member to LEFT everywhere (and makes every node forget it)
              event [wan] [--coalesce] <name> [payload]
                            sends a cluster event to every member (printed as EVENT lines
                            where delivered); name and payload at most 512 bytes
              query [wan] [--node NAME]... [--tag KEY=REGEXP]... [--no-ack]
                    [--relay-factor N] [--timeout DURATION] <name> [payload]
                            asks the matching members (printed as QUERY lines where
                            delivered); ACK and ANSWER lines as they come, QUERY-DONE at
                            the timeout (default: Serf's, from the gossip interval and size)
              rtt [wan] <node> [other node]
                            the round trip between two members (or this node and one) as
                            their network coordinates estimate it
              keys [lan|wan] list | install <key> | use <key> | remove <key>
                            the encryption keys of every live member (key: base64, as in
                            gossamer.encrypt.keys); each pool of the node unless one is named.
                            Rotation: install the new key, use it, remove the old one, each step
                            once every member acknowledged it. Keys are shown by fingerprint only
            """;

    private GossamerAgent() {
    }

    public static void main(String[] args) {
        int status = run(args);
        // Also runs the shutdown hook, which has nothing left to do after a normal return.
        System.exit(status);
    }

    /** The command line, parsed. */
    record Options(String command, Optional<Path> config, boolean stopOnEof) {

        static Options parse(String... args) {
            String command = "run";
            Optional<Path> config = Optional.empty();
            boolean stopOnEof = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "run", "demo", "help", "--help", "-h" -> command = a.startsWith("-") ? "help" : a;
                    case "--config" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--config needs a file");
                        }
                        config = Optional.of(Path.of(args[++i]));
                    }
                    case "--stop-on-eof" -> stopOnEof = true;
                    default -> {
                        if (a.startsWith("--config=")) {
                            config = Optional.of(Path.of(a.substring("--config=".length())));
                        } else {
                            throw new IllegalArgumentException("unknown argument '" + a + "'");
                        }
                    }
                }
            }
            return new Options(command, config, stopOnEof);
        }
    }

    static int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
            System.err.print(USAGE);
            return EXIT_USAGE;
        }
        switch (options.command()) {
            case "help":
                System.out.print(USAGE);
                return 0;
            case "demo":
                configureLogging();
                return Demo.run(System.out, System.err);
            default:
                configureLogging();
                return runNode(options);
        }
    }

    /**
     * Standard error gets one line per record, and Weld's and Netty's chatter only from WARNING
     * up, unless the user configured java.util.logging (the System.Logger backend) themselves.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        String config = """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n
                org.jboss.weld.level=WARNING
                io.netty.level=WARNING
                io.vertx.level=WARNING
                """;
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Only the format of standard error is at stake.
            LOG.log(Level.DEBUG, "cannot configure java.util.logging", e);
        }
    }

    /** Runs one node until SIGTERM (or the end of standard input with --stop-on-eof). */
    static int runNode(Options options) {
        Optional<Path> file = options.config();
        if (file.isEmpty() && Files.isRegularFile(Path.of(DEFAULT_CONFIG))) {
            file = Optional.of(Path.of(DEFAULT_CONFIG));
        }
        ConfigBuilder builder = ConfigProviderResolver.instance().getBuilder()
                .addDefaultSources().addDiscoveredSources().addDiscoveredConverters();
        if (file.isPresent()) {
            try {
                // Read as UTF-8, ordinal 100 (MP Config's for such files) unless the file sets config_ordinal.
                builder.withSources(new PropertiesConfigSource(file.get().toUri().toURL()));
            } catch (IOException | UncheckedIOException e) {
                System.err.println("gossamer-agent: cannot read configuration file " + file.get() + ": " + e);
                return EXIT_USAGE;
            }
        }
        Config config = builder.build();
        // The extension and the node ask ConfigProvider.getConfig(), which MP Config resolves by the
        // context class loader: registering for it is how this configuration becomes theirs.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver.instance().registerConfig(config, loader);
        Optional<Path> usedFile = file;
        LOG.log(Level.DEBUG, () -> "configuration file: " + usedFile.map(Path::toString).orElse("none"));

        SeContainer container;
        try {
            // No discovery: exactly the extension, the node and the printer, whatever the class
            // path holds (the agent jar is all its dependencies in one).
            container = SeContainerInitializer.newInstance()
                    .disableDiscovery()
                    .addExtensions(new GossamerExtension())
                    .addBeanClasses(GossamerNode.class, EventPrinter.class)
                    // Our own hook below shuts the container down, once, and then says so.
                    .addProperty("org.jboss.weld.se.shutdownHook", false)
                    .initialize();
        } catch (DeploymentException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            System.err.println("gossamer-agent: the node did not start: " + causes(e));
            LOG.log(Level.DEBUG, "start failure", e);
            return EXIT_FAILED;
        }
        Membership membership = container.select(Membership.class).get();
        Member local;
        try {
            local = membership.localMember();
        } catch (IllegalStateException e) {
            // gossamer.enabled=false: an agent has nothing else to do.
            System.err.println("gossamer-agent: " + e.getMessage() + "; exiting");
            container.close();
            return 0;
        }
        AgentConsole.self(local.name());
        GossamerSettings settings = GossamerSettings.from(ConfigProvider.getConfig(loader));
        Membership wan = container.select(Membership.class, InPool.Literal.of(Pool.WAN)).get();
        Optional<AgentLine.WanStart> wanStart = settings.server()
                ? Optional.of(new AgentLine.WanStart(wan.localMember(), profile(settings.wan().profile()),
                        settings.wan().seeds()))
                : Optional.empty();
        AgentConsole.print(AgentLine.started(Instant.now(), local, profile(settings.profile()), settings.seeds(),
                wanStart));

        CountDownLatch stop = new CountDownLatch(1);
        Stopper stopper = new Stopper(container, local.name());
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "gossamer-agent-shutdown"));
        NodeAdmin admin = container.select(NodeAdmin.class).get();
        boolean server = settings.server();
        Thread commands = new Thread(() -> readCommands(admin, membership, wan, server, options.stopOnEof(), stop),
                "gossamer-agent-stdin");
        commands.setDaemon(true);
        commands.start();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopper.stop();
        return 0;
    }

    /** Shuts the container down once, from whichever comes first: the hook or end of input. */
    private static final class Stopper {
        private final SeContainer container;
        private final String name;
        private boolean stopped;

        Stopper(SeContainer container, String name) {
            this.container = container;
            this.name = name;
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                // Destroys the node bean: its @PreDestroy leaves gracefully, bounded by leave-timeout.
                container.close();
            } catch (RuntimeException e) {
                System.err.println("gossamer-agent: shutdown failed: " + causes(e));
            }
            AgentConsole.print(AgentLine.stopped(Instant.now(), name));
        }
    }

    private static String profile(Profile profile) {
        return profile.name().toLowerCase(Locale.ROOT);
    }

    private static void readCommands(NodeAdmin admin, Membership lan, Membership wan, boolean server,
                                     boolean stopOnEof, CountDownLatch stop) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.strip().replaceAll("\\s+", " ");
                if (command.startsWith("force-leave ")) {
                    forceLeave(lan, wan, command);
                    continue;
                }
                if (command.equals("join") || command.startsWith("join ")) {
                    join(admin, command);
                    continue;
                }
                if (command.equals("rtt") || command.startsWith("rtt ")) {
                    ApplicationCommands.rtt(wan, lan, command);
                    continue;
                }
                if (command.equals("query") || command.startsWith("query ")) {
                    ApplicationCommands.query(wan, lan, command);
                    continue;
                }
                if (command.equals("event") || command.startsWith("event ")) {
                    ApplicationCommands.sendEvent(wan, lan, command);
                    continue;
                }
                if (command.equals("keys") || command.startsWith("keys ")) {
                    keys(server ? List.of(lan, wan) : List.of(lan), command);
                    continue;
                }
                switch (command) {
                    case "members", "members lan" -> printMembers(lan, Pool.LAN);
                    case "members wan" -> printMembers(wan, Pool.WAN);
                    case "guard on", "guard off" -> switchGuard(admin, command.equals("guard on"));
                    case "stats", "stats lan" -> printStats(admin, Pool.LAN);
                    case "stats wan" -> printStats(admin, Pool.WAN);
                    case "" -> { }
                    // Only the first word: a mistyped key command must not echo its key.
                    default -> System.err.println("gossamer-agent: unknown command '" + command.split(" ", 2)[0]
                            + "' (known: members, members lan, members wan, stats, stats lan, stats wan, guard on, "
                            + "guard off, " + JOIN_USAGE + ", " + FORCE_LEAVE_USAGE + ", " + KEYS_USAGE + ", "
                            + ApplicationCommands.EVENT_USAGE + ", " + ApplicationCommands.QUERY_USAGE + ", "
                            + ApplicationCommands.RTT_USAGE + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "standard input failed", e);
        }
        if (stopOnEof) {
            stop.countDown();
        }
    }

    /**
     * {@code guard on|off}: switches the cluster-mixing guard of every pool at run time; turning it
     * on sheds the members of other datacenters (their LEFT lines follow). Outcome on standard error.
     */
    static void switchGuard(NodeAdmin admin, boolean on) {
        report("guard " + (on ? "on" : "off"), () -> admin.setGuardEnabled(on));
    }

    /**
     * Runs an operation and reports on standard error {@code gossamer-agent: <what>: done}, or
     * {@code <what> failed: <why>}; waits for it at most 30 s.
     */
    private static void report(String what, Supplier<? extends CompletionStage<?>> operation) {
        try {
            operation.get().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.err.println("gossamer-agent: " + what + ": done");
        } catch (ExecutionException e) {
            System.err.println("gossamer-agent: " + what + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException | RuntimeException e) {
            System.err.println("gossamer-agent: " + what + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String JOIN_USAGE = "join [wan] <host:port>...";

    /**
     * {@code join [wan] <host:port>...}: joins the LAN (or WAN) pool through these seeds now, as
     * {@code serf join} does. The outcome goes to standard error: {@code gossamer-agent: join: n
     * seed(s) answered}, or why not; the JOINED lines follow on standard output.
     */
    static void join(NodeAdmin admin, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        words.remove(0);
        Pool pool = Pool.LAN;
        if (!words.isEmpty() && words.get(0).equals("wan")) {
            pool = Pool.WAN;
            words.remove(0);
        }
        if (words.isEmpty()) {
            System.err.println("gossamer-agent: usage: " + JOIN_USAGE);
            return;
        }
        try {
            int answered = admin.join(pool, words).toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.err.println("gossamer-agent: join: " + answered + " seed(s) answered");
        } catch (ExecutionException e) {
            System.err.println("gossamer-agent: join failed: " + e.getCause().getMessage());
        } catch (TimeoutException | RuntimeException e) {
            System.err.println("gossamer-agent: join failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code stats [lan|wan]}: one line {@code STATS pool=<pool> packets-sent=.. bytes-sent=..
     * packets-received=.. bytes-received=.. streams-opened=.. stream-bytes-sent=.. drops=..}, the
     * engine's counters since it started (datagram bytes are UDP payload).
     */
    static void printStats(NodeAdmin admin, Pool pool) {
        try {
            AgentConsole.print(AgentLine.stats(Instant.now(), AgentConsole.self(), pool, admin.traffic(pool)));
        } catch (IllegalStateException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
        }
    }

    static final String FORCE_LEAVE_USAGE = "force-leave [wan] <name> [--prune]";

    /**
     * {@code force-leave [wan] <name> [--prune]}: moves a DEAD member of the LAN (or WAN) pool to
     * LEFT cluster-wide, and with {@code --prune} makes every node forget it. The outcome goes to
     * standard error; the LEFT event line follows on standard output as for any event.
     */
    static void forceLeave(Membership lan, Membership wan, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        words.remove(0);
        boolean prune = words.remove("--prune");
        boolean wanPool = !words.isEmpty() && words.get(0).equals("wan") && words.size() == 2;
        if (wanPool) {
            words.remove(0);
        }
        if (words.size() != 1) {
            System.err.println("gossamer-agent: usage: " + FORCE_LEAVE_USAGE);
            return;
        }
        String name = words.get(0);
        report("force-leave " + name + (prune ? " --prune" : ""), () -> (wanPool ? wan : lan).forceLeave(name, prune));
    }

    static final String KEYS_USAGE = "keys [lan|wan] list | install <key> | use <key> | remove <key>";

    /**
     * {@code keys [lan|wan] list|install <key>|use <key>|remove <key>}: one key operation across
     * each pool in {@code pools} (LAN, and WAN on a server) unless one is named. Each pool's report
     * goes to standard output ({@link AgentLine#keysHeader}, one {@code KEY} line per member, and for
     * {@code list} one {@code KEYCOUNT} line per key); a failure to standard error. The key is never
     * printed, not even in a usage or error message.
     */
    static void keys(List<Membership> pools, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        words.remove(0);
        List<Membership> chosen = pools;
        if (!words.isEmpty() && words.get(0).equals("lan")) {
            words.remove(0);
            chosen = List.of(pools.get(0));
        } else if (!words.isEmpty() && words.get(0).equals("wan")) {
            words.remove(0);
            if (pools.size() < 2) {
                System.err.println("gossamer-agent: keys wan: this node is not a server: it has no WAN pool");
                return;
            }
            chosen = List.of(pools.get(1));
        }
        String op = words.isEmpty() ? "" : words.get(0);
        boolean list = op.equals("list") && words.size() == 1;
        boolean withKey = List.of("install", "use", "remove").contains(op) && words.size() == 2;
        if (!list && !withKey) {
            System.err.println("gossamer-agent: usage: " + KEYS_USAGE);
            return;
        }
        for (Membership m : chosen) {
            try {
                var keys = m.keys();
                var stage = switch (op) {
                    case "install" -> keys.install(words.get(1));
                    case "use" -> keys.use(words.get(1));
                    case "remove" -> keys.remove(words.get(1));
                    default -> keys.list();
                };
                printKeys(stage.toCompletableFuture().get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                System.err.println("gossamer-agent: keys " + op + " failed: " + e.getCause().getMessage());
            } catch (TimeoutException | RuntimeException e) {
                System.err.println("gossamer-agent: keys " + op + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void printKeys(KeyResponse r) {
        Instant now = Instant.now();
        String self = AgentConsole.self();
        List<AgentLine> lines = new ArrayList<>();
        lines.add(AgentLine.keysHeader(now, self, r));
        r.answers().forEach((member, answer) -> lines.add(AgentLine.keyAnswer(now, self, r.pool(), member, answer)));
        if (r.operation() == KeyResponse.Operation.LIST) {
            r.keyCounts().keySet().forEach(key -> lines.add(AgentLine.keyCount(now, self, r, key)));
        }
        AgentConsole.print(lines);
    }

    /** Prints the table of one pool; why there is none (a client asked for WAN) goes to standard error. */
    static void printMembers(Membership membership, Pool pool) {
        List<Member> members;
        try {
            members = new ArrayList<>(membership.members());
        } catch (IllegalStateException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
            return;
        }
        members.sort(Comparator.comparing(Member::name));
        Instant now = Instant.now();
        // The agent's own (LAN) name, as on every line, also for the WAN table.
        String self = AgentConsole.self();
        List<AgentLine> lines = new ArrayList<>();
        lines.add(AgentLine.membersHeader(now, self, members.size(), pool));
        members.forEach(m -> lines.add(AgentLine.member(now, self, m)));
        AgentConsole.print(lines);
    }

    /** The messages of an exception and its causes, for a one-line report. */
    static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 2_000; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : " <- ").append(m);
            }
        }
        return b.toString();
    }
}
