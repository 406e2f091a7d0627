package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberUpdated;
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

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment holds at most three members: a member that left makes room for a newcomer, and
 * with every member live a newcomer is not recorded.
 */
@ExtendWith(ArquillianExtension.class)
public class MaxMembersTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MAX = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("max-members", Deployments.node("max-members", TIMING,
                Map.of(GossamerConfig.MAX_MEMBERS, String.valueOf(MAX))), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-max-members] A full view forgets a LEFT member to take a new one, and does not
     * record a new member while all it holds are live.
     */
    @Test
    public void aFullViewMakesRoomFromTheLeftAndOtherwiseRecordsNoNewcomer() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer left = peers.startAndJoin("left", membership, TIMING);
            TckPeer stays = peers.startAndJoin("stays", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, stays.name(), TIMING.dissemination(MAX));
            Futures.await(left.peer().leave(), TIMING.leave(), "leave of " + left.name());
            observer.log().awaitEvent(MemberLeft.class, left.name(), TIMING.dissemination(MAX));

            TckPeer newcomer = peers.startAndJoin("newcomer", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, newcomer.name(), TIMING.dissemination(MAX));
            assertEquals(Set.of(Deployments.NODE_NAME, stays.name(), newcomer.name()), names(),
                    "the member that left made room");

            TckPeer refused = peers.startAndJoin("refused", membership, TIMING);
            // Fence: news from a member the deployment holds arrives after the refused one's.
            Futures.await(stays.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "tags of " + stays.name());
            observer.log().await("the fence", TIMING.dissemination(MAX + 1), events -> events.stream()
                    .anyMatch(e -> e instanceof MemberUpdated && e.member().name().equals(stays.name())));
            assertEquals(Set.of(Deployments.NODE_NAME, stays.name(), newcomer.name()), names(),
                    "a full view of live members records no newcomer");
            assertTrue(membership.member(refused.name()).isEmpty());
            assertTrue(observer.log().about(refused.name()).isEmpty(), "events about " + refused.name()
                    + ": " + observer.log().about(refused.name()));
        }
    }

    private Set<String> names() {
        return membership.members().stream().map(Member::name).collect(Collectors.toSet());
    }
}
