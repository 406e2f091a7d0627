package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.TckKeys;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.List;
import java.util.OptionalInt;

/** The same encryption key first and third. */
public class DuplicateKeyTest extends BrokenKeys {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return broken("duplicate-key", GossamerConfig.ENCRYPT_KEYS,
                String.join(",", TckKeys.key(1), TckKeys.key(2), TckKeys.key(1)));
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_KEYS;
    }

    @Override
    protected List<String> secrets() {
        return List.of(TckKeys.key(1), TckKeys.key(2));
    }

    @Override
    protected OptionalInt position() {
        return OptionalInt.of(3);
    }
}
