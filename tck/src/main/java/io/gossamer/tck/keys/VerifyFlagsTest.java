package io.gossamer.tck.keys;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
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

import java.util.HashMap;
import java.util.Map;

/**
 * The deployment holds key 1 with both verify flags off, the first step of turning encryption on
 * in a running cluster: it sends plaintext and accepts plaintext and sealed input alike.
 */
@ExtendWith(ArquillianExtension.class)
public class VerifyFlagsTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String K1 = TckKeys.key(1);

    @Deployment
    public static WebArchive deployment() {
        Map<String, String> flags = new HashMap<>(TckKeys.keys(K1));
        flags.put(GossamerConfig.ENCRYPT_VERIFY_INCOMING, "false");
        flags.put(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, "false");
        return Deployments.war("keys-verify-flags", Deployments.node("keys-verify-flags", TIMING, flags),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-verify-flags] With verify-incoming and verify-outgoing false a node without keys joins
     * the deployment, and each receives the other's tag updates.
     */
    @Test
    public void plaintextFlowsBothWays() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer keyless = peers.startAndJoin("keyless", membership, TIMING);
            keyless.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
            observer.log().awaitEvent(MemberJoined.class, keyless.name(), TIMING.dissemination(2));

            Futures.await(keyless.peer().updateTags(Map.of("plain", "peer")), TIMING.local(), "peer's updateTags");
            observer.log().awaitEvent(MemberUpdated.class, keyless.name(), TIMING.dissemination(2));
            Futures.await(membership.updateTags(Map.of("plain", "deployment")), TIMING.local(), "updateTags");
            keyless.log().awaitEvent(MemberUpdated.class, Deployments.NODE_NAME, TIMING.dissemination(2));
        }
    }

    /**
     * [keys-verify-flags] With verify-incoming false the deployment still opens sealed input: a
     * peer with key 1 that seals what it sends (verify-outgoing true) joins and is heard.
     */
    @Test
    public void sealedInputIsStillOpened() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Map<String, String> sealing = new HashMap<>(TckKeys.keys(K1));
        sealing.put(GossamerConfig.ENCRYPT_VERIFY_INCOMING, "false");
        sealing.put(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, "true");
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer sealer = peers.startAndJoin("sealer", membership.localMember().cluster(), TIMING,
                    sealing,
                    TckPeer.seedOf(membership.localMember()));
            observer.log().awaitEvent(MemberJoined.class, sealer.name(), TIMING.dissemination(2));
            Futures.await(sealer.peer().updateTags(Map.of("sealed", "peer")), TIMING.local(), "peer's updateTags");
            observer.log().awaitEvent(MemberUpdated.class, sealer.name(), TIMING.dissemination(2));
        }
    }
}
