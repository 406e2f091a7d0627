package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer crashes and is declared dead; the application force-leaves it with prune: everyone forgets it. */
@ExtendWith(ArquillianExtension.class)
public class ForceLeavePruneTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("force-leave-prune", Deployments.node("force-leave-prune", TIMING),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-force-leave-prune] A dead member force-left with prune is recorded LEFT, then
     * disappears from the views of the deployment and of its peers.
     */
    @Test
    public void aPrunedMemberIsForgottenEverywhere() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.startAndJoin("gone", membership, TIMING);
            TckPeer witness = peers.startAndJoin("witness", membership, TIMING);
            witness.log().awaitEvent(MemberJoined.class, gone.name(), TIMING.dissemination(MEMBERS));

            gone.peer().crash();
            observer.log().awaitEvent(MemberDead.class, gone.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            Futures.await(membership.forceLeave(gone.name(), true), TIMING.local(), "forceLeave with prune");

            observer.log().awaitEvent(MemberLeft.class, gone.name(), TIMING.local());
            assertTrue(membership.member(gone.name()).isEmpty(), "still in the view: " + membership.members());
            assertTrue(membership.members().stream().map(Member::name).noneMatch(gone.name()::equals));
            witness.log().awaitEvent(MemberLeft.class, gone.name(), TIMING.dissemination(MEMBERS));
            witness.log().await("the witness to forget " + gone.name(), TIMING.dissemination(MEMBERS), events ->
                    witness.peer().members().stream().map(Member::name).noneMatch(gone.name()::equals));
        }
    }
}
