package io.gossamer.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code gossamer-agent force-leave}: a dead member becomes LEFT everywhere, as {@code serf force-leave}. */
@Command(name = "force-leave", description = {"Moves a DEAD member to LEFT across the cluster, so that it is no "
        + "longer reconnected to.", "With --prune every node forgets it at once."})
final class ForceLeaveCommand extends ClientCommand {

    @Option(names = {"--prune", "-prune"}, description = "also make every node forget the member")
    boolean prune;

    @Option(names = {"--wan", "-wan"}, description = "a member of the WAN pool")
    boolean wan;

    @Parameters(paramLabel = "NODE", description = "the member's name")
    String node;

    @Override
    int execute(AgentClient client) {
        client.put("/v1/agent/force-leave/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + pool(wan)
                + (prune ? "&prune=1" : ""), "", "text/plain");
        System.out.println(node + " force-left" + (prune ? " and pruned" : ""));
        return 0;
    }
}
