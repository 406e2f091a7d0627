package io.gossamer.tck;

import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberState;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Health;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second process started under the deployment's name joins through it: the later process holds
 * the name everywhere, and the deployment learns it lost.
 */
@ExtendWith(ArquillianExtension.class)
public class NameConflictTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("name-conflict", Deployments.node("name-conflict", TIMING), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    /**
     * [membership-name-conflict] A later process under the local name takes it: the deployment
     * records itself LEFT with {@code NAME_CONFLICT} and is not ready, its readiness data naming the
     * later process's address; the other members hold the later process, alive.
     */
    @Test
    public void aLaterProcessUnderTheSameNameHoldsItAndTheDeploymentLearnsItLost() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer witness = peers.startAndJoin("witness", membership, TIMING);
            witness.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.dissemination(2));
            TckPeer twin = peers.startAndJoin(Deployments.NODE_NAME, membership, TIMING);

            MemberLeft lost = observer.log().awaitEvent(MemberLeft.class, Deployments.NODE_NAME,
                    TIMING.dissemination(3));
            assertEquals(MemberLeft.Reason.NAME_CONFLICT, lost.reason(), "why the deployment left: " + lost);
            assertEquals(MemberState.LEFT, membership.localMember().state());
            HealthCheckResponse ready = Health.call(readiness, "readiness");
            assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus(), "readiness after losing the name");
            int twinPort = twin.peer().localMember().port();
            String holder = twin.peer().localMember().address() + ":" + twinPort;
            Map<String, Object> data = ready.getData().orElse(Map.of());
            assertTrue(data.values().stream().anyMatch(v -> String.valueOf(v).contains(holder)),
                    "readiness data should name " + holder + ", the address holding the name: " + data);

            // The witness's latest event about the name shows the later process, alive.
            witness.log().await("the name held by the later process (port " + twinPort + ")",
                    TIMING.dissemination(3), events -> {
                        MembershipEvent last = null;
                        for (MembershipEvent e : events) {
                            if (e.member().name().equals(Deployments.NODE_NAME)) {
                                last = e;
                            }
                        }
                        return last != null && last.member().port() == twinPort
                                && last.member().state() == MemberState.ALIVE;
                    });
            assertTrue(witness.peer().members().stream().anyMatch(m -> m.name().equals(Deployments.NODE_NAME)
                    && m.port() == twinPort && m.state() == MemberState.ALIVE),
                    "the witness's view: " + witness.peer().members());
            assertEquals(MemberState.ALIVE, twin.peer().localMember().state(), "the later process itself");
        }
    }
}
