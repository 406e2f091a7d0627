package io.gossamer.tck;

import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.RequestContextObserver;
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

/** Tags change on the deployment and on a peer: each change is an update everyone sees. */
@ExtendWith(ArquillianExtension.class)
public class TagsUpdateTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("tags-update", Deployments.node("tags-update", TIMING), RecordingObserver.class,
                RequestContextObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    RequestContextObserver context;

    /**
     * [membership-update-tags] [events-delivery-context] [events-updated-previous] New tags of the
     * deployment reach its own observers and the peer as a {@code MemberUpdated}, which also
     * carries the tags before; new tags of the peer reach the deployment the same way; no synchronous observer ran with the request scope active, not even for the
     * update the application made itself.
     */
    @Test
    public void aTagsUpdateIsAnUpdateEverywhere() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("tagged", membership, TIMING);
            peer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(2));

            Map<String, String> original = membership.localMember().tags();
            Map<String, String> mine = Map.of("zone", "eu-1a", "version", "2.4.1");
            Futures.await(membership.updateTags(mine), TIMING.local(), "updateTags on the deployment");
            MemberUpdated local = observer.log().awaitEvent(MemberUpdated.class, Deployments.NODE_NAME, TIMING.local());
            assertEquals(mine, local.member().tags());
            assertEquals(original, local.previous().tags(), "the tags before, in the deployment's own event");
            assertEquals(mine, membership.localMember().tags());
            MemberUpdated remote = peer.log().awaitEvent(MemberUpdated.class, Deployments.NODE_NAME,
                    TIMING.dissemination(2));
            assertEquals(mine, remote.member().tags());
            assertEquals(original, remote.previous().tags(), "the tags before, in the peer's event");

            Map<String, String> theirsBefore = membership.member(peer.name()).orElseThrow().tags();
            Map<String, String> theirs = Map.of("zone", "eu-1b");
            Futures.await(peer.peer().updateTags(theirs), TIMING.local(), "updateTags on the peer");
            MemberUpdated seen = observer.log().awaitEvent(MemberUpdated.class, peer.name(), TIMING.dissemination(2));
            assertEquals(theirs, seen.member().tags());
            assertEquals(theirsBefore, seen.previous().tags(), "the peer's tags before");
            assertEquals(theirs, membership.member(peer.name()).orElseThrow().tags());

            context.log().awaitEvent(MemberUpdated.class, peer.name(), TIMING.local());
            assertEquals(1, context.log().about(Deployments.NODE_NAME, MemberUpdated.class).size(),
                    "updates of the deployment seen: " + context.log());
            assertEquals(List.of(), context.activeDuring(), "events delivered with the request scope active");
        }
    }

    /** [membership-update-tags] Tags over 512 bytes encoded fail with {@code IllegalArgumentException} and change nothing. */
    @Test
    public void oversizedTagsAreRefused() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        Map<String, String> before = membership.localMember().tags();
        Throwable failure = Futures.failureOf(() -> membership.updateTags(Map.of("blob", "x".repeat(600))),
                TIMING.local(), "updateTags with 600 bytes");
        assertTrue(failure instanceof IllegalArgumentException, "expected IllegalArgumentException, got " + failure);
        assertEquals(before, membership.localMember().tags());
    }
}
