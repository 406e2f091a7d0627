package io.gossamer.agent.cli;

import picocli.CommandLine.Option;

/** What every client command shares: where the agent is, and how to print. */
final class ClientOptions {

    /** The agent's HTTP address unless told otherwise: the agent on this host. */
    static final String DEFAULT_ADDRESS = "127.0.0.1:7980";

    @Option(names = {"--http-addr", "-http-addr"}, paramLabel = "ADDR:PORT",
            description = "the agent's HTTP address (default: $GOSSAMER_HTTP_ADDR, else " + DEFAULT_ADDRESS + ")")
    String httpAddr;

    @Option(names = {"--format", "-format"}, paramLabel = "text|json", defaultValue = "text",
            description = "output format (default: ${DEFAULT-VALUE})")
    Format format;

    enum Format { text, json }

    AgentClient client() {
        String address = httpAddr != null ? httpAddr : System.getenv().getOrDefault("GOSSAMER_HTTP_ADDR",
                DEFAULT_ADDRESS);
        return new AgentClient(address);
    }

    boolean json() {
        return format == Format.json;
    }
}
