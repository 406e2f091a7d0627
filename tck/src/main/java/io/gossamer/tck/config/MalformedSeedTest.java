package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A seed whose port is not a number. */
public class MalformedSeedTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("malformed-seed", GossamerConfig.SEEDS, "127.0.0.1:not-a-port");
    }

    @Override
    protected String key() {
        return GossamerConfig.SEEDS;
    }
}
