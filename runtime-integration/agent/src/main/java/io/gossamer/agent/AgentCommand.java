package io.gossamer.agent;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.Pool;
import io.gossamer.agent.http.EventHub;
import io.gossamer.agent.http.HttpApi;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.cdi.KeyAudit;
import io.gossamer.swim.config.Profile;

import io.vertx.core.Context;

import org.eclipse.microprofile.config.Config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code gossamer-agent agent}: runs one node until SIGTERM, Ctrl-C, {@code gossamer-agent leave}
 * or (with {@code --stop-on-eof}) the end of standard input, then leaves gracefully. Every
 * membership event goes to standard output as one line ({@link AgentLine}); the HTTP API, the live
 * page and the metrics listen on {@code --http-addr}; standard input takes the console's commands
 * ({@link StdinConsole}).
 *
 * <p>Configuration, highest first: the flags (and {@code -Dkey=value} after the command), system
 * properties ({@code java -Dgossamer.seeds=... -jar}), the environment ({@code GOSSAMER_SEEDS}),
 * then the properties file ({@code --config}, else {@code ./microprofile-config.properties} when
 * there is one). Every key is the extension's.
 */
@Command(name = "agent", aliases = "run", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = {"Runs a Gossamer node until SIGTERM, Ctrl-C or `gossamer-agent leave`, then leaves gracefully.",
                "Every membership event is printed as one line on standard output; the HTTP API, the live page "
                        + "(http://<http-addr>/) and Prometheus metrics (/v1/agent/metrics) listen on --http-addr.",
                "Configuration, highest first: these flags and -D key=value, system properties, the environment "
                        + "(GOSSAMER_SEEDS=...), then the --config file or ./microprofile-config.properties. "
                        + "Every key is the extension's (gossamer.*)."})
