package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A multiplier below its range. */
public class OutOfRangeCountTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("out-of-range-count", GossamerConfig.SUSPICION_MULT, "0");
    }

    @Override
    protected String key() {
        return GossamerConfig.SUSPICION_MULT;
    }
}
