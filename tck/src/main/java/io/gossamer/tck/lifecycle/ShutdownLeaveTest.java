package io.gossamer.tck.lifecycle;

import io.gossamer.GossamerConfig;
import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.tck.support.Deployments;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.Ports;
import io.gossamer.tck.support.TckPeer;
import io.gossamer.tck.support.TckTiming;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application stops (the test undeploys it) while peers watch from the test's side. A server
 * leaves both its pools: a LAN peer and a server of another datacenter in its WAN pool record it
 * LEFT, never suspect nor dead. With {@code leave-timeout=0} a node stops without leaving: its
 * peer finds it failed. The peers start first, at ports reserved here, and the deployments join
 * them through their seeds (they start in the background, so a join from outside could come too
 * early).
 */
@ExtendWith(ArquillianExtension.class)
public class ShutdownLeaveTest {

    private static final String SERVER = "shutdown-server";
    private static final String ABRUPT = "shutdown-abrupt";
    private static final TckTiming TIMING = TckTiming.standard();
    private static final Map<String, String> SERVER_KEYS = Deployments.server();
    private static final TckTiming WAN = TckTiming.wanPool(SERVER_KEYS);

    private static final int LAN_PEER_PORT = Ports.reserve();
    private static final int FAR_WAN_PORT = Ports.reserve();
    private static final int WATCHER_PORT = Ports.reserve();
    private static final String CLUSTER = "tck-shutdown-" + Long.toHexString(System.nanoTime());

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = SERVER, managed = false)
    public static WebArchive server() {
        Map<String, String> keys = new HashMap<>(Deployments.node("shutdown-server", TIMING, SERVER_KEYS));
        keys.put(GossamerConfig.CLUSTER, CLUSTER);
        keys.put(GossamerConfig.SEEDS, Ports.seed(LAN_PEER_PORT));
        keys.put(GossamerConfig.WAN_SEEDS, Ports.seed(FAR_WAN_PORT));
        return Deployments.war(SERVER, keys);
    }

    @Deployment(name = ABRUPT, managed = false)
    public static WebArchive abrupt() {
        Map<String, String> keys = new HashMap<>(Deployments.node("shutdown-abrupt", TIMING, Map.of(
                GossamerConfig.LEAVE_TIMEOUT, "0s")));
        keys.put(GossamerConfig.CLUSTER, CLUSTER);
        keys.put(GossamerConfig.SEEDS, Ports.seed(WATCHER_PORT));
        return Deployments.war(ABRUPT, keys);
    }

    /**
     * [membership-leave-at-shutdown] A server whose application stops leaves its LAN and its WAN
     * pool: the members of each record it LEFT, with no suspicion and no death.
     */
    @Test
    @RunAsClient
    public void aServerLeavesBothPoolsWhenItsApplicationStops() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer lan = peers.start("lan", CLUSTER, TIMING, Map.of(GossamerConfig.BIND_PORT,
                    Integer.toString(LAN_PEER_PORT)));
            Map<String, String> away = new HashMap<>(SERVER_KEYS);
            away.put(GossamerConfig.DATACENTER, "away");
            away.put(GossamerConfig.WAN_BIND_PORT, Integer.toString(FAR_WAN_PORT));
            TckPeer far = peers.start("far", CLUSTER, TIMING, away);
            String wanName = Deployments.NODE_NAME + ".dc1";
            deployer.deploy(SERVER);
            try {
                lan.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local().plus(TIMING.join()));
                far.log().awaitEvent(MemberJoined.class, wanName, TIMING.local().plus(WAN.join()));
            } finally {
                deployer.undeploy(SERVER);
            }
            assertLeft(lan.log(), Deployments.NODE_NAME, TIMING);
            assertLeft(far.log(), wanName, WAN);
        }
    }

    /**
     * [membership-leave-at-shutdown] With a leave timeout of 0 the node stops without leaving:
     * its peer suspects it and records it DEAD, never LEFT.
     */
    @Test
    @RunAsClient
    public void aZeroLeaveTimeoutStopsWithoutLeaving() {
        try (PeerGroup peers = new PeerGroup()) {
            TckPeer watcher = peers.start("watcher", CLUSTER, TIMING, Map.of(GossamerConfig.BIND_PORT,
                    Integer.toString(WATCHER_PORT)));
            deployer.deploy(ABRUPT);
            try {
                watcher.log().awaitEvent(MemberJoined.class, Deployments.NODE_NAME, TIMING.local().plus(TIMING.join()));
            } finally {
                deployer.undeploy(ABRUPT);
            }
            watcher.log().awaitEvent(MemberDead.class, Deployments.NODE_NAME,
                    TIMING.untilSuspected(2).plus(TIMING.fromSuspectedToDead(2)));
            assertTrue(watcher.log().about(Deployments.NODE_NAME, MemberLeft.class).isEmpty(),
                    "a node with leave-timeout 0 left: " + watcher.log());
        }
    }

    private static void assertLeft(EventLog log, String member, TckTiming timing) {
        MemberLeft left = log.awaitEvent(MemberLeft.class, member, TckTiming.bound(
                TIMING.duration(GossamerConfig.LEAVE_TIMEOUT)).plus(timing.dissemination(2)));
        assertEquals(MemberLeft.Reason.LEFT, left.reason(), "why " + member + " left: " + left);
        assertTrue(log.about(member, MemberSuspected.class).isEmpty() && log.about(member, MemberDead.class).isEmpty(),
                "a stop with a graceful leave was taken for a failure: " + log);
    }
}