final class AgentCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger("io.gossamer.agent");
    static final String DEFAULT_CONFIG = "microprofile-config.properties";
    /** The agent's HTTP address unless told otherwise: this host only. */
    static final String DEFAULT_HTTP_ADDR = "127.0.0.1:7980";

    @Option(names = {"--node", "-node"}, paramLabel = "NAME", description = "the node's name, unique in its cluster "
            + "(" + GossamerConfig.NODE_NAME + "; default: the host name)")
    String node;

    @Option(names = {"--bind", "-bind"}, paramLabel = "ADDR[:PORT]",
            description = "where gossip listens, UDP and TCP (" + GossamerConfig.BIND_ADDRESS + ", "
                    + GossamerConfig.BIND_PORT + ")")
    String bind;

    @Option(names = {"--advertise", "-advertise"}, paramLabel = "ADDR[:PORT]",
            description = "the address announced to peers, when not the bound one (" + GossamerConfig.ADVERTISE_ADDRESS
                    + ", " + GossamerConfig.ADVERTISE_PORT + ")")
    String advertise;

    @Option(names = {"--join", "-join"}, paramLabel = "ADDR", description = "a seed to join, host[:port]; a DNS "
            + "name joins every address it has, resolved again at each attempt; repeatable (" + GossamerConfig.SEEDS + ")")
    List<String> join = new ArrayList<>();

    @Option(names = {"--tag", "-tag"}, paramLabel = "KEY=VALUE", description = "a tag of this node; repeatable "
            + "(gossamer.tags.KEY)")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = {"--cluster", "-cluster"}, paramLabel = "NAME", description = "(" + GossamerConfig.CLUSTER + ")")
    String cluster;

    @Option(names = {"--datacenter", "-datacenter", "-dc"}, paramLabel = "NAME",
            description = "(" + GossamerConfig.DATACENTER + ")")
    String datacenter;

    @Option(names = {"--role", "-role"}, paramLabel = "server|client", description = "a server is also in the WAN "
            + "pool (" + GossamerConfig.ROLE + ")")
    String role;

    @Option(names = {"--profile", "-profile"}, paramLabel = "NAME", description = "timing profile: lan, wan, local, "
            + "lan-fast (" + GossamerConfig.PROFILE + ")")
    String profile;

    @Option(names = {"--config", "--config-file", "-config-file"}, paramLabel = "FILE",
            description = "a properties file of gossamer.* keys (default: ./" + DEFAULT_CONFIG + " if present)")
    Path config;

    @Option(names = {"-D"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "any configuration key, as a flag: -Dgossamer.probe-interval=500ms")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = {"--http-addr", "-http-addr"}, paramLabel = "ADDR:PORT",
            defaultValue = "${env:GOSSAMER_HTTP_ADDR:-" + DEFAULT_HTTP_ADDR + "}",
            description = "where the HTTP API, the page and the metrics listen (default: $GOSSAMER_HTTP_ADDR, else "
                    + DEFAULT_HTTP_ADDR + "; port 0 picks one; 'off' serves nothing); the client commands find the "
                    + "agent there too")
    String httpAddr;

    @Option(names = "--stop-on-eof", description = "leave and exit when standard input closes (for a parent process)")
    boolean stopOnEof;

    @Override
    public Integer call() {
        Map<String, String> flags;
        Config cfg;
        GossamerSettings settings;
        try {
            flags = flags();
            cfg = config(flags);
            settings = GossamerSettings.from(cfg);
            KeyAudit.unknownKeysWarning(cfg).ifPresent(w -> LOG.log(Level.WARNING, w));
            KeyAudit.unnamedCluster(cfg).ifPresent(w -> LOG.log(Level.WARNING, w));
        } catch (IllegalArgumentException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
            return GossamerAgent.EXIT_USAGE;
        } catch (IOException e) {
            System.err.println("gossamer-agent: cannot read configuration file " + configFile().orElse(null) + ": "
                    + e);
            return GossamerAgent.EXIT_USAGE;
        }
        if (!settings.enabled()) {
            System.err.println("gossamer-agent: Gossamer is disabled (" + GossamerConfig.ENABLED + "=false); exiting");
            return 0;
        }
        Optional<HttpAddress> http;
        try {
            http = httpAddr.equals("off") ? Optional.empty() : Optional.of(HttpAddress.parse(httpAddr));
        } catch (IllegalArgumentException e) {
            System.err.println("gossamer-agent: " + e.getMessage());
            return GossamerAgent.EXIT_USAGE;
        }
        // The JDK resolves seeds (JoinRetry): Vert.x's own DNS client would only add classes and a thread.
        if (System.getProperty("vertx.disableDnsResolver") == null) {
            System.setProperty("vertx.disableDnsResolver", "true");
        }
        // A seed name is resolved again at every join attempt; the JDK would answer from its cache for
        // 30 s (10 s for a failure). A Kubernetes headless service's addresses change as pods come and go.
        if (java.security.Security.getProperty("networkaddress.cache.ttl") == null
                && System.getProperty("sun.net.inetaddr.ttl") == null) {
            java.security.Security.setProperty("networkaddress.cache.ttl", "1");
            java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        }
        return run(settings, http);
    }

    /** Where the HTTP API listens. */
    record HttpAddress(String host, int port) {
        static HttpAddress parse(String value) {
            Map<String, String> parts = new LinkedHashMap<>();
            address(parts, "--http-addr", value, "host", "port");
            try {
                int port = Integer.parseInt(parts.getOrDefault("port", "7980"));
                if (port < 0 || port > 65_535) {
                    throw new NumberFormatException();
                }
                return new HttpAddress(parts.get("host"), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--http-addr: '" + value + "': the port must be 0 to 65535");
            }
        }
    }

    private int run(GossamerSettings settings, Optional<HttpAddress> httpAddress) {
        CountDownLatch stop = new CountDownLatch(1);
        AgentNode node;
        try {
            node = AgentNode.start(settings, stop);
        } catch (RuntimeException e) {
            System.err.println("gossamer-agent: the node did not start: " + GossamerAgent.causes(e));
            LOG.log(Level.DEBUG, "start failure", e);
            return GossamerAgent.EXIT_FAILED;
        }
        AgentConsole.self(settings.nodeName());
        Optional<HttpApi> api = Optional.empty();
        if (httpAddress.isPresent()) {
            try {
                Context context = node.engines().vertx().getOrCreateContext();
                EventHub hub = new EventHub(context);
                api = Optional.of(HttpApi.start(node.engines().vertx(), context, node, hub, httpAddress.get().host(),
                        httpAddress.get().port()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
                node.publishTo(hub);
            } catch (Exception e) {
                System.err.println("gossamer-agent: the HTTP API cannot listen on " + httpAddr + ": "
                        + GossamerAgent.causes(e) + " (--http-addr sets another address, 'off' none)");
                node.engines().close();
                return GossamerAgent.EXIT_FAILED;
            }
        }
        printStarted(node, api.map(a -> httpAddress.get().host() + ":" + a.port()));
        node.joinSeeds();

        Stopper stopper = new Stopper(node, api);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "gossamer-agent-shutdown"));
        Thread commands = new Thread(() -> {
            new StdinConsole(node).run();
            if (stopOnEof) {
                stop.countDown();
            }
        }, "gossamer-agent-stdin");
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

    private static void printStarted(AgentNode node, Optional<String> http) {
        GossamerSettings s = node.settings();
        Member local = node.engines().node(Pool.LAN).localMember();
        Optional<AgentLine.WanStart> wanStart = s.server()
                ? Optional.of(new AgentLine.WanStart(node.engines().node(Pool.WAN).localMember(),
                        profile(s.wan().profile()), s.wan().seeds()))
                : Optional.empty();
        AgentConsole.print(AgentLine.started(Instant.now(), local, profile(s.profile()), s.seeds(), wanStart, http));
    }

    private static String profile(Profile profile) {
        return profile.name().toLowerCase(Locale.ROOT);
    }

    /** The flags as configuration keys; the last of a repeated key wins, as in a properties file. */
    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, GossamerConfig.NODE_NAME, node);
        put(f, GossamerConfig.CLUSTER, cluster);
        put(f, GossamerConfig.DATACENTER, datacenter);
        put(f, GossamerConfig.ROLE, role);
        put(f, GossamerConfig.PROFILE, profile);
        address(f, "--bind", bind, GossamerConfig.BIND_ADDRESS, GossamerConfig.BIND_PORT);
        address(f, "--advertise", advertise, GossamerConfig.ADVERTISE_ADDRESS, GossamerConfig.ADVERTISE_PORT);
        if (!join.isEmpty()) {
            f.put(GossamerConfig.SEEDS, String.join(",", join));
        }
        tags.forEach((k, v) -> f.put("gossamer.tags." + k, v));
        f.putAll(properties);
        return f;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }

    /**
     * {@code ADDR[:PORT]} ({@code [v6]:PORT} for IPv6 with a port) into its two keys, the port only
     * when given; the keys' own checks judge the values.
     */
    static void address(Map<String, String> f, String flag, String value, String hostKey, String portKey) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        String host = v;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || (close + 1 < v.length() && v.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException(flag + ": '" + value + "' is not ADDR[:PORT] ([v6]:PORT for IPv6)");
            }
            host = v.substring(1, close);
            port = close + 1 < v.length() ? v.substring(close + 2) : null;
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = v.substring(v.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' has no address");
        }
        f.put(hostKey, host);
        if (port != null) {
            f.put(portKey, port);
        }
    }

    private Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        Path local = Path.of(DEFAULT_CONFIG);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /** MicroProfile Config of the flags, system properties, environment and file, without a container. */
    private Config config(Map<String, String> flags) throws IOException {
        return AgentConfig.of(flags, configFile());
    }

    /** Stops the node once, from whichever comes first: the shutdown hook, a leave request, end of input. */
    private static final class Stopper {
        private final AgentNode node;
        private final Optional<HttpApi> api;
        private boolean stopped;

        Stopper(AgentNode node, Optional<HttpApi> api) {
            this.node = node;
            this.api = api;
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                node.engines().leaveAll();
                api.ifPresent(a -> a.close().toCompletionStage().toCompletableFuture().orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join());
                node.engines().close();
            } catch (RuntimeException e) {
                System.err.println("gossamer-agent: shutdown failed: " + GossamerAgent.causes(e));
            }
            AgentConsole.print(AgentLine.stopped(Instant.now(), node.name()));
        }
    }
}
