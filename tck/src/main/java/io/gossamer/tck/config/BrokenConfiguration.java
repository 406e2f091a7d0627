package io.gossamer.tck.config;

import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.TckTiming;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment with one bad configuration value must fail to deploy. Each subclass is one kind of
 * bad value; it declares the deployment ({@link #NAME}, not managed, so the test deploys it and
 * sees the failure) and the key at fault.
 *
 * <p>Tagged {@value #TAG}: a runtime that cannot report a failed deployment to Arquillian (Payara
 * Micro) excludes the tag.
 */
@Tag(BrokenConfiguration.TAG)
@ExtendWith(ArquillianExtension.class)
public abstract class BrokenConfiguration {

    /** The JUnit tag of tests whose deployment must fail. */
    public static final String TAG = "deployment-failure";

    /** The name of every broken deployment. */
    protected static final String NAME = "broken";

    @ArquillianResource
    Deployer deployer;

    /** The configuration key whose value is bad. */
    protected abstract String key();

    /**
     * A valid deployment configuration with {@code key=value} added, as a web archive named after
     * the scenario.
     */
    protected static WebArchive broken(String scenario, String key, String value) {
        Map<String, String> config = new LinkedHashMap<>(Deployments.node(scenario, TckTiming.standard()));
        config.put(key, value);
        return Deployments.war(scenario, config);
    }

    /** [config-invalid-fails-deployment] Deploying fails, with a message that names the key at fault. */
    @Test
    @RunAsClient
    public void theDeploymentFailsNamingTheKey() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(NAME),
                "a deployment with a bad " + key() + " was deployed");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        assertTrue(messages.indexOf(key()) >= 0, "no failure message names " + key() + ":\n" + messages);
    }
}
