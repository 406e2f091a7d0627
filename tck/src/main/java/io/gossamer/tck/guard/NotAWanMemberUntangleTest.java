package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.Relay;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The deployment is a server. A server of another datacenter advertises its WAN pool at a relay
 * and joins the deployment's WAN pool there. Then the address stops being a WAN member's: the
 * relay is turned to a client's LAN port and the server crashes. The deployment's WAN pool probes
 * the address, the client refuses it over a stream, and the deployment records the server LEFT
 * ({@code NOT_A_WAN_MEMBER}) without suspecting it first.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class NotAWanMemberUntangleTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Map<String, String> SERVER = Deployments.server();
    private static final TckTiming WAN = TckTiming.wanPool(SERVER);
    private static final int WAN_MEMBERS = 2;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("not-a-wan-member", Deployments.node("not-a-wan-member", TIMING, SERVER),
                RecordingObserver.class);
    }

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    /**
     * [guard-untangle] [config-advertise] A WAN member whose advertised address comes to hold a
     * client, which refuses the deployment's WAN probes, is recorded LEFT with NOT_A_WAN_MEMBER, not
     * suspected first, within the failure-detection bound of the WAN pool.
     */
    @Test
    public void aWanMemberWhoseAddressNowHoldsAClientIsRemoved() {
        Member self = wan.localMember();
        observer.log().awaitEvent(MemberJoined.class, self.name(), WAN.local());
        int wanPort = Ports.reserve();
        try (Relay relay = Relay.start(wanPort); PeerGroup peers = new PeerGroup()) {
            Map<String, String> far = new HashMap<>(SERVER);
            far.put(GossamerConfig.DATACENTER, "away");
            far.put(GossamerConfig.WAN_BIND_PORT, Integer.toString(wanPort));
            far.put(GossamerConfig.WAN_ADVERTISE_ADDRESS, "127.0.0.1");
            far.put(GossamerConfig.WAN_ADVERTISE_PORT, Integer.toString(relay.port()));
            TckPeer server = peers.start("far", self.cluster(), TIMING, far);
            Futures.await(server.peer().join(Pool.WAN, List.of(TckPeer.seedOf(self))), WAN.join(),
                    "WAN join of a server of another datacenter");
            String farName = server.peer().localMember(Pool.WAN).name();
            observer.log().awaitEvent(MemberJoined.class, farName, WAN.dissemination(WAN_MEMBERS));
            assertEquals(relay.port(), wan.member(farName).orElseThrow().port(), "far's WAN port at the deployment");

            TckPeer client = peers.start("client", self.cluster(), TIMING);
            relay.retarget(client.peer().localMember().port());
            server.peer().crash();

            MemberLeft left = observer.log().awaitEvent(MemberLeft.class, farName, WAN.untilSuspected(WAN_MEMBERS));
            assertEquals(MemberLeft.Reason.NOT_A_WAN_MEMBER, left.reason(), observer.log().toString());
            assertEquals(Optional.of(MemberState.ALIVE), left.previousState(), observer.log().toString());
            assertEquals(List.of(), observer.log().about(farName, MemberSuspected.class), observer.log().toString());
        }
    }
}
