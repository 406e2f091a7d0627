package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.ViewCheckingObserver;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers join, leave and crash while observers compare each event with the {@code Membership} view. */
@ExtendWith(ArquillianExtension.class)
public class MembershipViewTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("membership-view", Deployments.node("membership-view", TIMING),
                RecordingObserver.class, ViewCheckingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    ViewCheckingObserver checker;

    /**
     * [membership-agrees-with-events] When an event is delivered the view already shows its member
     * in the event's state or a later one, and once events stop it shows the last event's state.
     */
    @Test
    public void theViewAgreesWithTheEvents() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer leaver = peers.startAndJoin("leaver", membership, TIMING);
            TckPeer crasher = peers.startAndJoin("crasher", membership, TIMING);
            // The crash's bound assumes every member knows every other one.
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));
            Futures.await(leaver.peer().leave(), TIMING.leave(), "leave");
            observer.log().awaitEvent(MemberLeft.class, leaver.name(), TIMING.dissemination(MEMBERS));
            crasher.peer().crash();
            observer.log().awaitEvent(MemberDead.class, crasher.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));

            assertEquals(List.of(), checker.disagreements(), "events the view did not reflect");
            assertTrue(checker.checked() >= observer.log().events().size(), "events checked: " + checker.checked());
            Map<String, MemberState> last = new HashMap<>();
            for (MembershipEvent e : observer.log().events()) {
                last.put(e.member().name(), e.member().state());
            }
            for (Member m : membership.members()) {
                assertEquals(last.get(m.name()), m.state(), m.name() + " in the view vs its last event");
            }
            assertEquals(MemberState.DEAD, membership.member(crasher.name()).orElseThrow().state());
        }
    }
}
