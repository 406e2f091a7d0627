package io.gossamer.tck;

import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two peers join through the deployment: everyone sees everyone, each join is one event. */
@ExtendWith(ArquillianExtension.class)
public class PeersJoinTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("peers-join", Deployments.node("peers-join", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [events-exactly-once] Each peer that joins is one {@code MemberJoined} with no previous state,
     * and the view shows it ALIVE at the address and port it advertises.
     */
    @Test
    public void peersThatJoinAreSeenByTheDeploymentAndByEachOther() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("peer-a", membership, TIMING);
            TckPeer b = peers.startAndJoin("peer-b", membership, TIMING);

            for (TckPeer p : List.of(a, b)) {
                MemberJoined joined = observer.log().awaitEvent(MemberJoined.class, p.name(), TIMING.dissemination(3));
                assertTrue(joined.previousState().isEmpty(), "previous state of a first join: " + joined);
                assertEquals(MemberState.ALIVE, joined.member().state());
                Member seen = membership.member(p.name()).orElseThrow();
                Member own = p.peer().localMember();
                assertEquals(own.address(), seen.address(), "address of " + p.name());
                assertEquals(own.port(), seen.port(), "port of " + p.name());
                assertEquals(cluster, seen.cluster());
            }
            // Each peer learns of the deployment and of the other peer.
            a.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(3));
            a.log().awaitEvent(MemberJoined.class, b.name(), TIMING.dissemination(3));
            b.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(3));
            b.log().awaitEvent(MemberJoined.class, a.name(), TIMING.dissemination(3));

            assertEquals(3, membership.aliveMembers().size(), "alive members: " + membership.members());
            for (TckPeer p : List.of(a, b)) {
                assertEquals(1, observer.log().about(p.name(), MemberJoined.class).size(),
                        "joins of " + p.name() + " received: " + observer.log());
            }
        }
    }
}
