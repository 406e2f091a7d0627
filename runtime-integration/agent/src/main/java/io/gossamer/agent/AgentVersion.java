package io.gossamer.agent;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The agent's version, as the build wrote it into {@code version.properties}. */
final class AgentVersion implements CommandLine.IVersionProvider {

    private static final String VERSION = read();

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    static String version() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"gossamer-agent " + VERSION + " (Java " + Runtime.version() + ")"};
    }
}
