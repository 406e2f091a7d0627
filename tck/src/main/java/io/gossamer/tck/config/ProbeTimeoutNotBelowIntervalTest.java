package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A probe timeout longer than the probe interval (400 ms in the TCK's timing). */
public class ProbeTimeoutNotBelowIntervalTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("probe-timeout-not-below-interval", GossamerConfig.PROBE_TIMEOUT, "1s");
    }

    @Override
    protected String key() {
        return GossamerConfig.PROBE_TIMEOUT;
    }
}
