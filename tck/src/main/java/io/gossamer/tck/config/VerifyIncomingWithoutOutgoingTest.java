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

/** With keys, verify-incoming true and verify-outgoing false: accepting sealed input only needs sealing output. */
public class VerifyIncomingWithoutOutgoingTest extends BrokenKeys {

    @Deployment(name = NAME, managed = false)
    public static WebArchive deployment() {
        return Deployments.war("verify-incoming-only", Deployments.node("verify-incoming-only", TckTiming.standard(),
                Map.of(GossamerConfig.ENCRYPT_KEYS, TckKeys.key(1),
                        GossamerConfig.ENCRYPT_VERIFY_INCOMING, "true",
                        GossamerConfig.ENCRYPT_VERIFY_OUTGOING, "false")));
    }

    @Override
    protected String key() {
        return GossamerConfig.ENCRYPT_VERIFY_INCOMING;
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
