package io.gossamer.tck.keys;

import io.gossamer.InPool;
import io.gossamer.KeyResponse;
import io.gossamer.MemberJoined;
import io.gossamer.Membership;
import io.gossamer.Pool;
import io.gossamer.tck.deployment.RecordingObserver;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.Futures;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckKeys;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment is a server with key 1, and so is a peer, in the LAN and the WAN pool. The LAN
 * pool is rotated to key 2 through the LAN bean; the WAN pool keeps key 1 alone.
 */
@ExtendWith(ArquillianExtension.class)
public class KeysPerPoolTest {

    private static final TckTiming TIMING = TckTiming.standard();
    private static final String K1 = TckKeys.key(1);
    private static final String K2 = TckKeys.key(2);

    @Deployment
    public static WebArchive deployment() {
        return Deployments.war("keys-per-pool", Deployments.node("keys-per-pool", TIMING, serverWith(K1)),
                RecordingObserver.class);
    }

    private static Map<String, String> serverWith(String key) {
        Map<String, String> config = new HashMap<>(Deployments.server());
        config.putAll(TckKeys.keys(key));
        return config;
    }

    @Inject
    Membership lan;

    @Inject
    @InPool(Pool.WAN)
    Membership wan;

    @Inject
    RecordingObserver observer;

    /**
     * [keys-per-pool] Both pools start with the configured key; installing and using key 2 through
     * the LAN bean changes the LAN pool only: the WAN bean lists key 1 alone at every WAN member,
     * and a server holding only key 1 still joins the WAN pool.
     */
    @Test
    public void aRotationThroughOnePoolLeavesTheOtherAlone() {
        observer.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local());
        String self = wan.localMember().name();
        observer.log().awaitEvent(MemberJoined.class, self, TIMING.local());
        String cluster = lan.localMember().cluster();
        String fp1 = TckKeys.fingerprint(K1);
        String fp2 = TckKeys.fingerprint(K2);
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer server = peers.start("server", cluster, TIMING, serverWith(K1));
            Futures.await(server.peer().join(Pool.LAN, List.of(TckPeer.seedOf(lan.localMember()))), TIMING.join(),
                    "LAN join of a server with key 1");
            Futures.await(server.peer().join(Pool.WAN, List.of(TckPeer.seedOf(wan.localMember()))), TIMING.join(),
                    "WAN join of a server with key 1");
            String serverWan = server.peer().localMember(Pool.WAN).name();
            observer.log().awaitEvent(MemberJoined.class, server.name(), TIMING.dissemination(2));
            observer.log().awaitEvent(MemberJoined.class, serverWan, TIMING.dissemination(2));

            KeyResponse wanBefore = Futures.await(wan.keys().list(), TckKeys.operation(TIMING, 1), "WAN list");
            assertEquals(Pool.WAN, wanBefore.pool(), "the WAN bean's answer: " + wanBefore);
            assertEquals(Map.of(fp1, 2), wanBefore.keyCounts(), "WAN keys at start: " + wanBefore);

            KeyResponse installed = Futures.await(lan.keys().install(K2), TckKeys.operation(TIMING, 1), "LAN install");
            assertTrue(installed.allAcknowledged(), "LAN install: " + installed);
            KeyResponse used = Futures.await(lan.keys().use(K2), TckKeys.operation(TIMING, 1), "LAN use");
            assertTrue(used.allAcknowledged(), "LAN use: " + used);
            assertEquals(Pool.LAN, used.pool(), "the LAN bean's answer: " + used);
            assertEquals(Map.of(fp2, 2), used.primaryCounts(), "LAN primary keys after use: " + used);

            KeyResponse wanAfter = Futures.await(wan.keys().list(), TckKeys.operation(TIMING, 1), "WAN list");
            assertEquals(Set.of(self, serverWan), wanAfter.answers().keySet(), "WAN members answering: " + wanAfter);
            assertTrue(wanAfter.allAcknowledged(), "WAN list: " + wanAfter);
            wanAfter.answers().forEach((name, answer) -> assertEquals(List.of(fp1), answer.keys(),
                    name + "'s WAN keys after a LAN rotation: " + wanAfter));

            TckPeer late = peers.start("late", cluster, TIMING, serverWith(K1));
            Futures.await(late.peer().join(Pool.WAN, List.of(TckPeer.seedOf(wan.localMember()))), TIMING.join(),
                    "WAN join of a server with key 1 after the LAN rotation");
            observer.log().awaitEvent(MemberJoined.class, late.peer().localMember(Pool.WAN).name(),
                    TIMING.dissemination(3));
        }
    }
}
