package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A boolean that is neither true nor false. */
public class InvalidBooleanTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("invalid-boolean", GossamerConfig.DISABLE_TCP_PINGS, "maybe");
    }

    @Override
    protected String key() {
        return GossamerConfig.DISABLE_TCP_PINGS;
    }
}
