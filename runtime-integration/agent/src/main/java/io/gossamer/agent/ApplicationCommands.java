package io.gossamer.agent;

import io.gossamer.ClusterEvent;
import io.gossamer.Coordinate;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.QueryAnswer;
import io.gossamer.QueryListener;
import io.gossamer.QueryOptions;
import io.gossamer.swim.config.Durations;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's commands for Serf's application half, as {@code serf event}, {@code serf query} and
 * {@code serf rtt} are: each reads one command line of standard input, acts through the pool's
 * {@link Membership}, prints its outcome to standard error and what comes of it as lines on
 * standard output.
 */
final class ApplicationCommands {

    private ApplicationCommands() {
    }

    static final String EVENT_USAGE = "event [wan] [--coalesce] <name> [payload]";

    /**
     * {@code event [wan] [--coalesce] <name> [payload]}: sends a cluster event to every member of
     * the LAN (or WAN) pool, as {@code serf event} does; the payload is the rest of the line, as
     * UTF-8. The outcome goes to standard error; every member, this one included, prints an
     * {@code EVENT} line when it delivers it.
     */
    static void sendEvent(Membership wan, Membership lan, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ", -1)));
        words.remove(0);
        Membership pool = lan;
        boolean coalesce = false;
        while (!words.isEmpty() && (words.get(0).equals("wan") || words.get(0).equals("--coalesce"))) {
            if (words.remove(0).equals("wan")) {
                pool = wan;
            } else {
                coalesce = true;
            }
        }
        if (words.isEmpty() || words.get(0).isEmpty()) {
            System.err.println("gossamer-agent: usage: " + EVENT_USAGE);
            return;
        }
        String name = words.remove(0);
        byte[] payload = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        try {
            ClusterEvent sent = pool.sendEvent(name, payload, coalesce).toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.err.println("gossamer-agent: event '" + sent.name() + "' sent, Lamport time "
                    + sent.lamportTime() + (coalesce ? ", coalescible" : ""));
        } catch (ExecutionException e) {
            System.err.println("gossamer-agent: event refused: " + e.getCause().getMessage());
        } catch (TimeoutException | RuntimeException e) {
            System.err.println("gossamer-agent: event failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String RTT_USAGE = "rtt [wan] <node> [other node]";

    /**
     * {@code rtt [wan] <node> [other node]}: the round trip between two members (the first and this
     * node, if one is named) as their network coordinates estimate it, as {@code serf rtt} does: one
     * {@code RTT} line, or on standard error why not (a coordinate not known yet: this node learns a
     * member's by probing it).
     */
    static void rtt(Membership wan, Membership lan, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ")));
        words.remove(0);
        Membership pool = lan;
        Pool which = Pool.LAN;
        if (!words.isEmpty() && words.get(0).equals("wan")) {
            words.remove(0);
            pool = wan;
            which = Pool.WAN;
        }
        if (words.isEmpty() || words.size() > 2) {
            System.err.println("gossamer-agent: usage: " + RTT_USAGE);
            return;
        }
        try {
            String a = words.get(0);
            String b = words.size() == 2 ? words.get(1) : pool.localMember().name();
            Optional<Coordinate> ca = pool.coordinate(a);
            Optional<Coordinate> cb = pool.coordinate(b);
            if (ca.isEmpty() || cb.isEmpty()) {
                System.err.println("gossamer-agent: rtt: no coordinate for " + (ca.isEmpty() ? a : b)
                        + " (yet: a member's comes with its acks to this node's probes)");
                return;
            }
            AgentConsole.print(AgentLine.rtt(Instant.now(), AgentConsole.self(), which, a, b,
                    ca.get().distanceTo(cb.get())));
        } catch (RuntimeException e) {
            System.err.println("gossamer-agent: rtt failed: " + e.getMessage());
        }
    }

    static final String QUERY_USAGE = "query [wan] [--node NAME]... [--tag KEY=REGEXP]... [--no-ack] "
            + "[--relay-factor N] [--timeout DURATION] <name> [payload]";

    /**
     * {@code query [wan] [--node NAME]... [--tag KEY=REGEXP]... [--no-ack] [--relay-factor N]
     * [--timeout DURATION] <name> [payload]}: asks the matching members of the LAN (or WAN) pool,
     * as {@code serf query} does (acknowledgements requested unless {@code --no-ack}); prints an
     * {@code ACK} and an {@code ANSWER} line for each as it arrives, then {@code QUERY-DONE} at the
     * timeout. Returns at once; the lines follow.
     */
    static void query(Membership wan, Membership lan, String command) {
        List<String> words = new ArrayList<>(List.of(command.split(" ", -1)));
        words.remove(0);
        Membership pool = lan;
        QueryOptions options = QueryOptions.defaults().withAck(true);
        try {
            while (!words.isEmpty() && (words.get(0).equals("wan") || words.get(0).startsWith("--"))) {
                String flag = words.remove(0);
                if (flag.equals("wan")) {
                    pool = wan;
                } else if (flag.equals("--no-ack")) {
                    options = options.withAck(false);
                } else if (!words.isEmpty() && flag.equals("--node")) {
                    options = options.withNodes(words.remove(0));
                } else if (!words.isEmpty() && flag.equals("--tag") && words.get(0).indexOf('=') > 0) {
                    String[] kv = words.remove(0).split("=", 2);
                    options = options.withTag(kv[0], kv[1]);
                } else if (!words.isEmpty() && flag.equals("--relay-factor")) {
                    options = options.withRelayFactor(Integer.parseInt(words.remove(0)));
                } else if (!words.isEmpty() && flag.equals("--timeout")) {
                    options = options.withTimeout(Durations.parse(words.remove(0)));
                } else {
                    throw new IllegalArgumentException("unknown or incomplete option " + flag);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("gossamer-agent: query: " + e.getMessage() + "; usage: " + QUERY_USAGE);
            return;
        }
        if (words.isEmpty() || words.get(0).isEmpty()) {
            System.err.println("gossamer-agent: usage: " + QUERY_USAGE);
            return;
        }
        String name = words.remove(0);
        byte[] payload = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        String self = AgentConsole.self();
        try {
            pool.query(name, payload, options, new QueryListener() {
                @Override
                public void acknowledged(String member) {
                    AgentConsole.print(AgentLine.queryAck(self, Instant.now(), name, member));
                }

                @Override
                public void answered(QueryAnswer answer) {
                    AgentConsole.print(AgentLine.queryAnswer(self, name, answer));
                }
            }).whenComplete((result, failure) -> {
                if (failure == null) {
                    AgentConsole.print(AgentLine.queryDone(self, Instant.now(), result));
                } else {
                    System.err.println("gossamer-agent: query refused: " + failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            System.err.println("gossamer-agent: query failed: " + e.getMessage());
        }
    }
}
