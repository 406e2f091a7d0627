package io.gossamer.agent.cli;

import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code gossamer-agent event}: a cluster event to every member, as {@code serf event}. */
@Command(name = "event", description = {"Sends a cluster event to every member (each agent prints it as an EVENT "
        + "line, each application observes it as a ClusterEvent).", "Name and payload at most 512 bytes."})
final class EventCommand extends ClientCommand {

    @Option(names = {"--coalesce", "-coalesce"}, description = "may be coalesced with later events of its name")
    boolean coalesce;

    @Option(names = {"--wan", "-wan"}, description = "to the WAN pool (a server)")
    boolean wan;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PAYLOAD", defaultValue = "")
    String payload;

    @Override
    int execute(AgentClient client) {
        JsonObject r = (JsonObject) client.put("/v1/event/fire/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + pool(wan) + (coalesce ? "&coalesce=1" : ""), payload, "text/plain; charset=utf-8");
        if (options.json()) {
            System.out.println(r.encode());
        } else {
            System.out.println("Event '" + name + "' dispatched! Coalescing enabled: " + coalesce + " (Lamport time "
                    + r.getLong("LTime") + ")");
        }
        return 0;
    }
}
