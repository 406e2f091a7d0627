package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A duration without a number and unit. */
public class MalformedDurationTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("malformed-duration", GossamerConfig.PROBE_INTERVAL, "soon");
    }

    @Override
    protected String key() {
        return GossamerConfig.PROBE_INTERVAL;
    }
}
