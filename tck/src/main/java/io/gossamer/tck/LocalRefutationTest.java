package io.gossamer.tck;

import io.gossamer.LocalRefutation;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.RefutationObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer goes deaf (it sends, but hears nothing): its probes of the deployment go unanswered, it
 * suspects the deployment and tells it so, and the deployment refutes. Its observers see the
 * refutation, naming the peer; the suspicion multiplier is long so that nothing else ends first.
 */
@ExtendWith(ArquillianExtension.class)
public class LocalRefutationTest {

    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(10);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("local-refutation", Deployments.node("local-refutation", TIMING),
                RecordingObserver.class, RefutationObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    RefutationObserver refutations;

    /**
     * [events-local-refutation] A suspicion of the deployment raised by a peer that cannot hear it
     * is refuted, and the refutation is observed with what was claimed, by whom, and the new
     * incarnation.
     */
    @Test
    public void aSuspicionOfTheDeploymentIsRefutedAndObserved() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer deaf = peers.startAndJoin("deaf", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, deaf.name(), TIMING.dissemination(2));
            long before = membership.localMember().incarnation();
            assertTrue(refutations.all().refutations().isEmpty(), "refutations before any fault: " + refutations.all());

            deaf.peer().deafen();
            LocalRefutation r;
            try {
                r = refutations.all().awaitAccusedBy(deaf.name(),
                        TIMING.untilSuspected(2).plus(TIMING.local()));
            } finally {
                deaf.peer().hear();
            }
            assertEquals(LocalRefutation.Claim.SUSPECT, r.claimed(), "the first news from the deaf peer: " + r);
            assertEquals(Deployments.NODE_NAME, r.member().name());
            assertEquals(Pool.LAN, r.pool());
            assertTrue(r.member().incarnation() > before,
                    "refuted at incarnation " + r.member().incarnation() + ", was " + before);
            assertTrue(membership.localMember().incarnation() >= r.member().incarnation(),
                    "the local member's incarnation " + membership.localMember().incarnation() + " after " + r);
            assertEquals(r, refutations.lan().awaitAccusedBy(deaf.name(), TIMING.local()),
                    "the @InPool(LAN) observer's first refutation");
        }
    }
}
