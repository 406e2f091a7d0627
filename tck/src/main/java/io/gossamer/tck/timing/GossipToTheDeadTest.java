package io.gossamer.tck.timing;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
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

/**
 * A peer behind a relay freezes until the deployment records it DEAD; a helper's new tags are then
 * news to gossip. Within the gossip-to-the-dead time the deployment's gossip still reaches the
 * frozen peer's relay; after it, news passes and no datagram of the deployment does. The relay
 * counts datagrams by the sender's port, so the helper's own gossip is not counted.
 */
@ExtendWith(ArquillianExtension.class)
public class GossipToTheDeadTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final Duration GOSSIP_TO_THE_DEAD = Duration.ofSeconds(8);
    private static final int MEMBERS = 3;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("gossip-to-the-dead", Deployments.node("gossip-to-the-dead", TIMING, Map.of(
                        GossamerConfig.GOSSIP_TO_THE_DEAD_TIME, GOSSIP_TO_THE_DEAD.toSeconds() + "s",
                        // A reconnect is a stream; keep it out of the picture all the same.
                        GossamerConfig.RECONNECT_INTERVAL, "24h")),
                RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /**
     * [config-gossip-to-the-dead] A member recorded DEAD is still sent news for the
     * gossip-to-the-dead time, and no datagram after it.
     */
    @Test
    public void theDeadHearGossipForTheConfiguredTimeOnly() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = Ports.seed(membership.localMember().port());
        int deployment = membership.localMember().port();
        try (Relay relay = Relay.start(Ports.reserve()); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", cluster, TIMING, relay.nodeBehind(), seed);
            TckPeer helper = peers.startAndJoin("helper", cluster, TIMING, seed);
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            t.peer().pause();
            observer.log().awaitEvent(MemberDead.class, t.name(),
                    TIMING.untilSuspected(MEMBERS).plus(TIMING.fromSuspectedToDead(MEMBERS)));
            // The deployment recorded t DEAD before its observer saw it: the time ends before this.
            long gossipEnds = observer.log().recordedAt(MemberDead.class, t.name()) + GOSSIP_TO_THE_DEAD.toNanos();

            long atDeath = relay.datagramsFrom(deployment);
            news(helper, "1");
            Poll.until("a datagram of the deployment to the dead t while it may refute",
                    Duration.ofNanos(gossipEnds - System.nanoTime()), Duration.ofMillis(20),
                    () -> relay.datagramsFrom(deployment) > atDeath, relay::toString);

            Poll.until("the end of the gossip-to-the-dead time", GOSSIP_TO_THE_DEAD.plusSeconds(1),
                    Duration.ofMillis(100), () -> System.nanoTime() - gossipEnds > 0, relay::toString);
            long afterwards = relay.datagramsFrom(deployment);
            news(helper, "2");
            Poll.holds("no datagram of the deployment to t once the gossip-to-the-dead time is over",
                    TIMING.dissemination(MEMBERS), TIMING.duration(GossamerConfig.GOSSIP_INTERVAL),
                    () -> relay.datagramsFrom(deployment) == afterwards,
                    () -> (relay.datagramsFrom(deployment) - afterwards) + " datagrams since: " + relay);
        }
    }

    /** Gives the deployment news to gossip: the helper's new tags, once they reached it. */
    private void news(TckPeer helper, String round) {
        int mark = observer.log().size();
        Futures.await(helper.peer().updateTags(Map.of("round", round)), TIMING.local(), "helper's tags update");
        observer.log().awaitTag(mark, helper.name(), "round", round, TIMING.dissemination(MEMBERS));
    }
}
