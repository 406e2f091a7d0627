package io.gossamer.tck;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.DeathObserver;
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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three peers join; one updates its tags, one leaves, one crashes. Every transition reaches the
 * synchronous observer once, in each member's order.
 */
@ExtendWith(ArquillianExtension.class)
public class EventOrderTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 4;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("event-order", Deployments.node("event-order", TIMING), RecordingObserver.class,
                DeathObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    DeathObserver deaths;

    /**
     * [events-exactly-once] [events-member-order] [events-observed-type] Each member's events chain
     * by previous state, and each of its joins, updates, leaves and deaths arrives exactly once; an
     * observer of {@code MemberDead} receives the death alone.
     */
    @Test
    public void everyTransitionArrivesOnceInEachMembersOrder() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer updater = peers.startAndJoin("updater", membership, TIMING);
            TckPeer leaver = peers.startAndJoin("leaver", membership, TIMING);
            TckPeer crasher = peers.startAndJoin("crasher", membership, TIMING);
            // The bounds below assume every member knows every other one, as the crash's does.
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            Futures.await(updater.peer().updateTags(Map.of("step", "1")), TIMING.local(), "tags update");
            observer.log().awaitEvent(MemberUpdated.class, updater.name(), TIMING.dissemination(MEMBERS));
            Futures.await(leaver.peer().leave(), TIMING.leave(), "leave");
            observer.log().awaitEvent(MemberLeft.class, leaver.name(), TIMING.dissemination(MEMBERS));
            crasher.peer().crash();
            observer.log().awaitEvent(MemberDead.class, crasher.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));

            assertEquals(List.of(), observer.log().orderViolations(), "order of " + observer.log());
            for (TckPeer p : List.of(updater, leaver, crasher)) {
                assertEquals(1, observer.log().about(p.name(), MemberJoined.class).size(), "joins: " + observer.log());
            }
            assertEquals(1, count(updater, MemberUpdated.class), "updates: " + observer.log());
            assertEquals(1, count(leaver, MemberLeft.class), "leaves: " + observer.log());
            assertEquals(1, count(crasher, MemberDead.class), "deaths: " + observer.log());
            assertTrue(count(crasher, MemberSuspected.class) >= 1, "suspicions: " + observer.log());

            deaths.log().awaitEvent(MemberDead.class, crasher.name(), TIMING.local());
            assertEquals(List.of(crasher.name()), deaths.log().events().stream()
                    .filter(e -> e instanceof MemberDead).map(e -> e.member().name()).toList(),
                    "deaths seen by the observer of MemberDead: " + deaths.log());
            assertEquals(1, deaths.log().size(), "what the observer of MemberDead received: " + deaths.log());
        }
    }

    private int count(TckPeer peer, Class<? extends MembershipEvent> kind) {
        return observer.log().about(peer.name(), kind).size();
    }
}
