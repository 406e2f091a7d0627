package io.gossamer.cdi.tck;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.impl.transports.NioTransport;
import io.vertx.core.spi.transport.Transport;

/**
 * Vert.x 5's NIO transport, with a {@link DeafSwitch} on every socket of one peer ({@code
 * Peer.deafen()}): a one-way network fault, without touching the engine.
 */
final class DeafeningTransport implements io.vertx.core.transport.Transport {

    private final DeafSwitch deafness = new DeafSwitch();
    private final Transport nio = NioTransport.INSTANCE;

    void deafen(boolean on) {
        deafness.deafen(on);
    }

    @Override
    public String name() {
        return "nio-deafening";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public Transport implementation() {
        return new Transport() {
            @Override
            public IoHandlerFactory ioHandlerFactory() {
                return nio.ioHandlerFactory();
            }

            @Override
            public DatagramChannel datagramChannel() {
                return deafness.on(nio.datagramChannel());
            }

            @Override
            public DatagramChannel datagramChannel(InternetProtocolFamily family) {
                return deafness.on(nio.datagramChannel(family));
            }

            @Override
            public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
                ChannelFactory<? extends Channel> f = nio.channelFactory(domainSocket);
                return () -> deafness.on(f.newChannel());
            }

            @Override
            public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
                ChannelFactory<? extends ServerChannel> f = nio.serverChannelFactory(domainSocket);
                return () -> deafness.onAccepted(f.newChannel());
            }
        };
    }
}
