package io.gossamer.cdi.tck;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.spi.transport.Transport;

import java.util.concurrent.ThreadFactory;

/**
 * Vert.x 4.5's NIO transport with a {@link DeafSwitch} on every socket of one peer: the runner
 * template's {@code DeafeningTransport} for the Vert.x that Quarkus provides, whose transport SPI
 * is Netty 4.1's event loop groups rather than Vert.x 5's I/O handler factories.
 */
final class Vertx4DeafeningTransport implements Transport {

    private final DeafSwitch deafness = new DeafSwitch();
    private final Transport jdk = JDKTransport.INSTANCE;

    /** A Vert.x on this transport; Vert.x 4.5 takes a transport only through its internal builder. */
    Vertx vertx() {
        return new VertxBuilder(PeerNodes.vertxOptions()).findTransport(this).init().vertx();
    }

    void deafen(boolean on) {
        deafness.deafen(on);
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
        return jdk.eventLoopGroup(type, threads, factory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
        return deafness.on(jdk.datagramChannel());
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return deafness.on(jdk.datagramChannel(family));
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        ChannelFactory<? extends Channel> f = jdk.channelFactory(domainSocket);
        return () -> deafness.on(f.newChannel());
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        ChannelFactory<? extends ServerChannel> f = jdk.serverChannelFactory(domainSocket);
        return () -> deafness.onAccepted(f.newChannel());
    }
}
