package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A bind port above 65535. */
public class InvalidPortTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("invalid-port", GossamerConfig.BIND_PORT, "99999");
    }

    @Override
    protected String key() {
        return GossamerConfig.BIND_PORT;
    }
}
