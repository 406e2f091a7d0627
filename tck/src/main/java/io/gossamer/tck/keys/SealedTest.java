package io.gossamer.tck.keys;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Refusals;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment holds keys 1 (primary) and 2. Peers whose primary key it holds, and who hold its
 * primary key, join; a peer with another key, one without keys, and one that sends plaintext do
 * not, and nobody records them.
 */
@ExtendWith(ArquillianExtension.class)
public class SealedTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String K1 = TckKeys.key(1);
    private static final String K2 = TckKeys.key(2);
    private static final String K3 = TckKeys.key(3);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-sealed", Deployments.node("keys-sealed", TIMING, TckKeys.keys(K1, K2)),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-sealed] A peer with the deployment's primary key joins, and so does one whose primary
     * key is the deployment's second key and which holds its primary key as a second one; a peer
     * holding neither of the deployment's keys cannot join, and neither side records the other.
     */
    @Test
    public void onlyPeersThatOpenEachOthersMessagesJoin() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer same = peers.startAndJoin("same-key", cluster, TIMING, TckKeys.keys(K1), seed);
            TckPeer crossed = peers.startAndJoin("crossed-keys", cluster, TIMING, TckKeys.keys(K2, K1), seed);

            TckPeer stranger = peers.start("stranger-key", cluster, TIMING, TckKeys.keys(K3));
            Futures.awaitFailure(stranger.peer().join(List.of(seed)), TIMING.join(), "join of a peer with key 3");

            assertOutsidersIgnored(List.of(same, crossed), stranger);
        }
    }

    /**
     * [keys-verify-flags] With keys and the verify flags at their defaults the deployment drops
     * plaintext: neither a peer without keys nor a peer with its key that sends plaintext
     * (verify-outgoing false) can join, and nobody records them.
     */
    @Test
    public void plaintextIsDroppedByDefault() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer member = peers.startAndJoin("member", cluster, TIMING, TckKeys.keys(K1), seed);

            TckPeer keyless = peers.start("plain-keyless", cluster, TIMING);
            Futures.awaitFailure(keyless.peer().join(List.of(seed)), TIMING.join(), "join of a peer without keys");
            Map<String, String> unsealed = new HashMap<>(TckKeys.keys(K1));
            unsealed.put(GossamerConfig.ENCRYPT_VERIFY_INCOMING, "false");
            unsealed.put(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, "false");
            TckPeer sender = peers.start("plain-sender", cluster, TIMING, unsealed);
            Futures.awaitFailure(sender.peer().join(List.of(seed)), TIMING.join(),
                    "join of a peer with key 1 sending plaintext");

            assertOutsidersIgnored(List.of(member), keyless, sender);
        }
    }

    /**
     * A fence: {@code members} update their tags and the deployment sees it; by then nothing about
     * the {@code outsiders} reached the deployment or the members, nor about the deployment them.
     */
    private void assertOutsidersIgnored(List<TckPeer> members, TckPeer... outsiders) {
        for (TckPeer member : members) {
            Futures.await(member.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "updateTags");
            observer.log().awaitEvent(MemberUpdated.class, member.name(), TIMING.dissemination(3));
        }
        for (TckPeer outsider : outsiders) {
            Refusals.assertNothingAbout(observer.log(), outsider.name());
            for (TckPeer member : members) {
                Refusals.assertNothingAbout(member.log(), outsider.name());
            }
            Refusals.assertNothingAbout(outsider.log(), Deployments.NODE_NAME);
        }
    }
}
