package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.InPool;
import io.gossamer.MemberJoined;
import io.gossamer.MemberUpdated;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.deployment.WanObservers;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment is a server; a server of another datacenter joins its WAN pool. WAN events are
 * qualified by the WAN pool and by each member's own datacenter, never the deployment's.
 */
@ExtendWith(ArquillianExtension.class)
public class WanQualifiersTest {

    private static final TckTiming TIMING = TckTiming.standard();
    /** The WAN pools' timing: the profile {@link Deployments#server()} gives them, not the LAN keys. */
    private static final TckTiming WAN = TckTiming.wanPool(Deployments.server());

    @Deployment
    public static WebArchive deployment() {
        Map<String, String> extra = new HashMap<>(Deployments.server());
        extra.put(GossamerConfig.DATACENTER, WanObservers.HOME);
        return Deployments.war("wan-qualifiers", Deployments.node("wan-qualifiers", TIMING, extra),
                RecordingObserver.class, WanObservers.class);
    }

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver all;

    @Inject
    WanObservers observers;

    /**
     * [events-qualifiers] A WAN member of another datacenter reaches {@code @InPool(WAN)} and its own
     * {@code @InDatacenter} observers, not the deployment's datacenter's nor any LAN observer.
     */
    @Test
    public void wanEventsCarryTheMembersOwnDatacenter() {
        String self = wan.localMember().name();
        all.log().awaitEvent(MemberJoined.class, self, WAN.local());
        try (PeerGroup peers = new PeerGroup()) {
            Map<String, String> away = new HashMap<>(Deployments.server());
            away.put(GossamerConfig.DATACENTER, WanObservers.AWAY);
            TckPeer visitor = peers.start("visitor", wan.localMember().cluster(), TIMING, away);
            Futures.await(visitor.peer().join(Pool.WAN, List.of(TckPeer.seedOf(wan.localMember()))), WAN.join(),
                    "WAN join of a server of another datacenter");
            String visitorWan = visitor.peer().localMember(Pool.WAN).name();
            assertEquals("visitor." + WanObservers.AWAY, visitorWan, "a WAN member's name");
            // A server's tags change in both pools: the longer of the two pools' local bounds.
            Duration update = TIMING.local().compareTo(WAN.local()) >= 0 ? TIMING.local() : WAN.local();
            Futures.await(visitor.peer().updateTags(Map.of("k", "v")), update, "updateTags");
            // The last event about the visitor: once its observers have it, they were offered all before it.
            for (var log : List.of(all.log(), observers.wan(), observers.away())) {
                log.awaitEvent(MemberUpdated.class, visitorWan, WAN.dissemination(2));
            }

            List<MembershipEvent> wanEvents = all.log().events().stream().filter(e -> e.pool() == Pool.WAN).toList();
            assertTrue(wanEvents.stream().anyMatch(e -> e.member().name().equals(self)), "own WAN join: " + all.log());
            assertEquals(wanEvents, observers.wan().events(), "@InPool(WAN) observer");
            assertEquals(wanEvents.stream().filter(e -> e.member().datacenter().equals(WanObservers.AWAY)).toList(),
                    observers.away().events(), "@InDatacenter(away) observer");
            assertTrue(observers.away().events().stream().allMatch(e -> e.member().name().equals(visitorWan)),
                    "away observer: " + observers.away());
            assertTrue(observers.home().events().stream().noneMatch(e -> e.member().name().equals(visitorWan)),
                    "home observer received the visitor: " + observers.home());
            assertEquals(List.of(), observers.lanAway().events(), "@InPool(LAN) @InDatacenter(away) observer");
        }
    }
}
