package io.gossamer.tck.network;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment's datagrams are at most {@code packet-size} (here 600 bytes), even when it has
 * more news than one datagram holds: three peers change their tags at once, about 200 bytes each,
 * and a peer behind a relay (which measures what the deployment sends it) learns all three.
 */
@ExtendWith(ArquillianExtension.class)
public class PacketSizeTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int PACKET_SIZE = 600;
    private static final List<String> CHANGING = List.of("a", "b", "c");
    private static final int MEMBERS = 5;

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("packet-size", Deployments.node("packet-size", TIMING, Map.of(
                GossamerConfig.PACKET_SIZE, Integer.toString(PACKET_SIZE))), RecordingObserver.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver observer;

    /** [config-packet-size] No datagram the node sends is larger than the packet size. */
    @Test
    public void noDatagramIsLargerThanThePacketSize() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String cluster = membership.localMember().cluster();
        String seed = Ports.seed(membership.localMember().port());
        int deployment = membership.localMember().port();
        try (Relay relay = Relay.start(Ports.reserve()); PeerGroup peers = new PeerGroup()) {
            TckPeer t = peers.startAndJoin("t", cluster, TIMING, relay.nodeBehind(), seed);
            List<TckPeer> changing = CHANGING.stream()
                    .map(name -> peers.startAndJoin(name, cluster, TIMING, seed)).toList();
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            long before = relay.datagramsFrom(deployment);
            int mark = t.log().size();
            Futures.await(CompletableFuture.allOf(changing.stream()
                    .map(p -> p.peer().updateTags(Map.of("blob", p.name().repeat(200))).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)), TIMING.local(), "three tags updates");
            for (TckPeer p : changing) {
                awaitBlob(t.log(), mark, p.name());
            }
            // t may have learnt every tag from the three peers directly, before the deployment sent it
            // anything: the deployment probes t within the failure detection bound all the same.
            Poll.until("datagram of the deployment to t since the tags changed", TIMING.untilSuspected(MEMBERS),
                    TIMING.duration(GossamerConfig.PROBE_INTERVAL).dividedBy(2),
                    () -> relay.datagramsFrom(deployment) > before, relay::toString);
            assertTrue(relay.largestFrom(deployment) <= PACKET_SIZE, "the deployment sent t a datagram of "
                    + relay.largestFrom(deployment) + " bytes with packet-size " + PACKET_SIZE + ": " + relay);
        }
    }

    private void awaitBlob(EventLog log, int mark, String name) {
        log.await(name + "'s new tags at t", TIMING.dissemination(MEMBERS), events -> events
                .subList(mark, events.size()).stream().anyMatch(e -> e instanceof MemberUpdated
                        && e.member().name().equals(name) && e.member().tags().containsKey("blob")));
    }
}
