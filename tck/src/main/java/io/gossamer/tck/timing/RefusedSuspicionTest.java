package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberAlive;
import io.gossamer.MemberDead;
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

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment declares a crashed peer dead soon after its probe finds the peer's port refused,
 * though every suspicion timeout is set far longer (a suspicion multiplier of 60: 24 s at least);
 * a peer frozen at the same moment keeps its sockets open, is not declared dead, and refutes once it
 * runs again. Only the deployment sets the refused-suspicion timeout: the peers' own suspicions run
 * the long timeout, so the verdict is the deployment's.
 */
@ExtendWith(ArquillianExtension.class)
public class RefusedSuspicionTest {

    private static final int MEMBERS = 4;
    private static final TckTiming TIMING = TckTiming.standard().withSuspicionMult(60);
    private static final Duration REFUSED = Duration.ofMillis(500);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("refused-suspicion", Deployments.node("refused-suspicion", TIMING, Map.of(
                GossamerConfig.REFUSED_SUSPICION_TIMEOUT, REFUSED.toMillis() + "ms")), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-refused-suspicion] A crashed peer (its sockets closed) is DEAD at the deployment within
     * the time the deployment takes to probe it, plus the refused-suspicion timeout, well before any
     * suspicion timeout; a frozen peer (its sockets open) is not, and comes back ALIVE.
     */
    @Test
    public void aCrashedPeerIsDeadSoonAFrozenOneIsNot() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer crashed = peers.startAndJoin("crashed", membership, TIMING);
            TckPeer frozen = peers.startAndJoin("frozen", membership, TIMING);
            peers.startAndJoin("witness", membership, TIMING);
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            // The deployment probes each member within two rounds of its ring, then waits the probe
            // timeout before its TCP probe, and the refused-suspicion timeout after the refusal.
            Duration interval = TIMING.duration(GossamerConfig.PROBE_INTERVAL);
            Duration verdict = TckTiming.bound(interval.multipliedBy(2L * (MEMBERS - 1))
                    .plus(TIMING.duration(GossamerConfig.PROBE_TIMEOUT)).plus(REFUSED));
            assertTrue(verdict.compareTo(TIMING.suspicionMin(MEMBERS)) < 0, "the bound " + verdict
                    + " tells a refused suspicion from the minimum suspicion timeout " + TIMING.suspicionMin(MEMBERS));

            frozen.peer().pause();
            long start = System.nanoTime();
            try {
                crashed.peer().crash();
                observer.log().awaitEvent(MemberDead.class, crashed.name(), verdict);
                Duration left = verdict.minus(Duration.ofNanos(System.nanoTime() - start));
                observer.log().assertNoneWithin(0, "a DEAD frozen peer", left.isNegative() ? Duration.ZERO : left,
                        e -> e instanceof MemberDead && e.member().name().equals(frozen.name()));
            } finally {
                frozen.peer().resume();
            }
            assertEquals(MemberState.DEAD, membership.member(crashed.name()).orElseThrow().state());
            if (membership.member(frozen.name()).orElseThrow().state() != MemberState.ALIVE) {
                observer.log().awaitEvent(MemberAlive.class, frozen.name(), TIMING.dissemination(MEMBERS));
            }
            assertTrue(observer.log().about(frozen.name(), MemberDead.class).isEmpty(),
                    "the frozen peer was declared dead: " + observer.log());
        }
    }
}
