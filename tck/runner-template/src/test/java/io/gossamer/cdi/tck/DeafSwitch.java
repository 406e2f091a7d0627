package io.gossamer.cdi.tck;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One peer's deafness: while it is on, whatever arrives on the channels it was put on (datagrams,
 * and bytes on the streams the peer opened or accepted) is dropped before Vert.x sees it, while
 * everything the peer sends still goes out. The drop is the first handler of each channel's
 * pipeline. Netty only, so that the transports of Vert.x 5 and 4.5 both use it.
 */
final class DeafSwitch {

    private final AtomicBoolean deaf = new AtomicBoolean();
    private final Drop drop = new Drop();
    private final DropOnAccepted dropOnAccepted = new DropOnAccepted();

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

    void deafen(boolean on) {
        deaf.set(on);
    }

    /** A datagram or client channel that goes deaf with the peer. */
    <C extends Channel> C on(C channel) {
        channel.pipeline().addFirst(drop);
        return channel;
    }

    /** A server channel whose accepted connections go deaf with the peer. */
    <C extends ServerChannel> C onAccepted(C server) {
        server.pipeline().addFirst(dropOnAccepted);
        return server;
    }
}
