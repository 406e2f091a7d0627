package io.gossamer.agent.cli;

import java.util.List;

/** The client commands, each talking to a running agent through its HTTP API. */
public final class ClientCommands {

    private ClientCommands() {
    }

    /** A fresh instance of each, in the order help lists them. */
    public static List<Object> all() {
        return List.of(new MembersCommand(), new JoinCommand(), new LeaveCommand(), new ForceLeaveCommand(),
                new KeysCommand(), new EventCommand(), new QueryCommand(), new RttCommand(), new MonitorCommand(),
                new InfoCommand());
    }
}
