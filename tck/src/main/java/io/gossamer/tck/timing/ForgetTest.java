package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Poll;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

/**
 * DEAD and LEFT members are remembered for the reconnect and tombstone timeouts, then forgotten:
 * an implementation that range-checks the timeouts and keeps every member for ever shows here.
 */
@ExtendWith(ArquillianExtension.class)
public class ForgetTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long after its timeout a member may still be remembered ([membership-forget]). */
    private static final Duration FORGETTING = Duration.ofSeconds(15);
    private static final int MEMBERS = 2;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("forget", Deployments.node("forget", TIMING, Map.of(
                        GossamerConfig.RECONNECT_TIMEOUT, TIMEOUT.toMillis() + "ms",
                        GossamerConfig.TOMBSTONE_TIMEOUT, TIMEOUT.toMillis() + "ms")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [membership-forget] A member DEAD for the reconnect timeout leaves the view. */
    @Test
    public void aDeadMemberIsForgotten() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.startAndJoin("crashed", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, gone.name(), TIMING.dissemination(MEMBERS));
            gone.peer().crash();
            observer.log().awaitEvent(MemberDead.class, gone.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            awaitForgotten(gone.name());
        }
    }

    /** [membership-forget] A member LEFT for the tombstone timeout leaves the view. */
    @Test
    public void aLeftMemberIsForgotten() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer gone = peers.startAndJoin("leaver", membership, TIMING);
            observer.log().awaitEvent(MemberJoined.class, gone.name(), TIMING.dissemination(MEMBERS));
            Futures.await(gone.peer().leave(), TIMING.leave(), "leave of " + gone.name());
            observer.log().awaitEvent(MemberLeft.class, gone.name(), TIMING.dissemination(MEMBERS));
            awaitForgotten(gone.name());
        }
    }

    private void awaitForgotten(String name) {
        Poll.until(name + " forgotten", TckTiming.bound(TIMEOUT.plus(FORGETTING)),
                TIMING.duration(GossamerConfig.PROBE_INTERVAL),
                () -> membership.member(name).isEmpty()
                        && membership.members().stream().map(Member::name).noneMatch(name::equals),
                () -> "view " + membership.members());
    }
}
