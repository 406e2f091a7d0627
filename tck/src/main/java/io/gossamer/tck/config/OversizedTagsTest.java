package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Tags over 512 bytes encoded. */
public class OversizedTagsTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("oversized-tags", GossamerConfig.TAGS_PREFIX + "blob", "x".repeat(600));
    }

    @Override
    protected String key() {
        return GossamerConfig.TAGS_PREFIX;
    }
}
