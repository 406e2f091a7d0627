package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
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

/** A deployment alone: its node starts, announces its own join, and shows itself in the view. */
@ExtendWith(ArquillianExtension.class)
public class LocalJoinTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("local-join", Deployments.node("local-join", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [events-local-join] The first event about the local member is its join, ALIVE, with no previous state. */
    @Test
    public void theLocalJoinIsTheFirstEventAboutTheLocalMember() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        List<MembershipEvent> own = observer.log().about(Deployments.NODE_NAME);
        MembershipEvent first = own.get(0);
        assertTrue(first instanceof MemberJoined, "first event about the local member: " + first);
        assertTrue(first.previousState().isEmpty(), "previous state of the local join: " + first.previousState());
        assertEquals(MemberState.ALIVE, first.member().state());
        assertEquals(Pool.LAN, first.pool());
        assertEquals(1, observer.log().about(Deployments.NODE_NAME, MemberJoined.class).size(),
                "local joins received: " + observer.log());
    }

    /** [membership-local] The local member is ALIVE, named as configured, and part of {@code members()}. */
    @Test
    public void theLocalMemberIsAliveAndInTheView() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Member local = membership.localMember();
        assertEquals(Deployments.NODE_NAME, local.name());
        assertEquals(MemberState.ALIVE, local.state());
        assertEquals("127.0.0.1", local.address());
        assertTrue(local.port() > 0, "advertised port " + local.port());
        assertTrue(local.cluster().startsWith("tck-local-join-"), "cluster " + local.cluster());
        assertTrue(membership.members().stream().anyMatch(m -> m.name().equals(local.name())),
                "members() without the local member: " + membership.members());
        assertEquals(local.name(), membership.member(local.name()).orElseThrow().name());
        assertTrue(membership.aliveMembers().stream().anyMatch(m -> m.name().equals(local.name())));
    }
}
