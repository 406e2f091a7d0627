package io.gossamer.tck.guard;

import io.gossamer.GossamerConfig;
import io.gossamer.Member;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
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

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As {@link ForeignRecordByGossipTest}, but the deployment exchanges its full state every second,
 * always with the bridge (the only other member it holds): each exchange offers it the foreign
 * member's record again, long after the gossip about it has ended. An implementation that checks
 * gossip but not state exchanges records the foreign member here.
 */
@Tag("guard")
@ExtendWith(ArquillianExtension.class)
public class ForeignRecordByStateExchangeTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final Duration PUSH_PULL = Duration.ofSeconds(1);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("guard-push-pull", Deployments.node("guard-push-pull", TIMING,
                Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "true",
                        GossamerConfig.PUSH_PULL_INTERVAL, PUSH_PULL.toMillis() + "ms")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [guard-records] A record of another datacenter's member offered in full state exchanges by a
     * member whose guard is off is refused: the deployment never records it and {@code member(name)}
     * stays empty.
     */
    @Test
    public void aForeignMemberInTheBridgesStateIsNeverRecorded() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer bridge = peers.startAndJoin("bridge", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc1", GossamerConfig.GUARD_ENABLED, "false"),
                    TckPeer.seedOf(membership.localMember()));
            observer.log().awaitEvent(MemberJoined.class, bridge.name(), TIMING.join());

            TckPeer foreign = peers.startAndJoin("foreign", cluster, TIMING,
                    Map.of(GossamerConfig.DATACENTER, "dc2", GossamerConfig.GUARD_ENABLED, "false"),
                    bridge.seed());
            bridge.log().awaitEvent(MemberJoined.class, foreign.name(), TIMING.local());

            // Gossip first, then two state-exchange periods; each exchange, with the bridge, holds the
            // foreign member's record: a deployment that took it would record the member by then.
            Refusals.assertNoneDuring(observer.log(), e -> e.member().name().equals(foreign.name()),
                    TIMING.dissemination(MEMBERS).plus(TckTiming.bound(PUSH_PULL.multipliedBy(2))),
                    "the foreign member");

            // A fence: news the bridge sends after the foreign member's arrived.
            Futures.await(bridge.peer().updateTags(Map.of("fence", "1")), TIMING.local(), "the bridge's tags update");
            observer.log().awaitEvent(MemberUpdated.class, bridge.name(), TIMING.dissemination(MEMBERS));

            Refusals.assertNothingAbout(observer.log(), foreign.name());
            assertEquals(Optional.empty(), membership.member(foreign.name()), "member(" + foreign.name() + ")");
            assertTrue(membership.members().stream().map(Member::name).noneMatch(foreign.name()::equals),
                    "members(): " + membership.members());
        }
    }
}
