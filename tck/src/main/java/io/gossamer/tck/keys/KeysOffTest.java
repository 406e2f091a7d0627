package io.gossamer.tck.keys;

import io.gossamer.EncryptionKeys;
import io.gossamer.KeyResponse;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment has no keys (encryption off): no key operation can run. */
@ExtendWith(ArquillianExtension.class)
public class KeysOffTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-off", Deployments.node("keys-off", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [keys-off] Without keys, list, install, use and remove each fail with IllegalStateException. */
    @Test
    public void everyKeyOperationFailsWithoutKeys() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        EncryptionKeys keys = membership.keys();
        String key = TckKeys.key(1);
        Map<String, Function<EncryptionKeys, CompletionStage<KeyResponse>>> operations = Map.of(
                "list", EncryptionKeys::list,
                "install", k -> k.install(key),
                "use", k -> k.use(key),
                "remove", k -> k.remove(key));
        operations.forEach((name, operation) -> {
            Throwable failure = Futures.failureOf(() -> operation.apply(keys), TIMING.local(),
                    name + " without keys");
            assertTrue(failure instanceof IllegalStateException, name + " without keys failed with " + failure
                    + ", not an IllegalStateException");
        });
    }
}
