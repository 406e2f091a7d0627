package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Poll;
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
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members are pruned (a dead one and one that left), then a process under the dead one's name
 * joins again: it is a new member everywhere.
 */
@ExtendWith(ArquillianExtension.class)
public class PrunedMemberReturnsTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 4;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("prune-return", Deployments.node("prune-return", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-force-leave-prune] [membership-prune-return] A LEFT member can be pruned too; a
     * pruned dead member that comes back is recorded as new, MemberJoined without previous state,
     * by the deployment and by a witness.
     */
    @Test
    public void aPrunedMemberThatComesBackIsNew() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.startAndJoin("gone", membership, TIMING);
            TckPeer leaver = peers.startAndJoin("leaver", membership, TIMING);
            TckPeer witness = peers.startAndJoin("witness", membership, TIMING);
            for (TckPeer p : List.of(gone, leaver)) {
                witness.log().awaitEvent(MemberJoined.class, p.name(), TIMING.dissemination(MEMBERS));
            }
            gone.log().awaitEvent(MemberJoined.class, witness.name(), TIMING.dissemination(MEMBERS));
            leaver.log().awaitEvent(MemberJoined.class, witness.name(), TIMING.dissemination(MEMBERS));

            // A member that left is pruned.
            Futures.await(leaver.peer().leave(), TIMING.leave(), "leave of " + leaver.name());
            observer.log().awaitEvent(MemberLeft.class, leaver.name(), TIMING.dissemination(MEMBERS));
            leaver.peer().close();
            Futures.await(membership.forceLeave(leaver.name(), true), TIMING.local(), "prune of a LEFT member");
            assertTrue(membership.member(leaver.name()).isEmpty(), "a pruned LEFT member still in the view: "
                    + membership.members());
            awaitForgotten(witness, leaver.name());

            // A dead member is pruned.
            gone.peer().crash();
            observer.log().awaitEvent(MemberDead.class, gone.name(),
                    TIMING.untilSuspected(MEMBERS - 1).plus(TIMING.fromSuspectedToDead(MEMBERS - 1)));
            Futures.await(membership.forceLeave(gone.name(), true), TIMING.local(), "prune of a DEAD member");
            assertTrue(membership.member(gone.name()).isEmpty(), "a pruned member still in the view: "
                    + membership.members());
            awaitForgotten(witness, gone.name());

            // It comes back: a new process under its name.
            int deploymentSeen = observer.log().size();
            int witnessSeen = witness.log().size();
            TckPeer back = peers.startAndJoin(gone.name(), membership, TIMING);
            int port = back.peer().localMember().port();
            MembershipEvent atDeployment = firstAbout(observer.log(), deploymentSeen, back.name(), port,
                    TIMING.local());
            MembershipEvent atWitness = firstAbout(witness.log(), witnessSeen, back.name(), port,
                    TIMING.dissemination(MEMBERS - 1));
            for (MembershipEvent e : List.of(atDeployment, atWitness)) {
                assertTrue(e instanceof MemberJoined, "a returning pruned member recorded first as " + e);
                assertEquals(Optional.empty(), e.previousState(), "previous state of a returning pruned member: " + e);
                assertEquals(MemberState.ALIVE, e.member().state());
            }
            assertEquals(MemberState.ALIVE, membership.member(back.name()).orElseThrow().state());
        }
    }

    /**
     * Waits until the witness's view no longer holds {@code name}. Forgetting a member that was
     * LEFT already comes with no event, so the view is polled.
     */
    private static void awaitForgotten(TckPeer witness, String name) {
        Poll.until("the witness forgetting " + name, TIMING.dissemination(MEMBERS),
                TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2),
                () -> witness.peer().members().stream().map(Member::name).noneMatch(name::equals),
                () -> "the witness's view " + witness.peer().members());
    }

    /**
     * The first event about the process at {@code port} under {@code name} among those received
     * after the first {@code seen}. Events about the earlier process (its force-leave's
     * {@code MemberLeft}) may still be delivered after the mark: delivery is asynchronous.
     */
    private static MembershipEvent firstAbout(EventLog log, int seen, String name, int port, Duration bound) {
        Predicate<MembershipEvent> returning = e -> e.member().name().equals(name) && e.member().port() == port;
        List<MembershipEvent> events = log.await("an event about the returning " + name + " at port " + port,
                bound, all -> all.subList(seen, all.size()).stream().anyMatch(returning));
        return events.subList(seen, events.size()).stream().filter(returning).findFirst().orElseThrow();
    }
}
