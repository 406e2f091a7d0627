package io.gossamer.agent.cli;

import picocli.CommandLine.Command;

/** {@code gossamer-agent leave}: the running agent leaves gracefully and stops, as {@code serf leave}. */
@Command(name = "leave", description = "Tells the agent to leave its pools gracefully and stop.")
final class LeaveCommand extends ClientCommand {

    @Override
    int execute(AgentClient client) {
        client.put("/v1/agent/leave", "", "text/plain");
        System.out.println("Graceful leave complete: the agent is leaving and will stop.");
        return 0;
    }
}
