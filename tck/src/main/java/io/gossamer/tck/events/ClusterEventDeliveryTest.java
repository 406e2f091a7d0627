package io.gossamer.tck.events;

import io.gossamer.ClusterEvent;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.ClusterEventObservers;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.ClusterEventLog;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment and two peers send bursts of cluster events at once: every member delivers each
 * once, each sender's in its order, to every observer that matches (synchronous, asynchronous,
 * qualified by pool or by name), a throwing observer notwithstanding; names and sizes out of
 * bounds are refused.
 */
@ExtendWith(ArquillianExtension.class)
public class ClusterEventDeliveryTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final int MEMBERS = 3;
    private static final int BURST = 8;
    private static final String BURST_NAME = "burst";

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("cluster-events", Deployments.node("cluster-events", TIMING),
                RecordingObserver.class, ClusterEventObservers.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver membershipObserver;

    @Inject
    ClusterEventObservers observers;

    /**
     * [cluster-events-send] [cluster-events-everywhere] [cluster-events-once]
     * [cluster-events-origin-order] [cluster-events-delivery] Two senders' bursts, sent at the same
     * moment, reach all three members, the senders included: each event once, each sender's in the
     * order sent, to synchronous and asynchronous observers, past one that throws.
     */
    @Test
    public void everyMemberDeliversEachEventOnceInItsSendersOrder() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("peer-a", membership, TIMING);
            TckPeer b = peers.startAndJoin("peer-b", membership, TIMING);
            peers.awaitMesh(membershipObserver.log(), TIMING.dissemination(MEMBERS));

            List<ClusterEvent> ours = new ArrayList<>();
            List<ClusterEvent> theirs = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                ours.add(Futures.await(membership.sendEvent(BURST_NAME, payload("d" + i)), TIMING.local(),
                        "sendEvent from the deployment"));
                theirs.add(Futures.await(a.peer().sendEvent(BURST_NAME, payload("a" + i)), TIMING.local(),
                        "sendEvent from " + a.name()));
            }
            for (int i = 0; i < BURST; i++) {
                ClusterEvent sent = ours.get(i);
                assertEquals(Deployments.NODE_NAME, sent.origin(), "origin of an event sent: " + sent);
                assertEquals(BURST_NAME, sent.name());
                assertEquals("d" + i, sent.payloadAsString());
                assertEquals(Pool.LAN, sent.pool());
                assertTrue(i == 0 || sent.lamportTime() > ours.get(i - 1).lamportTime(),
                        "Lamport times of one sender grow: " + ours);
            }

            Map<String, ClusterEventLog> receivers = Map.of(Deployments.NODE_NAME, observers.all(),
                    a.name(), a.events(), b.name(), b.events());
            for (Map.Entry<String, ClusterEventLog> r : receivers.entrySet()) {
                for (String origin : List.of(Deployments.NODE_NAME, a.name())) {
                    List<ClusterEvent> got = r.getValue().awaitFrom(origin, BURST, TIMING.eventDelivery(MEMBERS));
                    assertEquals(payloads(origin.equals(a.name()) ? "a" : "d"),
                            got.stream().map(ClusterEvent::payloadAsString).toList(),
                            r.getKey() + " delivered " + origin + "'s events once each, in the order sent");
                }
            }
            // Copies keep arriving for a while: none may be delivered again.
            int mark = observers.all().size();
            observers.all().assertNoneWithin(mark, "a cluster event delivered twice", TIMING.dissemination(MEMBERS),
                    e -> e.name().equals(BURST_NAME));
            for (ClusterEventLog other : List.of(observers.async(), observers.throwing(), observers.lan())) {
                other.await("the " + 2 * BURST + " burst events", TIMING.local(),
                        events -> events.stream().filter(e -> e.name().equals(BURST_NAME)).count() == 2L * BURST);
            }
        }
    }

    /**
     * [cluster-events-qualifiers] An observer of {@code @EventName("wanted")} receives the events of
     * that name only; one of {@code @InPool(LAN)} receives the LAN pool's.
     */
    @Test
    public void aNameQualifiedObserverReceivesThatNameOnly() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer a = peers.startAndJoin("peer-q", membership, TIMING);
            peers.awaitMesh(membershipObserver.log(), TIMING.dissemination(2));
            int named = observers.named().size();
            Futures.await(a.peer().sendEvent("unwanted", payload("x")), TIMING.local(), "sendEvent unwanted");
            Futures.await(a.peer().sendEvent(ClusterEventObservers.WANTED, payload("y")), TIMING.local(),
                    "sendEvent wanted");
            // Awaited where it is asserted: observers of one event are notified one after another, in
            // an order the container chooses, so another observer having it says nothing of this one.
            // Each sender's events arrive in the order sent, so "unwanted", had it been delivered here
            // wrongly, would be here before "wanted".
            observers.named().await("the wanted event", TIMING.eventDelivery(2),
                    events -> events.stream().anyMatch(e -> e.name().equals(ClusterEventObservers.WANTED)));
            List<ClusterEvent> got = observers.named().events().subList(named, observers.named().size());
            assertEquals(List.of("y"), got.stream().map(ClusterEvent::payloadAsString).toList(),
                    "events the @EventName(\"wanted\") observer received");
            assertTrue(observers.lan().events().stream().anyMatch(e -> e.name().equals("unwanted")),
                    "the @InPool(LAN) observer receives every LAN event: " + observers.lan());
        }
    }

    /**
     * [cluster-events-size] Name and payload above 512 bytes together, an empty name and a name
     * with white space are refused with {@link IllegalArgumentException}; 512 bytes are sent.
     */
    @Test
    public void eventsOutOfBoundsAreRefused() {
        for (Object[] bad : new Object[][] {{"big", new byte[510]}, {"", new byte[0]}, {"two words", new byte[0]}}) {
            Throwable t = Futures.awaitFailure(membership.sendEvent((String) bad[0], (byte[]) bad[1]), TIMING.local(),
                    "sendEvent('" + bad[0] + "', " + ((byte[]) bad[1]).length + " bytes)");
            assertInstanceOf(IllegalArgumentException.class, t, "refusal of '" + bad[0] + "'");
        }
        ClusterEvent ok = Futures.await(membership.sendEvent("big", new byte[509]), TIMING.local(),
                "sendEvent of 512 bytes");
        observers.all().await("the 512-byte event", TIMING.local(), events -> events.stream()
                .anyMatch(e -> e.lamportTime() == ok.lamportTime() && e.origin().equals(ok.origin())));
        assertTrue(observers.all().events().stream().noneMatch(e -> e.name().isEmpty() || e.name().contains(" ")
                || e.payload().length == 510), "a refused event was delivered: " + observers.all());
    }

    private static byte[] payload(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> payloads(String prefix) {
        return IntStream.range(0, BURST).mapToObj(i -> prefix + i).toList();
    }
}
