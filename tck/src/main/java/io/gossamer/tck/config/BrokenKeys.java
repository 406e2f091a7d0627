package io.gossamer.tck.config;

import io.gossamer.tck.support.TckKeys;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment whose encryption keys are configured wrongly: besides naming the configuration key
 * at fault, the failure must never show a key's value, and, where one key is at fault, must name
 * its position. The deployment is deployed once, as every broken one: some runtimes keep a failed
 * deployment's name until undeployed.
 */
public abstract class BrokenKeys extends BrokenConfiguration {

    /** The encryption keys (or other secret values) the broken configuration holds. */
    protected abstract List<String> secrets();

    /** The position (1 for the first) of the encryption key at fault, if one is. */
    protected abstract OptionalInt position();

    /**
     * [config-invalid-fails-deployment] [keys-bad-config] [keys-never-shown] Deploying fails with a
     * message that names the key at fault; no failure message shows a key's value, and a message
     * naming the configuration key names the position of the encryption key at fault.
     */
    @Test
    @RunAsClient
    @Override
    public void theDeploymentFailsNamingTheKey() {
        deployAndCheck();
    }

    /** Deploys, checks the failure as {@link #theDeploymentFailsNamingTheKey()} says, returns its messages. */
    protected final String deployAndCheck() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(NAME),
                "a deployment with a bad " + key() + " was deployed");
        String messages = TckKeys.assertNoKeyShown(failure, secrets());
        assertTrue(messages.contains(key()), "no failure message names " + key() + ":\n" + messages);
        position().ifPresent(n -> {
            Pattern number = Pattern.compile("(?<![0-9])" + n + "(?![0-9])");
            boolean named = messages.lines().anyMatch(l -> l.contains(key()) && number.matcher(l).find());
            assertTrue(named, "no failure message names " + key() + " and the position " + n + ":\n" + messages);
        });
        return messages;
    }
}
