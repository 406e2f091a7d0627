package io.gossamer.tck.keys;

import io.gossamer.KeyResponse;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
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

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment and two peers hold key 1; one peer freezes, and the application installs key 2
 * while it cannot answer: the operation still ends within its time limit, naming the frozen peer.
 */
@ExtendWith(ArquillianExtension.class)
public class UnreachableMemberTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final String K1 = TckKeys.key(1);
    private static final String K2 = TckKeys.key(2);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-unreachable", Deployments.node("keys-unreachable", TIMING, TckKeys.keys(K1)),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-unreachable] [keys-time-limit] An install while a member is frozen completes within the
     * time limit; failed() names that member alone, whose answer holds no keys, and the others
     * acknowledged with both keys.
     */
    @Test
    public void aFrozenMemberIsListedAsFailed() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer awake = peers.startAndJoin("awake", cluster, TIMING, TckKeys.keys(K1), seed);
            TckPeer frozen = peers.startAndJoin("frozen", cluster, TIMING, TckKeys.keys(K1), seed);
            observer.log().awaitEvent(MemberJoined.class, awake.name(), TIMING.dissemination(MEMBERS));
            observer.log().awaitEvent(MemberJoined.class, frozen.name(), TIMING.dissemination(MEMBERS));

            KeyResponse installed;
            frozen.peer().pause();
            try {
                installed = Futures.await(membership.keys().install(K2), TckKeys.operation(TIMING, MEMBERS - 1),
                        "install of key 2 with a frozen member");
            } finally {
                frozen.peer().resume();
            }

            assertEquals(Set.of(Deployments.NODE_NAME, awake.name(), frozen.name()), installed.answers().keySet(),
                    "members answering: " + installed);
            assertEquals(List.of(frozen.name()), installed.failed(), "members that did not acknowledge: " + installed);
            assertFalse(installed.allAcknowledged(), "allAcknowledged with a frozen member: " + installed);
            assertTrue(installed.answers().get(frozen.name()).keys().isEmpty(),
                    "the frozen member's answer holds keys: " + installed);
            List<String> both = List.of(TckKeys.fingerprint(K1), TckKeys.fingerprint(K2));
            for (String name : List.of(Deployments.NODE_NAME, awake.name())) {
                assertEquals(both, installed.answers().get(name).keys(), name + "'s keys: " + installed);
            }
        }
    }
}
