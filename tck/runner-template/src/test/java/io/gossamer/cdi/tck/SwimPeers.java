package io.gossamer.cdi.tck;

import io.gossamer.cdi.EngineConfigs;
import io.gossamer.cdi.GossamerSettings;
import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import io.vertx.core.Vertx;

import java.util.Map;

/**
 * Our TCK peers: engine nodes in the JVM the tests run in, each peer on a Vert.x of its own with
 * one event loop, configured from the TCK's map exactly as a deployment is from MP Config (through
 * {@link GossamerSettings} and {@link EngineConfigs}, over a {@link MapConfig}); a server peer runs a second engine in the
 * WAN pool, as a deployment does. On Weld embedded that JVM is the test's; in an application
 * server it is the server's, inside the deployment (the server runner adds these classes to each
 * archive).
 */
public final class SwimPeers implements Peers {

    @Override
    public Peer start(Map<String, String> configuration, PeerObserver observer) {
        GossamerSettings settings = PeerNodes.settings(configuration);
        // Its own transport, whose sockets deafen() makes drop what arrives.
        DeafeningTransport transport = new DeafeningTransport();
        Vertx vertx = Vertx.builder().with(PeerNodes.vertxOptions()).withTransport(transport).build();
        return PeerNodes.start(settings, observer, vertx, transport::deafen);
    }
}
