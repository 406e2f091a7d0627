package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.TckKeys;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.List;
import java.util.OptionalInt;

/** A second encryption key that is not base64. */
public class MalformedKeyTest extends BrokenKeys {

    private static final String NOT_BASE64 = "%%tck+not+base64%%";

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("malformed-key", GossamerConfig.ENCRYPT_KEYS, TckKeys.key(1) + "," + NOT_BASE64);
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_KEYS;
    }

    @Override
    protected List<String> secrets() {
        return List.of(TckKeys.key(1), NOT_BASE64);
    }

    @Override
    protected OptionalInt position() {
        return OptionalInt.of(2);
    }
}
