package io.gossamer.cdi.servers;

import io.gossamer.MemberDead;
import io.gossamer.MemberJoined;
import io.gossamer.MemberLeft;
import io.gossamer.MemberSuspected;
import io.gossamer.MembershipEvent;
import io.gossamer.tck.support.EventLog;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Undeploying the application leaves the cluster gracefully and releases the node's sockets;
 * deploying it again rejoins. Seen from a peer the test starts beside the server: the
 * application joins, is LEFT (never suspected nor dead), then joins anew. Each time, the test
 * waits until the application has seen the peer too (read over HTTP) before going on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class ServerRedeployTest {

    private static final String APP = "app";
    private static final String PEER = "client-peer";

    private static PeerGroup peers;
    private static TckPeer peer;

    /** Starts the peer first: the application's configuration names it as the seed. */
    @Deployment(name = APP, managed = false, testable = false)
    public static WebArchive deployment() {
        String cluster = ServerApp.cluster("redeploy");
        peers = new PeerGroup();
        peer = peers.start(PEER, cluster, ServerApp.TIMING);
        return ServerApp.war("server-redeploy", cluster, List.of(peer.seed()));
    }

    @AfterAll
    static void stopPeer() {
        if (peers != null) {
            peers.close();
        }
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    public void undeployLeavesAndRedeployRejoins() {
        EventLog log = peer.log();
        Duration joinBound = ServerApp.TIMING.join().plus(ServerApp.TIMING.dissemination(2));
        deployer.deploy(APP);
        boolean deployed = true;
        try {
            MemberJoined first = log.awaitEvent(MemberJoined.class, ServerApp.NODE_NAME, joinBound);
            int port = first.member().port();
            // The cluster is formed once the application knows the peer too: a leave sent before
            // its join completes reaches nobody, and the peer would rightly find it dead.
            awaitApplicationSeesPeer(joinBound);

            deployer.undeploy(APP);
            deployed = false;
            MemberLeft left = log.awaitEvent(MemberLeft.class, ServerApp.NODE_NAME,
                    ServerApp.TIMING.dissemination(2));
            assertThat(log.about(ServerApp.NODE_NAME, MemberSuspected.class)).as("%s", log).isEmpty();
            assertThat(log.about(ServerApp.NODE_NAME, MemberDead.class)).as("%s", log).isEmpty();
            // Undeploy returned and the leave was heard: the old node's sockets must be closed by now.
            await("port " + port + " released").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ServerApp.portIsFree(port));

            deployer.deploy(APP);
            deployed = true;
            awaitApplicationSeesPeer(joinBound);
            List<MembershipEvent> events = log.await("a new MemberJoined about " + ServerApp.NODE_NAME + " after its LEFT",
                    joinBound, e -> {
                        int l = e.indexOf(left);
                        return e.subList(l + 1, e.size()).stream().anyMatch(x -> x instanceof MemberJoined
                                && x.member().name().equals(ServerApp.NODE_NAME));
                    });
            assertThat(events.stream().filter(e -> e.member().name().equals(ServerApp.NODE_NAME))
                    .map(e -> e.getClass().getSimpleName()))
                    .as("the peer's events about the application: %s", log)
                    .containsExactly("MemberJoined", "MemberLeft", "MemberJoined");
        } finally {
            if (deployed) {
                deployer.undeploy(APP);
            }
        }
    }

    /** Polls what the application observed, over HTTP, until it has the peer's join. */
    private static void awaitApplicationSeesPeer(Duration bound) {
        URI context = DeployedContexts.of(APP).orElseThrow(() -> new AssertionError("no HTTP context for " + APP));
        await("the application observes " + PEER + " join").atMost(bound).pollInterval(Duration.ofMillis(100))
                .until(() -> ServerApp.observed(context),
                        lines -> lines.stream().anyMatch(l -> l.startsWith("MemberJoined " + PEER + " ")));
    }
}
