package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** verify-incoming true without encryption keys: there is nothing to verify with. */
public class VerifyIncomingWithoutKeysTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("verify-incoming-without-keys", GossamerConfig.ENCRYPT_VERIFY_INCOMING, "true");
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_VERIFY_INCOMING;
    }
}
