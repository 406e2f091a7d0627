package io.gossamer.cdi.tck;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.impl.transports.NioTransport;
import io.vertx.core.spi.transport.Transport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Vert.x's NIO transport, with a switch that makes every socket of one peer deaf ({@code
 * Peer.deafen()}): while it is on, whatever arrives (datagrams, and bytes on the streams the peer
 * opened or accepted) is dropped before Vert.x sees it, while everything the peer sends still goes
 * out. A one-way network fault, without touching the engine: the drop is the first handler of
 * each channel's pipeline.
 */
final class DeafeningTransport implements io.vertx.core.transport.Transport {

    private final AtomicBoolean deaf = new AtomicBoolean();
    private final Transport nio = NioTransport.INSTANCE;

    /** Drops every inbound message while deaf; shared by every channel of the peer. */
    @ChannelHandler.Sharable
    private final class Drop extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (deaf.get()) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** On a server channel: puts the drop in front of each accepted connection's pipeline. */
    @ChannelHandler.Sharable
    private final class DropOnAccepted extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst(drop);
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final Drop drop = new Drop();
    private final DropOnAccepted dropOnAccepted = new DropOnAccepted();

    void deafen(boolean on) {
        deaf.set(on);
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
                return withDrop(nio.datagramChannel());
            }

            @Override
            public DatagramChannel datagramChannel(InternetProtocolFamily family) {
                return withDrop(nio.datagramChannel(family));
            }

            @Override
            public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
                ChannelFactory<? extends Channel> f = nio.channelFactory(domainSocket);
                return () -> withDrop(f.newChannel());
            }

            @Override
            public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
                ChannelFactory<? extends ServerChannel> f = nio.serverChannelFactory(domainSocket);
                return () -> {
                    ServerChannel server = f.newChannel();
                    server.pipeline().addFirst(dropOnAccepted);
                    return server;
                };
            }
        };
    }

    private <C extends Channel> C withDrop(C channel) {
        channel.pipeline().addFirst(drop);
        return channel;
    }
}
