package io.gossamer.agent.cli;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * A command that talks to a running agent through its HTTP API. A failure (the agent unreachable,
 * an operation refused) is one line on standard error and exit status 1.
 */
abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options;

    @Override
    public final Integer call() {
        try {
            return execute(options.client());
        } catch (AgentClient.Failure f) {
            System.err.println("gossamer-agent: " + f.getMessage());
            return 1;
        }
    }

    abstract int execute(AgentClient client);

    /** The query string that names the pool, for the API. */
    static String pool(boolean wan) {
        return wan ? "?pool=wan" : "?pool=lan";
    }
}
