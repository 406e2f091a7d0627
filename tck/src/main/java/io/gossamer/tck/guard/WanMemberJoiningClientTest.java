package io.gossamer.tck.guard;

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

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The deployment is a client; a server's WAN engine joins it, as if it were another server. */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class WanMemberJoiningClientTest {

    private static final TckTiming TIMING = TckTiming.standard();
    /** The server peer's WAN pool's timing: the profile {@link Deployments#server()} gives it. */
    private static final TckTiming WAN = TckTiming.wanPool(Deployments.server());

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("wan-joins-client", Deployments.node("wan-joins-client", TIMING),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [guard-not-a-server] The join fails with NOT_A_SERVER and neither side records the other. */
    @Test
    public void aWanMemberJoiningANodeThatIsNotAServerIsRefused() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer server = peers.start("server", membership.localMember().cluster(), TIMING, Deployments.server());
            Refusals.assertRefused(server.peer().join(Pool.WAN, List.of(TckPeer.seedOf(membership.localMember()))),
                    RefusalReason.NOT_A_SERVER, WAN.join(), "a WAN member's join of a client");

            TckPeer friend = peers.startAndJoin("friend", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, friend.name(), TIMING.dissemination(2));

            Refusals.assertNothingAbout(observer.log(), server.name());
            String wanName = server.peer().localMember(Pool.WAN).name();
            assertEquals(List.of(wanName), Refusals.names(server, Pool.WAN), "the server's WAN view");
            Refusals.assertNothingAbout(server.log(), Deployments.NODE_NAME);
        }
    }
}
