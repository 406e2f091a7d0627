package io.gossamer.tck.keys;

import io.gossamer.EncryptionKeys;
import io.gossamer.KeyResponse;
import io.gossamer.MemberJoined;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment and two peers hold key 1; the application rotates to key 2 (install, use,
 * remove) and lists the keys between the steps. Every member answers each step, nobody is
 * suspected, and afterwards a node with key 2 joins while a node with key 1 cannot.
 */
@ExtendWith(ArquillianExtension.class)
public class KeyRotationTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final String K1 = TckKeys.key(1);
    private static final String K2 = TckKeys.key(2);
    private static final String FP1 = TckKeys.fingerprint(K1);
    private static final String FP2 = TckKeys.fingerprint(K2);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-rotation", Deployments.node("keys-rotation", TIMING, TckKeys.keys(K1)),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-rotation] [keys-response] [keys-time-limit] Install, use and remove of key 2 are each
     * acknowledged by every member, within the time limit, with each member's keys (by
     * fingerprint, primary first) as the step leaves them; nobody is suspected; then a node with
     * key 2 joins and a node with only key 1 cannot.
     */
    @Test
    public void aRotationReachesEveryMemberAndSuspectsNobody() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("a", cluster, TIMING, TckKeys.keys(K1), seed);
            TckPeer b = peers.startAndJoin("b", cluster, TIMING, TckKeys.keys(K1), seed);
            // Every member must know every other before an operation asks "every live member".
            for (TckPeer p : List.of(a, b)) {
                for (String other : List.of(Deployments.NODE_NAME, "a", "b")) {
                    p.log().awaitEvent(MemberJoined.class, other, TIMING.dissemination(MEMBERS));
                }
            }
            for (String other : List.of("a", "b")) {
                observer.log().awaitEvent(MemberJoined.class, other, TIMING.dissemination(MEMBERS));
            }
            EncryptionKeys keys = membership.keys();
            Set<String> everyone = Set.of(Deployments.NODE_NAME, "a", "b");

            KeyResponse listed = step(keys::list, "list");
            assertAnswers(listed, KeyResponse.Operation.LIST, Optional.empty(), everyone, List.of(FP1));

            KeyResponse installed = step(() -> keys.install(K2), "install of key 2");
            assertAnswers(installed, KeyResponse.Operation.INSTALL, Optional.of(FP2), everyone, List.of(FP1, FP2));

            KeyResponse used = step(() -> keys.use(K2), "use of key 2");
            assertAnswers(used, KeyResponse.Operation.USE, Optional.of(FP2), everyone, List.of(FP2, FP1));
            assertEquals(Map.of(FP2, MEMBERS), used.primaryCounts(), "primary keys after use: " + used);

            KeyResponse removed = step(() -> keys.remove(K1), "remove of key 1");
            assertAnswers(removed, KeyResponse.Operation.REMOVE, Optional.of(FP1), everyone, List.of(FP2));

            KeyResponse after = step(keys::list, "list after the rotation");
            assertAnswers(after, KeyResponse.Operation.LIST, Optional.empty(), everyone, List.of(FP2));

            TckPeer late = peers.startAndJoin("late", cluster, TIMING, TckKeys.keys(K2), seed);
            TckPeer stale = peers.start("stale", cluster, TIMING, TckKeys.keys(K1));
            Futures.awaitFailure(stale.peer().join(List.of(seed)), TIMING.join(), "join of a node with key 1");
            for (TckPeer p : List.of(a, b)) {
                p.log().awaitEvent(MemberJoined.class, late.name(), TIMING.dissemination(MEMBERS + 1));
            }

            for (EventLog log : List.of(observer.log(), a.log(), b.log())) {
                List<?> suspicions = log.events().stream().filter(MemberSuspected.class::isInstance).toList();
                assertTrue(suspicions.isEmpty(), "a rotation in order suspected a member: " + log);
            }
            assertTrue(observer.log().about(stale.name()).isEmpty(), "the node with key 1 was recorded: "
                    + observer.log());
        }
    }

    /** Runs one key operation through the deployment, bounded by the operation's time limit. */
    private static KeyResponse step(Supplier<CompletionStage<KeyResponse>> operation, String what) {
        Duration limit = TckKeys.operation(TIMING, MEMBERS - 1);
        KeyResponse r = Futures.await(operation.get(), limit, what);
        assertEquals(Pool.LAN, r.pool(), what + ": " + r);
        return r;
    }

    /** Every member in {@code names}, and no other, acknowledged and holds {@code keys} in that order. */
    private static void assertAnswers(KeyResponse r, KeyResponse.Operation operation, Optional<String> key,
                                      Set<String> names, List<String> keys) {
        assertEquals(operation, r.operation(), "operation: " + r);
        assertEquals(key, r.key(), "fingerprint of the key operated on: " + r);
        assertEquals(names, r.answers().keySet(), "members answering: " + r);
        assertTrue(r.allAcknowledged(), "members that did not acknowledge " + r.failed() + ": " + r);
        r.answers().forEach((name, answer) -> assertEquals(keys, answer.keys(),
                name + "'s keys after " + operation + ": " + r));
    }
}
