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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment holds key 1: operations with a malformed key, or that its keyring refuses, fail
 * without showing the key, and change nothing.
 */
@ExtendWith(ArquillianExtension.class)
public class KeysInvalidTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String PRIMARY = TckKeys.key(1);
    private static final String NOT_INSTALLED = TckKeys.key(2);
    private static final String NOT_BASE64 = "%%not+base64%%";
    private static final String TOO_SHORT = TckKeys.keyOfLength(20);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-invalid", Deployments.node("keys-invalid", TIMING, TckKeys.keys(PRIMARY)),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-invalid] [keys-never-shown] A key that is not base64 or of a wrong length, use of a key
     * not installed and removal of the primary key fail with IllegalArgumentException, whose
     * messages show no key; the keyring is unchanged.
     */
    @Test
    public void refusedOperationsFailWithoutShowingTheKey() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        EncryptionKeys keys = membership.keys();
        Map<String, Supplier<CompletionStage<KeyResponse>>> operations = new LinkedHashMap<>();
        operations.put("install of a key that is not base64", () -> keys.install(NOT_BASE64));
        operations.put("install of a 20-byte key", () -> keys.install(TOO_SHORT));
        operations.put("use of a key that is not base64", () -> keys.use(NOT_BASE64));
        operations.put("remove of a 20-byte key", () -> keys.remove(TOO_SHORT));
        operations.put("use of a key not installed", () -> keys.use(NOT_INSTALLED));
        operations.put("remove of the primary key", () -> keys.remove(PRIMARY));
        operations.forEach((what, operation) -> {
            Throwable failure = Futures.failureOf(operation, TckKeys.operation(TIMING, 0), what);
            assertTrue(failure instanceof IllegalArgumentException, what + " failed with " + failure
                    + ", not an IllegalArgumentException");
            TckKeys.assertNoKeyShown(failure, List.of(NOT_BASE64, TOO_SHORT, PRIMARY, NOT_INSTALLED));
        });

        KeyResponse list = Futures.await(keys.list(), TckKeys.operation(TIMING, 0), "list");
        assertEquals(List.of(TckKeys.fingerprint(PRIMARY)),
                list.answers().get(Deployments.NODE_NAME).keys(), "the keyring after refused operations: " + list);
    }
}
