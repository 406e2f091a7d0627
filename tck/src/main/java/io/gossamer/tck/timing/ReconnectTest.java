package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Poll;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.Relay;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer behind a relay freezes until the deployment records it DEAD: its only dead member is then
 * tried again over a stream once per reconnect interval (counted by the relay, which the frozen
 * peer's listening socket still accepts), neither much more nor much less often. Once the peer runs
 * again it is ALIVE again at the deployment.
 */
@ExtendWith(ArquillianExtension.class)
public class ReconnectTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    /** Reconnect intervals counted. */
    private static final int INTERVALS = 8;
    private static final int MEMBERS = 2;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("reconnect", Deployments.node("reconnect", TIMING, Map.of(
                        GossamerConfig.RECONNECT_INTERVAL, RECONNECT.toSeconds() + "s")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-reconnect] A DEAD member is tried again over a stream once per reconnect interval; a
     * dead member that answers again is ALIVE again.
     */
    @Test
    public void aDeadMemberIsTriedAgainEveryInterval() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (Relay relay = Relay.start(Ports.reserve()); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", membership.localMember().cluster(), TIMING, relay.nodeBehind(),
                    Ports.seed(membership.localMember().port()));
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            t.peer().pause();
            observer.log().awaitEvent(MemberDead.class, t.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            long before = relay.streamsForwarded();
            Duration window = RECONNECT.multipliedBy(INTERVALS);
            long end = System.nanoTime() + window.toNanos();
            Poll.until("the end of " + INTERVALS + " reconnect intervals", window.plusSeconds(1),
                    Duration.ofMillis(100), () -> System.nanoTime() - end > 0, relay::toString);
            long attempts = relay.streamsForwarded() - before;
            // Timers on a loaded machine run late, never early: half the intervals is the floor.
            assertTrue(attempts >= INTERVALS / 2 && attempts <= INTERVALS + 2,
                    attempts + " streams to the dead t in " + INTERVALS + " reconnect intervals of " + RECONNECT
                            + ", not about one per interval: " + relay);

            t.peer().resume();
            Poll.until(t.name() + " alive again", TckTiming.bound(RECONNECT.plus(TIMING.join())),
                    TIMING.duration(GossamerConfig.PROBE_INTERVAL),
                    () -> membership.member(t.name()).map(m -> m.state() == MemberState.ALIVE).orElse(false),
                    () -> "view " + membership.members());
        }
    }
}
