package io.gossamer.agent.cli;

import io.gossamer.Coordinate;
import io.gossamer.agent.http.Json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gossamer-agent rtt}: the round trip between two members as their network coordinates
 * estimate it, as {@code serf rtt}: from the agent's coordinates, computed here.
 */
@Command(name = "rtt", description = {"Estimates the round trip between two members (or the agent and one) from "
        + "their network coordinates."})
final class RttCommand extends ClientCommand {

    @Option(names = {"--wan", "-wan"}, description = "members of the WAN pool")
    boolean wan;

    @Parameters(index = "0", paramLabel = "NODE")
    String first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OTHER", description = "default: the agent's own node")
    String second;

    @Override
    int execute(AgentClient client) {
        Map<String, Coordinate> coordinates = new HashMap<>();
        for (Object o : (JsonArray) client.get("/v1/coordinate/nodes" + pool(wan))) {
            JsonObject c = (JsonObject) o;
            coordinates.put(c.getString("Node"), Json.coordinate(c.getJsonObject("Coord")));
        }
        String other = second;
        if (other == null) {
            JsonObject self = (JsonObject) client.get("/v1/agent/self");
            other = self.getJsonObject("Pools").getJsonObject(wan ? "wan" : "lan").getJsonObject("Member")
                    .getString("Name");
        }
        Coordinate a = coordinates.get(first);
        Coordinate b = coordinates.get(other);
        if (a == null || b == null) {
            System.err.println("gossamer-agent: no coordinate for " + (a == null ? first : other) + " yet (the agent "
                    + "learns a member's coordinate when it probes it)");
            return 1;
        }
        double ms = a.distanceTo(b).toNanos() / 1e6;
        if (options.json()) {
            System.out.println(new JsonObject().put("From", first).put("To", other).put("RoundTripMs", ms).encode());
        } else {
            System.out.println(String.format(Locale.ROOT, "Estimated %s <-> %s rtt: %.3f ms", first, other, ms));
        }
        return 0;
    }
}
