package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.Futures;
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
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer crashes and a new process starts at once under its name, at another port, and joins:
 * the deployment and a witness hold the name alive at the new port, and never record it dead.
 * Every node keeps dead names from earlier-looking processes for an hour
 * ({@value GossamerConfig#DEAD_NODE_RECLAIM_TIME}): a later start must take the name regardless.
 */
@ExtendWith(ArquillianExtension.class)
public class RestartIdentityTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final Map<String, String> RECLAIM = Map.of(GossamerConfig.DEAD_NODE_RECLAIM_TIME, "1h");
    private static final String PHOENIX = "phoenix";

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("restart-identity", Deployments.node("restart-identity", TIMING, RECLAIM),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-restart-identity] A process restarted under a member's name at another port is
     * recorded as that member, alive at the new port (MemberUpdated, or MemberJoined after DEAD),
     * at the deployment and at a witness, and is never recorded DEAD nor LEFT afterwards.
     */
    @Test
    public void aRestartedProcessKeepsTheNameAndIsNeverDead() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer witness = peers.start("witness", cluster, TIMING, RECLAIM);
            TckPeer first = peers.start(PHOENIX, cluster, TIMING, RECLAIM);
            join(witness);
            join(first);
            witness.log().awaitEvent(MemberJoined.class, PHOENIX, TIMING.dissemination(MEMBERS));
            first.log().awaitEvent(MemberJoined.class, witness.name(), TIMING.dissemination(MEMBERS));
            observer.log().awaitEvent(MemberJoined.class, PHOENIX, TIMING.dissemination(MEMBERS));
            int oldPort = first.peer().localMember().port();

            first.peer().crash();
            TckPeer second = peers.start(PHOENIX, cluster, TIMING, RECLAIM);
            int newPort = second.peer().localMember().port();
            assertTrue(newPort != oldPort, "the restarted process got the old port " + oldPort);
            assertEquals(0, second.peer().localMember().incarnation(), "a restarted process starts from incarnation 0");
            int deploymentSeen = observer.log().size();
            int witnessSeen = witness.log().size();
            join(second);

            Predicate<MembershipEvent> restarted = e -> e.member().name().equals(PHOENIX)
                    && e.member().port() == newPort && e.member().state() == MemberState.ALIVE
                    && (e instanceof MemberUpdated || e instanceof MemberJoined);
            awaitAfter(observer.log(), deploymentSeen, "the restart recorded (port " + newPort + ")",
                    TIMING.local(), restarted);
            awaitAfter(witness.log(), witnessSeen, "the restart recorded (port " + newPort + ")",
                    TIMING.dissemination(MEMBERS), restarted);

            // The earlier process stays silent: whatever suspicion of it was raised must not kill the later one.
            Duration window = TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS));
            // The deployment knew of the later process from its join on; the witness from its record of the restart.
            int witnessNow = witness.log().size();
            Predicate<MembershipEvent> killed = e -> e.member().name().equals(PHOENIX)
                    && (e instanceof MemberDead || e instanceof MemberLeft);
            observer.log().assertNoneWithin(deploymentSeen, "the restarted " + PHOENIX + " recorded DEAD or LEFT",
                    window, killed);
            witness.log().assertNoneWithin(witnessNow, "the restarted " + PHOENIX + " recorded DEAD or LEFT",
                    Duration.ZERO, killed);

            assertAliveAt(membership.members(), newPort, "the deployment's view");
            assertAliveAt(witness.peer().members(), newPort, "the witness's view");
        }
    }

    private void join(TckPeer peer) {
        Futures.await(peer.peer().join(List.of(TckPeer.seedOf(membership.localMember()))),
                TIMING.join(), "join of " + peer.name());
    }

    /** Waits for an event matching {@code condition} among those received after the first {@code seen}. */
    private static void awaitAfter(EventLog log, int seen, String what, Duration bound,
            Predicate<MembershipEvent> condition) {
        log.await(what, bound, events -> events.subList(Math.min(seen, events.size()), events.size()).stream()
                .anyMatch(condition));
    }

    private static void assertAliveAt(List<Member> view, int port, String whose) {
        assertTrue(view.stream().anyMatch(m -> m.name().equals(PHOENIX) && m.port() == port
                && m.state() == MemberState.ALIVE), whose + ": " + view);
    }
}
