package io.gossamer.agent.cli;

import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code gossamer-agent join}: the running agent joins through these addresses now, as {@code serf join}. */
@Command(name = "join", description = "Tells the agent to join the pool through these addresses now.")
final class JoinCommand extends ClientCommand {

    @Option(names = {"--wan", "-wan"}, description = "join the WAN pool (a server)")
    boolean wan;

    @Parameters(arity = "1..*", paramLabel = "ADDR", description = "host[:port] of a member")
    List<String> addresses;

    @Override
    int execute(AgentClient client) {
        String joined = String.join(",", addresses.stream().map(a -> URLEncoder.encode(a, StandardCharsets.UTF_8))
                .toList());
        JsonObject r = (JsonObject) client.put("/v1/agent/join/" + joined + pool(wan), "", "text/plain");
        int n = r.getInteger("Contacted");
        if (options.json()) {
            System.out.println(r.encode());
        } else {
            System.out.println("Successfully joined cluster by contacting " + n + " node" + (n == 1 ? "" : "s") + ".");
        }
        return 0;
    }
}
