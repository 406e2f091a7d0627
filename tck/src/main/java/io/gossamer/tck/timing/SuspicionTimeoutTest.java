package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberSuspected;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
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

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two of three members crash at once, so nobody can confirm the deployment's suspicion of either:
 * it must wait the maximum suspicion timeout, not the minimum, before declaring one dead. A
 * timeout that ignores {@code suspicion-max-timeout-mult}, or another formula, shows here.
 */
@ExtendWith(ArquillianExtension.class)
public class SuspicionTimeoutTest {

    /** Three members and suspicion-mult 3: one confirmation is wanted, so an unconfirmed suspicion lasts the maximum. */
    private static final int MEMBERS = 3;
    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(3).withSuspicionMaxTimeoutMult(4);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("suspicion-timeout", Deployments.node("suspicion-timeout", TIMING),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [events-suspicion-timeout] A suspicion nobody confirms lasts at least the maximum suspicion
     * timeout, and ends within the bound of [events-failure-detected].
     */
    @Test
    public void anUnconfirmedSuspicionLastsTheMaximum() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("a", membership, TIMING);
            TckPeer b = peers.startAndJoin("b", membership, TIMING);
            observer.log().await(MEMBERS + " members alive", TIMING.dissemination(MEMBERS),
                    events -> membership.aliveMembers().size() == MEMBERS);

            a.peer().crash();
            b.peer().crash();

            observer.log().await("a suspicion of a or b", TIMING.untilSuspected(MEMBERS), events -> events.stream()
                    .anyMatch(e -> e instanceof MemberSuspected));
            // The first suspected of the two: when its suspicion started, both were still live.
            String first = observer.log().events().stream().filter(e -> e instanceof MemberSuspected)
                    .map(MembershipEvent::member).map(m -> m.name()).findFirst().orElseThrow();
            observer.log().awaitEvent(MemberDead.class, first, TIMING.fromSuspectedToDead(MEMBERS));

            Duration lasted = Duration.ofNanos(observer.log().recordedAt(MemberDead.class, first)
                    - observer.log().recordedAt(MemberSuspected.class, first));
            // Both events are timed where they are delivered; a probe interval covers delivery jitter.
            Duration atLeast = TIMING.suspicionMax(MEMBERS).minus(TIMING.duration(GossamerConfig.PROBE_INTERVAL));
            assertTrue(lasted.compareTo(atLeast) >= 0, first + " was suspected for " + lasted.toMillis()
                    + " ms, less than the maximum suspicion timeout " + TIMING.suspicionMax(MEMBERS).toMillis()
                    + " ms (less a probe interval); events: " + observer.log());
        }
    }
}
