package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A cluster name with a character outside [A-Za-z0-9._-]. */
public class InvalidClusterNameTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("invalid-cluster-name", GossamerConfig.CLUSTER, "two words");
    }

    @Override
    protected String key() {
        return GossamerConfig.CLUSTER;
    }
}
