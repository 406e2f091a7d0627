package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A list of members is taken, then a peer joins: the list taken before does not change. */
@ExtendWith(ArquillianExtension.class)
public class MembershipSnapshotTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("membership-snapshot", Deployments.node("membership-snapshot", TIMING),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [membership-snapshot] A list from {@code members()} cannot be changed and never shows later changes. */
    @Test
    public void membersIsAnImmutableSnapshot() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        List<Member> before = membership.members();
        List<Member> aliveBefore = membership.aliveMembers();
        assertThrows(UnsupportedOperationException.class, () -> before.add(membership.localMember()));
        assertThrows(UnsupportedOperationException.class, () -> before.clear());
        assertThrows(UnsupportedOperationException.class, () -> aliveBefore.remove(0));
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer late = peers.startAndJoin("latecomer", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, late.name(), TIMING.dissemination(2));
            assertTrue(membership.member(late.name()).isPresent());
            assertFalse(before.stream().anyMatch(m -> m.name().equals(late.name())), "old snapshot changed: " + before);
            assertFalse(aliveBefore.stream().anyMatch(m -> m.name().equals(late.name())),
                    "old alive snapshot changed: " + aliveBefore);
        }
    }
}
