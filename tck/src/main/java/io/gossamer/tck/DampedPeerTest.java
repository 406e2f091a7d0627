package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDamped;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberState;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A peer flaps: it freezes until suspected and runs again until it has refuted, over and over. The
 * deployment damps it (a {@link MemberDamped}, the member shown DAMPED and not among the alive
 * members) instead of reporting every flip, and reports it ALIVE again once it has stopped flapping.
 * The suspicion timeout is set long (a suspicion multiplier of 10) so no suspicion can expire.
 */
@ExtendWith(ArquillianExtension.class)
public class DampedPeerTest {

    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(10);
    /** More flaps than [events-damped] needs, in case the machine spaces some too far apart. */
    private static final int MAX_FLAPS = 8;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("damped-peer", Deployments.node("damped-peer", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [events-damped] A peer that keeps flipping is reported DAMPED, quiet while damped, then ALIVE again. */
    @Test
    public void aFlappingPeerIsDampedThenAliveAgain() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer flapper = peers.startAndJoin("flapper", membership, TIMING);
            String name = flapper.name();
            observer.log().awaitEvent(MemberJoined.class, name, TIMING.dissemination(2));

            Duration probeInterval = TIMING.duration(GossamerConfig.PROBE_INTERVAL);
            for (int flap = 1; observer.log().about(name, MemberDamped.class).isEmpty(); flap++) {
                if (flap > MAX_FLAPS) {
                    fail("not damped after " + MAX_FLAPS + " refuted suspicions: " + observer.log());
                }
                int suspicions = observer.log().about(name, MemberSuspected.class).size();
                flapper.peer().pause();
                try {
                    observer.log().await("suspicion " + flap + " of " + name, TIMING.untilSuspected(2),
                            events -> observer.log().about(name, MemberSuspected.class).size() > suspicions);
                } finally {
                    flapper.peer().resume();
                }
                int alive = observer.log().about(name, MemberAlive.class).size();
                observer.log().await("refutation " + flap + " by " + name, TIMING.fromSuspectedToDead(2),
                        events -> observer.log().about(name, MemberAlive.class).size() > alive
                                || !observer.log().about(name, MemberDamped.class).isEmpty());
            }

            MemberDamped damped = observer.log().about(name, MemberDamped.class).get(0);
            assertEquals(MemberState.DAMPED, damped.member().state());
            assertEquals(MemberState.SUSPECT, damped.previousState().orElseThrow(),
                    "damped at a refutation: " + observer.log());
            // The promise holds when the refutations came close enough together: then at most two
            // of them were reported ALIVE before the third damped the member.
            List<MembershipEvent> before = observer.log().about(name).stream()
                    .takeWhile(e -> !(e instanceof MemberDamped)).toList();
            List<MembershipEvent> refutations = before.stream().filter(e -> e instanceof MemberAlive).toList();
            boolean closeTogether = true;
            for (int i = Math.max(1, refutations.size() - 2); i < refutations.size(); i++) {
                closeTogether &= Duration.between(refutations.get(i - 1).at(), refutations.get(i).at())
                        .compareTo(probeInterval.multipliedBy(10)) <= 0;
            }
            if (closeTogether && !refutations.isEmpty()) {
                Duration last = Duration.between(refutations.get(refutations.size() - 1).at(), damped.at());
                if (last.compareTo(probeInterval.multipliedBy(10)) <= 0) {
                    assertTrue(refutations.size() <= 2, "refuted " + refutations.size()
                            + " times close together before being damped: " + observer.log());
                }
            }
            if (membership.member(name).orElseThrow().state() == MemberState.DAMPED) {
                assertFalse(membership.aliveMembers().stream().anyMatch(m -> m.name().equals(name)),
                        "a damped member is not alive: " + membership.members());
            }

            // It stopped flapping: ALIVE again, with nothing reported in between.
            awaitRelease(name, probeInterval);
            List<MembershipEvent> after = observer.log().about(name).stream()
                    .dropWhile(e -> !(e instanceof MemberDamped)).skip(1)
                    .takeWhile(e -> !(e instanceof MemberAlive)).toList();
            assertTrue(after.isEmpty(), "events while damped: " + after);
            assertEquals(MemberState.ALIVE, membership.member(name).orElseThrow().state());
            assertTrue(observer.log().about(name, MemberDead.class).isEmpty(),
                    "a flapping member was declared dead: " + observer.log());
        }
    }

    private void awaitRelease(String name, Duration probeInterval) {
        observer.log().await("release of " + name, TckTiming.bound(probeInterval.multipliedBy(40)
                .plus(TIMING.suspicionMax(2))), events -> observer.log().about(name, MemberAlive.class).stream()
                .anyMatch(e -> e.previousState().orElse(null) == MemberState.DAMPED));
    }
}
