package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.QualifiedObservers;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool in one datacenter: observers narrowed to its pool and datacenter receive its events,
 * observers narrowed to another pool or datacenter receive none.
 */
@ExtendWith(ArquillianExtension.class)
public class QualifiersTest {

    private static final TckTiming TIMING = TckTiming.standard();

    @Deployment
    public static WebArchive deployment() {
        Map<String, String> config = new LinkedHashMap<>(Deployments.node("qualifiers", TIMING));
        config.put(GossamerConfig.DATACENTER, QualifiedObservers.DATACENTER);
        return Deployments.war("qualifiers", config, RecordingObserver.class, QualifiedObservers.class);
    }

    @Inject
    Membership membership;

    @Inject
    RecordingObserver all;

    @Inject
    QualifiedObservers qualified;

    /** [events-qualifiers] Events carry {@code @InPool(LAN)} and {@code @InDatacenter} of their member's datacenter. */
    @Test
    public void observersReceiveTheEventsOfTheirPoolAndDatacenterOnly() {
        all.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer peer = peers.startAndJoin("neighbour", membership.localMember().cluster(), TIMING,
                    Map.of(GossamerConfig.DATACENTER, QualifiedObservers.DATACENTER),
                    TckPeer.seedOf(membership.localMember()));
            Futures.await(peer.peer().updateTags(Map.of("k", "v")), TIMING.local(), "updateTags");
            // The last event: once the narrowed observers have it, they were offered all before it.
            for (var log : List.of(all.log(), qualified.lan(), qualified.here(), qualified.both())) {
                log.awaitEvent(MemberUpdated.class, peer.name(), TIMING.dissemination(2));
            }

            List<MembershipEvent> expected = all.log().events();
            assertTrue(expected.stream().allMatch(e -> e.pool() == Pool.LAN), "pools: " + all.log());
            assertEquals(expected, qualified.lan().events(), "@InPool(LAN) observer");
            assertEquals(expected, qualified.here().events(), "@InDatacenter observer");
            assertEquals(expected, qualified.both().events(), "@InPool(LAN) @InDatacenter observer");
            assertEquals(List.of(), qualified.wan().events(), "@InPool(WAN) observer");
            assertEquals(List.of(), qualified.elsewhere().events(), "@InDatacenter(\"elsewhere\") observer");
        }
    }
}
