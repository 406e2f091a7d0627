package io.gossamer.tck.network;

import io.gossamer.GossamerConfig;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment's datagrams are at most {@code packet-size} (here 600 bytes), even when it has
 * more news than one datagram holds: three peers change their tags at once, about 200 bytes each,
 * which the deployment passes on. Every peer is behind a relay of its own, so each datagram the
 * deployment sends is measured, whichever peer it goes to.
 */
@ExtendWith(ArquillianExtension.class)
public class PacketSizeTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int PACKET_SIZE = 600;
    /** The first peer only listens; the others change their tags. */
    private static final List<String> NAMES = List.of("t", "a", "b", "c");
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
        List<Relay> relays = new ArrayList<>();
        try (PeerGroup peers = new PeerGroup()) {
            List<TckPeer> all = new ArrayList<>();
            for (String name : NAMES) {
                Relay relay = Relay.start(Ports.reserve());
                relays.add(relay);
                all.add(peers.startAndJoin(name, cluster, TIMING, relay.nodeBehind(), seed));
            }
            peers.awaitMesh(observer.log(), TIMING.dissemination(MEMBERS));

            long before = sentByDeployment(relays, deployment);
            List<TckPeer> changing = all.subList(1, all.size());
            List<Integer> marks = all.stream().map(p -> p.log().size()).toList();
            Futures.await(CompletableFuture.allOf(changing.stream()
                    .map(p -> p.peer().updateTags(Map.of("blob", blob(p))).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)), TIMING.local(), "three tags updates");
            for (int i = 0; i < all.size(); i++) {
                for (TckPeer p : changing) {
                    if (p != all.get(i)) {
                        all.get(i).log().awaitTag(marks.get(i), p.name(), "blob", blob(p), TIMING.dissemination(MEMBERS));
                    }
                }
            }
            // The deployment passes the news on (and probes): it sends the peers datagrams.
            Poll.until("a datagram of the deployment after the updates", TIMING.dissemination(MEMBERS),
                    TIMING.duration(GossamerConfig.GOSSIP_INTERVAL),
                    () -> sentByDeployment(relays, deployment) > before, relays::toString);
            for (Relay relay : relays) {
                assertTrue(relay.largestFrom(deployment) <= PACKET_SIZE, "the deployment sent a datagram of "
                        + relay.largestFrom(deployment) + " bytes with packet-size " + PACKET_SIZE + ": " + relay);
            }
        } finally {
            relays.forEach(Relay::close);
        }
    }

    private static long sentByDeployment(List<Relay> relays, int deployment) {
        return relays.stream().mapToLong(r -> r.datagramsFrom(deployment)).sum();
    }

    /** About 200 bytes of tag, different for each peer. */
    private static String blob(TckPeer p) {
        return p.name().repeat(200);
    }
}
