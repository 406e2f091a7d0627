package io.gossamer.tck.guard;

import io.gossamer.InPool;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.RefusalReason;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
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

/** The deployment is a server; a client joins its WAN pool, as if the WAN address were a LAN seed. */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ClientJoiningWanPoolTest {

    private static final TckTiming TIMING = TckTiming.standard();
    /** The WAN pools' timing: the profile {@link Deployments#server()} gives them, not the LAN keys. */
    private static final TckTiming WAN = TckTiming.wanPool(Deployments.server());

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("client-joins-wan", Deployments.node("client-joins-wan", TIMING, Deployments.server()),
                RecordingObserver.class);
    }

    @Inject
    Membership lan;

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    /** [guard-not-a-wan-member] The join fails with NOT_A_WAN_MEMBER and neither side records the other. */
    @Test
    public void aClientJoiningTheWanPoolIsRefused() {
        String wanName = wan.localMember().name();
        observer.log().awaitEvent(MemberJoined.class, wanName, WAN.local());
        String cluster = lan.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer client = peers.start("client", cluster, TIMING, Map.of());
            Refusals.assertRefused(client.peer().join(List.of(TckPeer.seedOf(wan.localMember()))),
                    RefusalReason.NOT_A_WAN_MEMBER, TIMING.join(), "a client's join of the WAN pool");

            // A fence: a server joins the WAN pool after the client tried.
            TckPeer server = peers.start("server", cluster, TIMING, Deployments.server());
            server.peer().join(Pool.WAN, List.of(TckPeer.seedOf(wan.localMember())));
            observer.log().awaitEvent(MemberJoined.class, server.peer().localMember(Pool.WAN).name(), WAN.join());

            Refusals.assertNothingAbout(observer.log(), client.name());
            assertEquals(List.of(client.name()), Refusals.names(client, Pool.LAN), "the client's view");
            Refusals.assertNothingAbout(client.log(), Deployments.NODE_NAME);
        }
    }
}
