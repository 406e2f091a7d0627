package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A forwarder on 127.0.0.1 that the TCK controls, standing in front of a node: the node advertises
 * the relay's port ({@code gossamer.advertise-address=127.0.0.1}, {@code gossamer.advertise-port}),
 * so what other members send it passes here, and the test can drop it or count it. It looks at no
 * byte of what it forwards: it tests behaviour, not a wire format.
 *
 * <p>UDP is relayed NAT style: each sender gets a socket of its own towards the target, so the
 * target's replies (sent to a datagram's source) come back to that socket and are sent on to that
 * sender from the relay's port. TCP connections are pumped both ways to the target. A node sends
 * its own datagrams directly, not through the relay: only traffic <em>to</em> the node passes.
 *
 * <p>One thread serves all UDP; streams take two threads each, at most {@value #MAX_STREAMS}
 * streams at once (more are closed at once). {@link #close()} stops everything. It runs wherever
 * the test runs (inside the container, or on the client side).
 */
public final class Relay implements AutoCloseable {

    /** Streams pumped at once; a Gossamer node opens few (joins, state exchanges, TCP probes). */
    private static final int MAX_STREAMS = 32;
    /** Senders with a socket of their own; datagrams of further senders are dropped. */
    private static final int MAX_SENDERS = 64;
    private static final int ATTEMPTS = 20;

    private final int port;
    private volatile int target;
    private volatile boolean dropUdp;
    private volatile boolean dropTcp;
    private volatile int dropFrom = -1;

    private final DatagramChannel front;
    private final ServerSocket server;
    private final Selector selector;
    private final Map<SocketAddress, DatagramChannel> backs = new HashMap<>();
    private final ExecutorService pumps;
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread udpThread;
    private final Thread acceptThread;
    private volatile boolean closed;

    private final AtomicLong datagramsIn = new AtomicLong();
    private final AtomicLong datagramsOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicInteger largestIn = new AtomicInteger();
    private final AtomicInteger largestOut = new AtomicInteger();
    private final AtomicLong datagramsDropped = new AtomicLong();
    /** Datagrams that arrived, dropped or not, by the sender's port: how many, and the largest. */
    private final Map<Integer, Sender> arrivedFrom = new ConcurrentHashMap<>();
    private final AtomicLong streamsAccepted = new AtomicLong();
    private final AtomicLong streamsDropped = new AtomicLong();
    private final AtomicLong streamBytesIn = new AtomicLong();
    private final AtomicLong streamBytesOut = new AtomicLong();

    private Relay(ServerSocket server, DatagramChannel front, int target) throws IOException {
        this.server = server;
        this.front = front;
        this.port = server.getLocalPort();
        this.target = target;
        this.selector = Selector.open();
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ);
        this.pumps = new ThreadPoolExecutor(0, 2 * MAX_STREAMS, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "tck-relay-" + port + "-stream"));
        this.udpThread = daemon(this::udpLoop, "tck-relay-" + port + "-udp");
        this.acceptThread = daemon(this::acceptLoop, "tck-relay-" + port + "-accept");
        udpThread.start();
        acceptThread.start();
    }

    /** A relay on a free port of 127.0.0.1 (the same for UDP and TCP) to {@code target} on 127.0.0.1. */
    public static Relay start(int target) {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return bind(0, target);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no port of 127.0.0.1 free for both TCP and UDP after " + ATTEMPTS
                + " attempts", last);
    }

    /**
     * A relay on {@code port} of 127.0.0.1 (one {@link Ports#reserve() reserved} earlier, such as
     * the port a deployment advertises) to {@code target} on 127.0.0.1.
     */
    public static Relay start(int port, int target) {
        try {
            return bind(port, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot relay on 127.0.0.1:" + port, e);
        }
    }

    private static Relay bind(int port, int target) throws IOException {
        ServerSocket server = new ServerSocket();
        DatagramChannel udp = null;
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback(), port));
            udp = DatagramChannel.open();
            udp.bind(new InetSocketAddress(loopback(), server.getLocalPort()));
            return new Relay(server, udp, target);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (udp != null) {
                udp.close();
            }
            throw e;
        }
    }

    /** The port the relay listens on, for UDP and TCP: the one its node advertises. */
    public int port() {
        return port;
    }

    /** Forwards to {@code port} of 127.0.0.1 from now on (streams already open keep theirs). */
    public void retarget(int port) {
        this.target = port;
    }

    /** Whether to drop every datagram, both ways. */
    public void dropUdp(boolean drop) {
        this.dropUdp = drop;
    }

    /** Whether to refuse streams: new connections are closed at once, open ones are cut. */
    public void dropTcp(boolean drop) {
        this.dropTcp = drop;
        if (drop) {
            List<Socket> open;
            synchronized (sockets) {
                open = new ArrayList<>(sockets);
            }
            open.forEach(Relay::closeQuietly);
        }
    }

    /**
     * Drops datagrams sent to the relay from {@code port} of any address (a node sends its
     * datagrams from the port it binds), or none with {@code -1}; streams are not affected.
     */
    public void dropFrom(int port) {
        this.dropFrom = port;
    }

    /**
     * The configuration keys that put a node behind this relay: bound at the relay's target port
     * on 127.0.0.1, and advertising the relay's port, so that members reach it through the relay.
     */
    public Map<String, String> nodeBehind() {
        return Map.of(GossamerConfig.BIND_PORT, Integer.toString(target),
                GossamerConfig.ADVERTISE_ADDRESS, "127.0.0.1",
                GossamerConfig.ADVERTISE_PORT, Integer.toString(port()));
    }

    /** Datagrams forwarded to the target. */
    public long datagramsToTarget() {
        return datagramsIn.get();
    }

    /** Datagrams forwarded from the target back to their senders. */
    public long datagramsFromTarget() {
        return datagramsOut.get();
    }

    /** Bytes of the datagrams forwarded to the target. */
    public long bytesToTarget() {
        return bytesIn.get();
    }

    /** Bytes of the datagrams forwarded from the target. */
    public long bytesFromTarget() {
        return bytesOut.get();
    }

    /** The largest datagram forwarded to the target, in bytes. */
    public int largestToTarget() {
        return largestIn.get();
    }

    /** The largest datagram forwarded from the target, in bytes. */
    public int largestFromTarget() {
        return largestOut.get();
    }

    /**
     * Datagrams that arrived for the target from {@code port} of any address, dropped or not: what
     * one node sent this relay's node (a node sends its datagrams from the port it binds).
     */
    public long datagramsFrom(int port) {
        Sender sender = arrivedFrom.get(port);
        return sender == null ? 0 : sender.datagrams.get();
    }

    /** The largest datagram that arrived from {@code port} (see {@link #datagramsFrom}), in bytes. */
    public int largestFrom(int port) {
        Sender sender = arrivedFrom.get(port);
        return sender == null ? 0 : sender.largest.get();
    }

    /** Datagrams dropped, either way. */
    public long datagramsDropped() {
        return datagramsDropped.get();
    }

    /** Streams accepted and connected to the target. */
    public long streamsForwarded() {
        return streamsAccepted.get();
    }

    /** Streams refused. */
    public long streamsDropped() {
        return streamsDropped.get();
    }

    /** Stream bytes pumped to the target, and from it. */
    public long streamBytesToTarget() {
        return streamBytesIn.get();
    }

    /** Stream bytes pumped from the target. */
    public long streamBytesFromTarget() {
        return streamBytesOut.get();
    }

    /** The counters, for failure messages. */
    @Override
    public String toString() {
        return "Relay[127.0.0.1:" + port + " -> " + target + ": datagrams to target " + datagramsIn + " ("
                + bytesIn + " B, largest " + largestIn + "), from target " + datagramsOut + " (" + bytesOut
                + " B, largest " + largestOut + "), dropped " + datagramsDropped + "; streams " + streamsAccepted
                + " (" + streamBytesIn + " B to, " + streamBytesOut + " B from), refused " + streamsDropped + "]";
    }

    // ---- UDP: one thread, a selector over the relay's port and one socket per sender.

    private void udpLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        try {
            while (!closed) {
                selector.select();
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    buffer.clear();
                    SocketAddress from = channel.receive(buffer);
                    if (from == null) {
                        continue;
                    }
                    buffer.flip();
                    if (key.attachment() == null) {
                        toTarget(from, buffer);
                    } else {
                        fromTarget((SocketAddress) key.attachment(), buffer);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void toTarget(SocketAddress from, ByteBuffer datagram) throws IOException {
        if (from instanceof InetSocketAddress a && (arrivedFrom.size() < MAX_SENDERS
                || arrivedFrom.containsKey(a.getPort()))) {
            Sender sender = arrivedFrom.computeIfAbsent(a.getPort(), p -> new Sender());
            sender.datagrams.incrementAndGet();
            sender.largest.accumulateAndGet(datagram.remaining(), Math::max);
        }
        if (dropUdp || (from instanceof InetSocketAddress a && a.getPort() == dropFrom)) {
            datagramsDropped.incrementAndGet();
            return;
        }
        DatagramChannel back = backs.get(from);
        if (back == null) {
            if (backs.size() >= MAX_SENDERS) {
                datagramsDropped.incrementAndGet();
                return;
            }
            back = DatagramChannel.open();
            back.bind(new InetSocketAddress(loopback(), 0));
            back.configureBlocking(false);
            back.register(selector, SelectionKey.OP_READ, from);
            backs.put(from, back);
        }
        int size = datagram.remaining();
        back.send(datagram, new InetSocketAddress(loopback(), target));
        datagramsIn.incrementAndGet();
        bytesIn.addAndGet(size);
        largestIn.accumulateAndGet(size, Math::max);
    }

    private void fromTarget(SocketAddress sender, ByteBuffer datagram) throws IOException {
        if (dropUdp) {
            datagramsDropped.incrementAndGet();
            return;
        }
        int size = datagram.remaining();
        front.send(datagram, sender);
        datagramsOut.incrementAndGet();
        bytesOut.addAndGet(size);
        largestOut.accumulateAndGet(size, Math::max);
    }

    // ---- TCP: an accepting thread, two pumping threads per stream.

    private void acceptLoop() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (dropTcp) {
                streamsDropped.incrementAndGet();
                closeQuietly(in);
                continue;
            }
            Socket out = new Socket();
            boolean counted = false;
            try {
                out.connect(new InetSocketAddress(loopback(), target), 10_000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                track(in, out);
                AtomicInteger open = new AtomicInteger(2);
                // Counted before the first byte moves: a caller that sees the exchange done must see it counted.
                streamsAccepted.incrementAndGet();
                counted = true;
                pumps.execute(() -> pump(in, out, streamBytesIn, open));
                pumps.execute(() -> pump(out, in, streamBytesOut, open));
            } catch (IOException | RejectedExecutionException e) {
                if (counted) {
                    streamsAccepted.decrementAndGet();
                }
                streamsDropped.incrementAndGet();
                closeQuietly(in);
                closeQuietly(out);
            }
        }
    }

    private void track(Socket... pair) throws IOException {
        synchronized (sockets) {
            if (closed) {
                throw new IOException("relay closed");
            }
            sockets.removeIf(Socket::isClosed);
            for (Socket s : pair) {
                sockets.add(s);
            }
        }
    }

    /** Copies one direction; {@code open} counts the directions still running, to close both at the end. */
    private void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger open) {
        byte[] chunk = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(chunk)) >= 0 && !dropTcp) {
                out.write(chunk, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
            if (!dropTcp) {
                // Half-close, so the reader on the other side sees the end of what was sent
                // while the other direction may still carry an answer.
                to.shutdownOutput();
                if (open.decrementAndGet() > 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // either side went away: close both
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    // ---- Shared

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing more to release
        }
        closeQuietly(front);
        synchronized (sockets) {
            sockets.forEach(Relay::closeQuietly);
            sockets.clear();
        }
        pumps.shutdownNow();
        try {
            // The UDP thread owns the senders' sockets: close them once it has stopped.
            udpThread.join(2_000);
            backs.values().forEach(Relay::closeQuietly);
            acceptThread.join(2_000);
            pumps.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Sender {
        final AtomicLong datagrams = new AtomicLong();
        final AtomicInteger largest = new AtomicInteger();
    }
}
