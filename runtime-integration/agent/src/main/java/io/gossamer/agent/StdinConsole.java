package io.gossamer.agent;

import io.gossamer.KeyResponse;
import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.cdi.GossamerEngines;
import io.gossamer.cdi.PoolTraffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The agent's console: commands on its own standard input, one a line, as the agent has always
 * taken them (the demo and the side-by-side harness drive agents this way). Each prints its outcome
 * on standard error and what comes of it as lines on standard output. The same operations, from
 * another shell or host, are the client commands over the HTTP API.
 *
 * <p>{@code members} (or {@code members lan}) prints the LAN pool's membership table
 * ({@code MEMBERS n pool=lan} and then one {@code MEMBER} line per member), {@code members wan}
 * the WAN pool's (a server's); {@code join [wan] <host:port>...} joins through more seeds now;
 * {@code stats [lan|wan]} prints the engine's traffic counters as one {@code STATS} line;
 * {@code guard on|off} switches the cluster-mixing guard; {@code force-leave} and
 * {@code keys list|install|use|remove} are Serf's; {@code event}, {@code query} and {@code rtt}
 * too ({@link ApplicationCommands}).
 */
final class StdinConsole {

    private static final System.Logger LOG = System.getLogger("io.gossamer.agent");

    private final AgentNode node;
    private final boolean server;

    StdinConsole(AgentNode node) {
        this.node = node;
        this.server = node.settings().server();
    }

    /** Reads and runs commands until standard input ends. */
    void run() {
        Membership lan = node.membership(Pool.LAN);
        Membership wan = server ? node.membership(Pool.WAN) : notAServer();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.strip().replaceAll("\\s+", " ");
                if (command.startsWith("force-leave ")) {
                    forceLeave(lan, wan, command);
                    continue;
                }
                if (command.equals("join") || command.startsWith("join ")) {
                    join(command);
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
                    case "guard on", "guard off" -> switchGuard(command.equals("guard on"));
                    case "stats", "stats lan" -> printStats(Pool.LAN);
                    case "stats wan" -> printStats(Pool.WAN);
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
    }

    /**
     * {@code guard on|off}: switches the cluster-mixing guard of every pool at run time; turning it
     * on sheds the members of other datacenters (their LEFT lines follow). Outcome on standard error.
     */
    /** A client's WAN pool: every use says there is none. */
    private static Membership notAServer() {
        return (Membership) Proxy.newProxyInstance(Membership.class.getClassLoader(), new Class<?>[] {Membership.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException(GossamerEngines.NOT_A_SERVER);
                });
    }

    private void switchGuard(boolean on) {
        report("guard " + (on ? "on" : "off"), () -> CompletableFuture.allOf(node.engines().nodes().stream()
                .map(n -> n.setGuardEnabled(on).toCompletionStage().toCompletableFuture())
                .toArray(CompletableFuture[]::new)));
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
    private void join(String command) {
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
            int answered = node.join(pool, words).toCompletableFuture().get(60, TimeUnit.SECONDS);
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
    private void printStats(Pool pool) {
        try {
            AgentConsole.print(AgentLine.stats(Instant.now(), AgentConsole.self(), pool,
                    PoolTraffic.of(node.engines().node(pool).metrics())));
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
    private static void forceLeave(Membership lan, Membership wan, String command) {
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
    private static void keys(List<Membership> pools, String command) {
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
    private static void printMembers(Membership membership, Pool pool) {
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
}
