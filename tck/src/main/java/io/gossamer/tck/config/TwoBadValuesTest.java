package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.TckTiming;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two keys with bad values, unrelated to each other (a port above 65535, an unknown role):
 * the one failed deployment names both, as all problems are reported together.
 */
@Tag(BrokenConfiguration.TAG)
@ExtendWith(ArquillianExtension.class)
public class TwoBadValuesTest {

    private static final String NAME = "broken-twice";
    private static final List<String> KEYS = List.of(GossamerConfig.BIND_PORT, GossamerConfig.ROLE);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        Map<String, String> config = new LinkedHashMap<>(Deployments.node("two-bad-values", TckTiming.standard()));
        config.put(GossamerConfig.BIND_PORT, "99999");
        config.put(GossamerConfig.ROLE, "chef");
        return Deployments.war("two-bad-values", config);
    }

    /** [config-invalid-fails-deployment] Deploying fails once, with messages that name both keys at fault. */
    @Test
    @RunAsClient
    public void theDeploymentFailsNamingBothKeys() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(NAME),
                "a deployment with a bad " + KEYS + " was deployed");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        for (String key : KEYS) {
            assertTrue(messages.indexOf(key) >= 0, "no failure message names " + key + ":\n" + messages);
        }
    }
}
