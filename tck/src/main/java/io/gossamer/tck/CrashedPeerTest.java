package io.gossamer.tck;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer crashes: it is suspected, then declared dead, within the bounds its settings give. */
@ExtendWith(ArquillianExtension.class)
public class CrashedPeerTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 4;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("crashed-peer", Deployments.node("crashed-peer", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [events-failure-detected] [events-suspect-before-dead] A crashed peer is suspected within the
     * detection bound, then declared dead within the suspicion bound, and the suspicion comes first.
     */
    @Test
    public void aCrashedPeerIsSuspectedThenDeclaredDead() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer victim = peers.startAndJoin("victim", membership, TIMING);
            TckPeer w1 = peers.startAndJoin("witness-1", membership, TIMING);
            TckPeer w2 = peers.startAndJoin("witness-2", membership, TIMING);
            // Every witness must know the victim before it crashes, or it could not declare it dead.
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));
            assertEquals(MEMBERS, membership.aliveMembers().size(), "alive: " + membership.members());

            victim.peer().crash();

            observer.log().awaitEvent(MemberSuspected.class, victim.name(), TIMING.untilSuspected(MEMBERS));
            MemberDead dead = observer.log().awaitEvent(MemberDead.class, victim.name(),
                    TIMING.fromSuspectedToDead(MEMBERS));
            assertEquals(MemberState.DEAD, dead.member().state());
            assertEquals(MemberState.DEAD, membership.member(victim.name()).orElseThrow().state());

            List<MembershipEvent> about = observer.log().about(victim.name());
            int suspected = indexOf(about, MemberSuspected.class);
            int died = indexOf(about, MemberDead.class);
            assertTrue(suspected >= 0 && suspected < died, "suspicion before death: " + observer.log());

            // The witnesses reach the same verdict, and nobody else was harmed.
            for (TckPeer w : List.of(w1, w2)) {
                w.log().awaitEvent(MemberDead.class, victim.name(),
                        TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            }
            assertEquals(MEMBERS - 1, membership.aliveMembers().size(), "alive: " + membership.members());
            assertTrue(observer.log().events().stream()
                    .filter(e -> e instanceof MemberDead)
                    .allMatch(e -> e.member().name().equals(victim.name())), "deaths: " + observer.log());
        }
    }

    private static int indexOf(List<MembershipEvent> events, Class<? extends MembershipEvent> kind) {
        for (int i = 0; i < events.size(); i++) {
            if (kind.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
