package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A profile that is not lan, wan, local or lan-fast. */
public class UnknownProfileTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("unknown-profile", GossamerConfig.PROFILE, "datacenter");
    }

    @Override
    protected String key() {
        return GossamerConfig.PROFILE;
    }
}
