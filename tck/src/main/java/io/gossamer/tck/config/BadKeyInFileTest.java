package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.TckKeys;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key file whose only key, on its third line after a comment and a blank line, is not base64.
 * The file is written where {@code @Deployment} runs, on the host the deployment runs on.
 */
public class BadKeyInFileTest extends BrokenKeys {

    private static final String NOT_BASE64 = "%%tck+file+not+base64%%";
    private static Path file;

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        try {
            file = Files.createTempFile("gossamer-tck-bad-keys", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, "# a key that is not base64 follows a blank line\n\n" + NOT_BASE64 + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return broken("bad-key-in-file", GossamerConfig.ENCRYPT_KEY_FILE, file.toString());
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_KEY_FILE;
    }

    @Override
    protected List<String> secrets() {
        return List.of(NOT_BASE64);
    }

    @Override
    protected OptionalInt position() {
        return OptionalInt.of(1);
    }

    /**
     * [config-invalid-fails-deployment] [keys-bad-config] [keys-never-shown] [keys-file] Deploying
     * fails as for any bad key, and a failure message names the key file and the key's line, 3.
     */
    @Test
    @RunAsClient
    @Override
    public void theDeploymentFailsNamingTheKey() {
        String messages = deployAndCheck();
        Pattern line = Pattern.compile("(?<![0-9])3(?![0-9])");
        String name = file.getFileName().toString();
        assertTrue(messages.lines().anyMatch(l -> l.contains(name) && line.matcher(l.replace(name, "")).find()),
                "no failure message names the file " + name + " and the line 3:\n" + messages);
    }
}
