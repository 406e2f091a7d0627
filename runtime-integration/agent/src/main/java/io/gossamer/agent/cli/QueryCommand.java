package io.gossamer.agent.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gossamer-agent query}: asks the matching members, as {@code serf query}, and prints what came back. */
@Command(name = "query", description = {"Asks a query of the matching members and prints their acknowledgements "
        + "and answers once it is done.", "An agent acknowledges queries but answers none; applications answer "
        + "theirs (ClusterQuery.respond)."})
final class QueryCommand extends ClientCommand {

    @Option(names = {"--node", "-node"}, paramLabel = "NAME", description = "only this member; repeatable")
    List<String> nodes = new ArrayList<>();

    @Option(names = {"--tag", "-tag"}, paramLabel = "KEY=REGEXP", description = "only members whose tag matches; "
            + "repeatable")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = {"--no-ack", "-no-ack"}, description = "do not ask for acknowledgements")
    boolean noAck;

    @Option(names = {"--relay-factor", "-relay-factor"}, paramLabel = "N", description = "members that relay each "
            + "answer too, 0 to 5")
    Integer relayFactor;

    @Option(names = {"--timeout", "-timeout"}, paramLabel = "DURATION", description = "how long answers are taken "
            + "(default: Serf's, from the gossip interval and the cluster's size)")
    String timeout;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PAYLOAD", defaultValue = "")
    String payload;

    @Override
    int execute(AgentClient client) {
        JsonObject q = new JsonObject().put("Name", name).put("Payload", payload)
                .put("Nodes", new JsonArray(nodes)).put("Tags", new JsonObject(new LinkedHashMap<>(tags)))
                .put("RequestAck", !noAck);
        if (relayFactor != null) {
            q.put("RelayFactor", relayFactor);
        }
        if (timeout != null) {
            q.put("Timeout", timeout);
        }
        JsonObject r = (JsonObject) client.post("/v1/query", q.encode());
        if (options.json()) {
            System.out.println(r.encodePrettily());
            return 0;
        }
        for (Object ack : r.getJsonArray("Acks")) {
            System.out.println("Ack from '" + ack + "'");
        }
        for (Object o : r.getJsonArray("Answers")) {
            JsonObject a = (JsonObject) o;
            System.out.println("Response from '" + a.getString("From") + "': " + a.getString("Payload"));
        }
        System.out.println("Total Acks:     " + r.getJsonArray("Acks").size());
        System.out.println("Total Responses: " + r.getJsonArray("Answers").size());
        return 0;
    }
}
