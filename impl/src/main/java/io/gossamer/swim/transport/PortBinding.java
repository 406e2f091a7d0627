package io.gossamer.swim.transport;

import io.gossamer.swim.wire.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/** Binds the node's datagram socket and its TCP server to one port, as memberlist does. */
final class PortBinding {

    /**
     * Receive allocation for datagrams. Netty reads each datagram into a buffer of the size its
     * {@code RecvByteBufAllocator} guesses (2048 bytes by default) and the kernel silently cuts
     * anything longer. Vert.x's {@code DatagramSocketOptions.setReceiveBufferSize(n)} is the only
     * public knob and sets two things at once: {@code SO_RCVBUF = n} and a
     * {@code FixedRecvByteBufAllocator(n)}. So n must be at least the largest UDP payload (65,507
     * over IPv4) for no datagram to be cut, and should be much more, or the kernel queue shrinks
     * below its default and bursts are lost (64 KiB lost 3 % of a 2,000-datagram burst in
     * {@code HostileInputTest}). 1 MiB is what Netty 4.2's adaptive allocator still pools, so the
     * per-read buffer costs no allocation; the kernel caps {@code SO_RCVBUF} at
     * {@code net.core.rmem_max}. memberlist asks for 2 MiB.
     */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    /** A UDP port taken by someone else over TCP is retried with a fresh ephemeral pair this often. */
    static final int BIND_ATTEMPTS = 16;

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim.transport");

    /**
     * The bound pair.
     *
     * @param address the bind host with the port actually bound
     */
    record Bound(DatagramSocket udp, NetServer tcp, NodeAddress address) {
        Future<Void> close() {
            return Future.join(List.of(udp.close(), tcp.close())).mapEmpty();
        }
    }

    private PortBinding() {
    }

    /**
     * Binds UDP, then TCP on the port UDP got. With port 0 a TCP port already taken is retried
     * with a new ephemeral pair; the future fails with an {@link IOException} if no pair is bound.
     */
    static Future<Bound> bind(Vertx vertx, String host, int port, Handler<DatagramPacket> packets,
                              Handler<NetSocket> streams) {
        return bind(vertx, host, port, packets, streams, 1);
    }

    private static Future<Bound> bind(Vertx vertx, String host, int port, Handler<DatagramPacket> packets,
                                      Handler<NetSocket> streams, int attempt) {
        boolean ipv6 = host.indexOf(':') >= 0;
        DatagramSocketOptions udpOptions = new DatagramSocketOptions()
                .setIpV6(ipv6)
                .setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        DatagramSocket socket = vertx.createDatagramSocket(udpOptions);
        socket.handler(packets);
        socket.exceptionHandler(e -> LOG.log(Level.DEBUG, "datagram socket error", e));
        return socket.listen(port, host).compose(s -> {
            int bound = s.localAddress().port();
            NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
            server.connectHandler(streams);
            return server.listen(bound, host).compose(
                    srv -> Future.succeededFuture(new Bound(socket, server, new NodeAddress(host, bound))),
                    err -> {
                        socket.close();
                        server.close();
                        if (port == 0 && attempt < BIND_ATTEMPTS) {
                            LOG.log(Level.DEBUG, () -> "TCP port " + bound + " taken, retrying with a new pair: " + err);
                            return bind(vertx, host, port, packets, streams, attempt + 1);
                        }
                        return Future.failedFuture(new IOException("cannot bind TCP " + host + ":" + bound
                                + " next to UDP: " + err.getMessage(), err));
                    });
        }, err -> {
            socket.close();
            return Future.failedFuture(new IOException("cannot bind UDP " + host + ":" + port + ": "
                    + err.getMessage(), err));
        });
    }
}
