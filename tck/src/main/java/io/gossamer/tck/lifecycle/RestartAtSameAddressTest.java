package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer crashes and a new process starts at once under its name at the same port, and joins:
 * it holds the name, alive, and is never recorded dead (every node keeps dead names from
 * earlier-looking processes for an hour, {@value GossamerConfig#DEAD_NODE_RECLAIM_TIME}).
 */
@ExtendWith(ArquillianExtension.class)
public class RestartAtSameAddressTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final Map<String, String> RECLAIM = Map.of(GossamerConfig.DEAD_NODE_RECLAIM_TIME, "1h");
    private static final String PHOENIX = "phoenix";

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("restart-same-address", Deployments.node("restart-same-address", TIMING, RECLAIM),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [membership-restart-identity] A process restarted under a member's name at the same address
     * is that member, alive at the deployment and at a witness, and is never recorded DEAD nor LEFT.
     */
    @Test
    public void aProcessRestartedAtTheSameAddressIsNeverDead() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = TckPeer.seedOf(membership.localMember());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer witness = peers.start("witness", cluster, TIMING, RECLAIM);
            TckPeer first = peers.start(PHOENIX, cluster, TIMING, RECLAIM);
            Futures.await(witness.peer().join(List.of(seed)), TIMING.join(), "join of the witness");
            Futures.await(first.peer().join(List.of(seed)), TIMING.join(), "join of " + PHOENIX);
            witness.log().awaitEvent(MemberJoined.class, PHOENIX, TIMING.dissemination(MEMBERS));
            first.log().awaitEvent(MemberJoined.class, witness.name(), TIMING.dissemination(MEMBERS));
            observer.log().awaitEvent(MemberJoined.class, PHOENIX, TIMING.dissemination(MEMBERS));
            int port = first.peer().localMember().port();

            first.peer().crash();
            Map<String, String> samePort = new HashMap<>(RECLAIM);
            samePort.put(GossamerConfig.BIND_PORT, Integer.toString(port));
            TckPeer second = peers.start(PHOENIX, cluster, TIMING, samePort);
            assertEquals(port, second.peer().localMember().port(), "the restarted process's port");
            int deploymentSeen = observer.log().size();
            int witnessSeen = witness.log().size();
            Futures.await(second.peer().join(List.of(seed)), TIMING.join(), "join of the restarted " + PHOENIX);

            Duration window = TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS));
            Predicate<MembershipEvent> killed = e -> e.member().name().equals(PHOENIX)
                    && (e instanceof MemberDead || e instanceof MemberLeft);
            observer.log().assertNoneWithin(deploymentSeen, PHOENIX + " restarted and recorded DEAD or LEFT",
                    window, killed);
            witness.log().assertNoneWithin(witnessSeen, PHOENIX + " restarted and recorded DEAD or LEFT",
                    Duration.ZERO, killed);
            assertAlive(membership.members(), port, "the deployment's view");
            assertAlive(witness.peer().members(), port, "the witness's view");
            assertEquals(MemberState.ALIVE, second.peer().localMember().state(), "the restarted process itself");
        }
    }

    private static void assertAlive(List<Member> view, int port, String whose) {
        assertTrue(view.stream().anyMatch(m -> m.name().equals(PHOENIX) && m.port() == port
                && m.state() == MemberState.ALIVE), whose + ": " + view);
    }
}
