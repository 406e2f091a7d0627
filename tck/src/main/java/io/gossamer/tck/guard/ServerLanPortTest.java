package io.gossamer.tck.guard;

import io.gossamer.InPool;
import io.gossamer.JoinRefusedException;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Refusals;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment is a server; another server joins its WAN pool through the deployment's LAN
 * address, as a WAN seed list naming LAN ports would make it. Then a join through several seeds
 * that all fail, two of them by refusing.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ServerLanPortTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("server-lan-port", Deployments.node("server-lan-port", TIMING, Deployments.server()),
                RecordingObserver.class);
    }

    @Inject
    Membership lan;

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    /** [guard-server-lan-port] The join fails with SERVER_LAN_PORT and neither side records the other. */
    @Test
    public void aServerJoiningTheWanPoolThroughALanPortIsRefused() {
        observer.log().awaitEvent(MemberJoined.class, wan.localMember().name(), TIMING.local());
        String cluster = lan.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer server = peers.start("server", cluster, TIMING, Deployments.server());
            Refusals.assertRefused(server.peer().join(Pool.WAN, List.of(TckPeer.seedOf(lan.localMember()))),
                    RefusalReason.SERVER_LAN_PORT, TIMING.join(), "a WAN join through a server's LAN port");

            // A fence: a server joins the WAN pool through the WAN port after the first one tried.
            TckPeer friend = peers.start("friend", cluster, TIMING, Deployments.server());
            Futures.await(friend.peer().join(Pool.WAN, List.of(TckPeer.seedOf(wan.localMember()))), TIMING.join(),
                    "a WAN join through the WAN port");
            observer.log().awaitEvent(MemberJoined.class, friend.peer().localMember(Pool.WAN).name(), TIMING.join());

            Refusals.assertNothingAbout(observer.log(), server.name());
            assertEquals(List.of(server.peer().localMember(Pool.WAN).name()), Refusals.names(server, Pool.WAN),
                    "the refused server's WAN view");
            assertEquals(List.of(server.name()), Refusals.names(server, Pool.LAN), "the refused server's LAN view");
            Refusals.assertNothingAbout(server.log(), Deployments.NODE_NAME);
        }
    }

    /**
     * [guard-refusal-of-several-seeds] A join whose seeds all fail, two of them by refusing with
     * different reasons and one unreachable, fails with JoinRefusedException whose reason is one
     * of the refusals and whose seed is the seed that gave it.
     */
    @Test
    public void aJoinRefusedBySeveralSeedsNamesOneRefusalAndItsSeed() {
        observer.log().awaitEvent(MemberJoined.class, wan.localMember().name(), TIMING.local());
        String cluster = lan.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.start("gone", cluster, TIMING);
            String unreachable = gone.seed();
            gone.peer().crash();
            TckPeer client = peers.start("client", cluster, TIMING);
            String serverLanPort = TckPeer.seedOf(lan.localMember());
            Map<String, RefusalReason> refusing = Map.of(
                    client.seed(), RefusalReason.NOT_A_SERVER,
                    serverLanPort, RefusalReason.SERVER_LAN_PORT);

            TckPeer joiner = peers.start("joiner", cluster, TIMING, Deployments.server());
            Throwable failure = Futures.awaitFailure(joiner.peer().join(Pool.WAN,
                    List.of(unreachable, client.seed(), serverLanPort)), TIMING.join(), "a WAN join through three seeds");
            assertTrue(failure instanceof JoinRefusedException, "failed with " + failure + ", not a JoinRefusedException");
            JoinRefusedException refused = (JoinRefusedException) failure;
            assertTrue(refusing.containsKey(refused.seed()), "seed " + refused.seed() + " is none of the refusing "
                    + refusing.keySet() + ": " + refused.getMessage());
            assertEquals(refusing.get(refused.seed()), refused.reason(), refused.getMessage());
            assertEquals(List.of(joiner.peer().localMember(Pool.WAN).name()), Refusals.names(joiner, Pool.WAN),
                    "the refused server's WAN view");
        }
    }
}
