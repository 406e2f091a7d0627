package io.gossamer.cdi.tck;

import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import java.util.Map;

/**
 * The runner template's peers on the Vert.x that Quarkus provides (4.5), in the JVM the Quarkus
 * applications run in: {@code SwimPeers} with the transport of that Vert.x.
 */
public final class QuarkusPeers implements Peers {

    @Override
    public Peer start(Map<String, String> configuration, PeerObserver observer) {
        Vertx4DeafeningTransport transport = new Vertx4DeafeningTransport();
        return PeerNodes.start(PeerNodes.settings(configuration), observer, transport.vertx(), transport::deafen);
    }
}
