package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A role that is not server or client. */
public class UnknownRoleTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("unknown-role", GossamerConfig.ROLE, "leader");
    }

    @Override
    protected String key() {
        return GossamerConfig.ROLE;
    }
}
