package io.gossamer.cdi.tck;

import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import io.vertx.core.Vertx;

import java.util.Map;

/**
 * The runner template's peers on the Vert.x that Quarkus provides (4.5), in the JVM the Quarkus
 * applications run in. They cannot {@link Peer#deafen() deafen}: the template's deafening
 * transport is built on Vert.x 5's transport SPI (see the runner's README).
 */
public final class QuarkusPeers implements Peers {

    @Override
    public Peer start(Map<String, String> configuration, PeerObserver observer) {
        Vertx vertx = Vertx.vertx(PeerNodes.vertxOptions());
        return PeerNodes.start(PeerNodes.settings(configuration), observer, vertx, deaf -> {
            if (deaf) {
                throw new UnsupportedOperationException("a peer on Vert.x 4.5 cannot be deafened");
            }
        });
    }
}
