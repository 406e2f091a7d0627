package io.gossamer.agent.cli;

import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;

import java.util.Locale;

/**
 * {@code gossamer-agent monitor}: follows what the agent sees, live, until interrupted: its
 * membership events, cluster events, queries and refutations, as they happen.
 */
@Command(name = "monitor", description = "Prints what the agent sees as it happens, until interrupted (Ctrl-C).")
final class MonitorCommand extends ClientCommand {

    @Override
    int execute(AgentClient client) {
        client.stream("/v1/event/stream", data -> {
            if (options.json()) {
                System.out.println(data);
            } else {
                System.out.println(line(new JsonObject(data)));
            }
            System.out.flush();
        });
        return 0;
    }

    /** One event as a line, as the agent prints it on its own standard output. */
    static String line(JsonObject e) {
        String pool = " pool=" + e.getString("Pool");
        return e.getString("At") + " " + switch (e.getString("Type")) {
            case "member" -> {
                JsonObject m = e.getJsonObject("Member");
                yield e.getString("Kind") + " " + m.getString("Name") + " " + m.getString("Addr") + ":"
                        + m.getInteger("Port") + " (was " + (e.getString("Previous") == null ? "-"
                        : e.getString("Previous")) + ")" + pool
                        + (e.getString("Reason") == null ? "" : " reason=" + e.getString("Reason"));
            }
            case "cluster-event" -> "EVENT " + e.getString("Name") + " from=" + e.getString("Origin") + pool
                    + " payload=" + e.getString("Payload");
            case "query" -> "QUERY " + e.getString("Name") + " from=" + e.getString("Origin") + pool + " payload="
                    + e.getString("Payload");
            case "refutation" -> "REFUTED " + e.getString("Claim") + " by=" + (e.getString("Accuser") == null ? "-"
                    : e.getString("Accuser")) + " incarnation=" + e.getLong("Incarnation") + pool;
            default -> e.getString("Type").toUpperCase(Locale.ROOT) + " " + e.encode();
        };
    }
}
