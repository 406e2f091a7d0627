package io.gossamer.agent;

import io.gossamer.Membership;

import java.io.PrintStream;
import java.util.List;

/**
 * The agent's standard output: whole lines, never interleaved, flushed at once (a reader on the
 * other end of a pipe, such as the demo, sees each line when it happens).
 */
final class AgentConsole {

    private static final Object LOCK = new Object();
    private static volatile PrintStream out = System.out;
    /** The local node's name, once known; one node per agent process. */
    private static volatile String self = "-";

    private AgentConsole() {
    }

    static void use(PrintStream stream) {
        out = stream;
    }

    static void print(AgentLine line) {
        print(List.of(line));
    }

    /** Prints lines as one block: a members table is not split by an event line. */
    static void print(List<AgentLine> lines) {
        synchronized (LOCK) {
            PrintStream o = out;
            for (AgentLine l : lines) {
                o.println(l.text());
            }
            o.flush();
        }
    }

    static void self(String name) {
        self = name;
    }

    /** The local node's name, as last known. */
    static String self() {
        return self;
    }

    /**
     * The local node's name. Asked of {@link Membership} while the node runs; remembered, because
     * the last events (while the node closes) come when {@code Membership} no longer answers.
     */
    static String self(Membership membership) {
        try {
            String name = membership.localMember().name();
            self = name;
            return name;
        } catch (IllegalStateException e) {
            return self;
        }
    }
}
