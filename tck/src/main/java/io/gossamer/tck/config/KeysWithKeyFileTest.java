package io.gossamer.tck.config;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckTiming;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Encryption keys and a key file together: one of them only. */
public class KeysWithKeyFileTest extends BrokenKeys {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return Deployments.war("keys-with-key-file", Deployments.node("keys-with-key-file", TckTiming.standard(),
                Map.of(GossamerConfig.ENCRYPT_KEYS, TckKeys.key(1),
                        GossamerConfig.ENCRYPT_KEY_FILE, "gossamer-tck-no-such-key-file")));
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_KEY_FILE;
    }

    @Override
    protected List<String> secrets() {
        return List.of(TckKeys.key(1));
    }

    @Override
    protected OptionalInt position() {
        return OptionalInt.empty();
    }
}
