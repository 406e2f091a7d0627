package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** verify-outgoing true without encryption keys: there is nothing to verify with. */
public class VerifyOutgoingWithoutKeysTest extends BrokenConfiguration {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("verify-outgoing-without-keys", GossamerConfig.ENCRYPT_VERIFY_OUTGOING, "true");
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_VERIFY_OUTGOING;
    }
}
