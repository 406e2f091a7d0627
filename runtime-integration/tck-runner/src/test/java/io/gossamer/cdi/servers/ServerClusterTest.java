package io.gossamer.cdi.servers;

import io.gossamer.MemberJoined;
import io.gossamer.tck.support.PeerGroup;
import io.gossamer.tck.support.TckPeer;

import java.net.URL;
import java.time.Duration;
import java.util.List;

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
 * A two-node cluster across the server boundary: the deployed application and a peer the test
 * starts beside the server (in the test's JVM). The application joins the peer as its seed; its
 * observers see the peer join and, once the peer is crashed, suspected and then dead. What the
 * application observed is read over HTTP from its servlet.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class ServerClusterTest {

    private static final String PEER = "client-peer";

    private static PeerGroup peers;
    private static TckPeer peer;

    /** Starts the peer first: the application's configuration names it as the seed. */
    @Deployment(testable = false)
    public static WebArchive deployment() {
        String cluster = ServerApp.cluster("cluster");
        peers = new PeerGroup();
        peer = peers.start(PEER, cluster, ServerApp.TIMING);
        return ServerApp.war("server-cluster", cluster, List.of(peer.seed()));
    }

    @AfterAll
    static void stopPeer() {
        if (peers != null) {
            peers.close();
        }
    }

    @ArquillianResource
    URL context;

    @Test
    public void theApplicationSeesThePeerJoinThenDie() {
        Duration joined = ServerApp.TIMING.join().plus(ServerApp.TIMING.dissemination(2));
        peer.log().awaitEvent(MemberJoined.class, ServerApp.NODE_NAME, joined);
        awaitObserved("MemberJoined " + PEER, joined);

        peer.peer().crash();

        awaitObserved("MemberSuspected " + PEER, ServerApp.TIMING.untilSuspected(2));
        awaitObserved("MemberDead " + PEER, ServerApp.TIMING.fromSuspectedToDead(2));
        List<String> seen = ServerApp.observed(context);
        assertThat(seen.stream().filter(l -> l.startsWith("MemberJoined " + PEER + " ")))
                .as("the peer joined once: %s", seen).hasSize(1);
        assertThat(seen.stream().filter(l -> l.contains(" " + PEER + " ")).map(l -> l.split(" ")[0]))
                .as("the application's events about the peer: %s", seen)
                .containsExactly("MemberJoined", "MemberSuspected", "MemberDead");
    }

    /** Polls the application's events until one starts with {@code prefix}. */
    private void awaitObserved(String prefix, Duration bound) {
        await("the application observes " + prefix).atMost(bound).pollInterval(Duration.ofMillis(200))
                .until(() -> ServerApp.observed(context), lines -> lines.stream().anyMatch(l -> l.startsWith(prefix + " ")));
    }
}
