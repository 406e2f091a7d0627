package io.gossamer.agent;

import io.gossamer.agent.cli.ClientCommands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.LogManager;

/**
 * The standalone Gossamer agent, shaped as Serf's: {@code agent} runs a node (on the engine
 * itself, no container: {@link AgentCommand}); the client commands ({@code members}, {@code join},
 * {@code leave}, {@code force-leave}, {@code keys}, {@code event}, {@code query}, {@code rtt},
 * {@code monitor}, {@code info}) talk to a running agent through its HTTP API, from any shell
 * that reaches it; {@code demo} starts five agents on this host.
 *
 * <pre>
 * java -jar gossamer-agent.jar agent --node web-1 --join 10.0.0.5 --tag zone=a
 * java -jar gossamer-agent.jar members --status alive --format json
 * java -jar gossamer-agent.jar --version
 * </pre>
 *
 * <p>Without a command, or with only options, it is {@code agent}: {@code java -jar
 * gossamer-agent.jar -Dgossamer.node-name=a1} runs a node named a1, as it always has.
 */
@Command(name = "gossamer-agent", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = AgentVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {"Gossamer's standalone agent: a SWIM membership node, and the commands that talk to it.",
                "Run `gossamer-agent COMMAND --help` for a command's flags."},
        footer = {"", "Without a command, or with only options, the command is `agent`.",
                "The client commands find the agent at --http-addr, else $GOSSAMER_HTTP_ADDR, else 127.0.0.1:7980."})
public final class GossamerAgent implements Callable<Integer> {

    /** Exit status for a bad command line or configuration. */
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;

    private static final System.Logger LOG = System.getLogger("io.gossamer.agent");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private GossamerAgent() {
    }

    public static void main(String[] args) {
        int status = run(args);
        // Also runs the shutdown hook, which has nothing left to do after a normal return.
        System.exit(status);
    }

    static int run(String... args) {
        configureLogging();
        String[] full = withCommand(args);
        if (full[0].equals("agent") || full[0].equals("run")) {
            // The node's start is measured: it builds the command line model of its own command only.
            CommandLine agent = new CommandLine(new AgentCommand());
            agent.setCommandName("gossamer-agent " + full[0]);
            return agent.execute(Arrays.copyOfRange(full, 1, full.length));
        }
        return commandLine().execute(full);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GossamerAgent());
        cli.addSubcommand("agent", new AgentCommand());
        ClientCommands.all().forEach(cli::addSubcommand);
        cli.addSubcommand("demo", new DemoCommand());
        cli.addSubcommand("cds-training", new TrainingCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** The arguments with {@code agent} in front when they name no command (none, or options only). */
    static String[] withCommand(String... args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            return args;
        }
        List<String> standard = List.of("-h", "--help", "-V", "--version");
        if (args.length > 0 && standard.contains(args[0])) {
            return args;
        }
        List<String> all = new ArrayList<>(args.length + 1);
        all.add("agent");
        all.addAll(Arrays.asList(args));
        return all.toArray(String[]::new);
    }

    /** With no command: the help. Not reached from {@code main}, which runs {@code agent} then. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** {@code demo}: five agents on this host (see {@link Demo}). */
    @Command(name = "demo", description = {"Starts five agents on 127.0.0.1, kills one, makes one leave, and prints "
            + "what each saw, merged in time order."})
    static final class DemoCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return Demo.run(System.out, System.err);
        }
    }

    /**
     * Standard error gets one line per record, and Vert.x's and Netty's chatter only from WARNING
     * up, unless the user configured java.util.logging (the System.Logger backend) themselves.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        String config = """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n
                io.netty.level=WARNING
                io.vertx.level=WARNING
                """;
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Only the format of standard error is at stake.
            LOG.log(Level.DEBUG, "cannot configure java.util.logging", e);
        }
    }

    /** The messages of an exception and its causes, for a one-line report. */
    static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 2_000; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : " <- ").append(m);
            }
        }
        return b.toString();
    }
}
