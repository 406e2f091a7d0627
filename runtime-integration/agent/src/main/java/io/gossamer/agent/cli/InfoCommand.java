package io.gossamer.agent.cli;

import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;

import java.util.Map;

/** {@code gossamer-agent info}: the agent's configuration and figures, as {@code serf info}. */
@Command(name = "info", description = "Prints the agent's configuration, its pools and their counters.")
final class InfoCommand extends ClientCommand {

    @Override
    int execute(AgentClient client) {
        JsonObject self = (JsonObject) client.get("/v1/agent/self");
        JsonObject health = healthOf(client);
        if (options.json()) {
            System.out.println(self.copy().put("Health", health).encodePrettily());
            return 0;
        }
        System.out.println("agent:");
        print(self.getJsonObject("Config"), "  ");
        System.out.println("  started = " + self.getString("Started"));
        System.out.println("  health = " + health.getString("status"));
        for (Map.Entry<String, Object> pool : self.getJsonObject("Pools")) {
            JsonObject p = (JsonObject) pool.getValue();
            System.out.println(pool.getKey() + ":");
            JsonObject member = p.getJsonObject("Member");
            System.out.println("  member = " + member.getString("Name") + " " + member.getString("Addr") + ":"
                    + member.getInteger("Port") + " incarnation " + member.getLong("Incarnation"));
            System.out.println("  members = " + p.getInteger("Members"));
            System.out.println("  joined = " + p.getBoolean("Joined"));
            System.out.println("  local-health = " + p.getInteger("LocalHealth"));
            print(p.getJsonObject("Stats"), "  ");
        }
        return 0;
    }

    /** The health report, also while DOWN (the API answers 503 then). */
    private static JsonObject healthOf(AgentClient client) {
        try {
            return (JsonObject) client.get("/v1/agent/health");
        } catch (AgentClient.Failure f) {
            return new JsonObject().put("status", "DOWN (" + f.getMessage() + ")");
        }
    }

    private static void print(JsonObject o, String indent) {
        for (Map.Entry<String, Object> e : o) {
            System.out.println(indent + e.getKey() + " = " + e.getValue());
        }
    }
}
