package io.gossamer.tck.lifecycle;

import io.gossamer.EncryptionKeys;
import io.gossamer.Membership;
import io.gossamer.tck.support.Futures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks that every method of a {@link Membership} bean fails with {@link IllegalStateException},
 * thrown or through the stage it returns, as the API promises for a bean with no pool behind it.
 */
final class UnusableMembership {

    /** A well-formed AES-128 key, so that only the missing pool can make key operations fail. */
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODw==";

    private UnusableMembership() {
    }

    /** Fails the test listing each method of {@code bean} that did not fail with IllegalStateException. */
    static void assertEveryMethodFails(Membership bean, String which, Duration bound) {
        List<String> wrong = new ArrayList<>();
        thrown(wrong, "localMember()", bean::localMember);
        thrown(wrong, "members()", bean::members);
        thrown(wrong, "member(name)", () -> bean.member("anyone"));
        thrown(wrong, "aliveMembers()", bean::aliveMembers);
        staged(wrong, "updateTags(tags)", () -> bean.updateTags(Map.of("k", "v")), bound);
        staged(wrong, "forceLeave(name)", () -> bean.forceLeave("anyone"), bound);
        staged(wrong, "forceLeave(name, true)", () -> bean.forceLeave("anyone", true), bound);
        EncryptionKeys keys;
        try {
            keys = bean.keys();
        } catch (IllegalStateException e) {
            keys = null;
        } catch (RuntimeException e) {
            wrong.add("keys() threw " + e);
            keys = null;
        }
        if (keys != null) {
            EncryptionKeys k = keys;
            staged(wrong, "keys().list()", k::list, bound);
            staged(wrong, "keys().install(key)", () -> k.install(KEY), bound);
            staged(wrong, "keys().use(key)", () -> k.use(KEY), bound);
            staged(wrong, "keys().remove(key)", () -> k.remove(KEY), bound);
        }
        // Last: on a bean that wrongly works, leave() would end the node's membership.
        staged(wrong, "leave()", bean::leave, bound);
        assertEquals(List.of(), wrong, which + ": methods that did not fail with IllegalStateException");
    }

    private static void thrown(List<String> wrong, String method, Supplier<?> call) {
        try {
            Object result = call.get();
            wrong.add(method + " returned " + result);
        } catch (IllegalStateException expected) {
            // as promised
        } catch (RuntimeException e) {
            wrong.add(method + " threw " + e);
        }
    }

    private static void staged(List<String> wrong, String method, Supplier<? extends CompletionStage<?>> call,
            Duration bound) {
        Throwable failure = Futures.failureOf(call, bound, method);
        if (!(failure instanceof IllegalStateException)) {
            wrong.add(method + " failed with " + failure);
        }
    }
}
