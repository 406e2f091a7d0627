package io.gossamer.quarkus.runtime;

import io.gossamer.cdi.DeploymentChecks;
import io.gossamer.cdi.InvalidConfigurationException;

import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Set;

/**
 * What the Quarkus extension does when the application starts, before the node does: the checks
 * that the portable extension makes when a CDI container validates a deployment.
 */
@Recorder
public class GossamerRecorder {

    /**
     * Checks the runtime configuration: a bad value fails the start, naming the key, the value and
     * what is allowed, all problems together.
     *
     * @param synchronous  observer methods that may receive membership events, found when the
     *                     application was built, as {@code bean class#type}
     * @param asynchronous the same, for asynchronous observers
     */
    public void check(Set<String> synchronous, Set<String> asynchronous) {
        try {
            DeploymentChecks.check(ConfigProvider.getConfig(), synchronous, asynchronous);
        } catch (InvalidConfigurationException e) {
            // Quarkus's own kind of configuration failure: reported as such, without a stack trace.
            throw new ConfigurationException(e.getMessage());
        }
    }
}
