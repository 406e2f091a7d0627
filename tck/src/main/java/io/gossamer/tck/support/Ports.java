package io.gossamer.tck.support;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Ports on 127.0.0.1 reserved for a node that does not exist yet: a scenario whose deployment
 * must name a peer's address (a seed) before the peer starts, or whose peer must take a port the
 * test knows in advance. A Gossamer node uses the same port for UDP and TCP, so a port is free
 * only if both can be bound.
 */
public final class Ports {

    /** Where {@link #publish} puts ports in a deployment. */
    private static final String RESOURCES = "io/gossamer/tck/ports/";

    /** Attempts before giving up: another process may take the UDP port first. */
    private static final int ATTEMPTS = 20;

    private Ports() {
    }

    /**
     * A port of 127.0.0.1 on which both a TCP server socket and a UDP socket could be bound a
     * moment ago, and which is closed again. Another process may take it in between; the
     * ephemeral range makes that unlikely, as with any port 0 an operating system hands out.
     */
    public static int reserve() {
        InetAddress loopback = loopback();
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket tcp = new ServerSocket()) {
                // Without SO_REUSEADDR a node binding the port right after could meet TIME_WAIT.
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, 0));
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no port of 127.0.0.1 free for both TCP and UDP after " + ATTEMPTS + " attempts", last);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:port}, the form of a seed. */
    public static String seed(int port) {
        return "127.0.0.1:" + port;
    }

    /**
     * Adds {@code port} to {@code war} under {@code name}, for the test inside the container to
     * read with {@link #published(String)}: the test class runs again there (in another JVM on a
     * real server), so a port reserved in a static field of the client side is not seen.
     */
    public static WebArchive publish(WebArchive war, String name, int port) {
        return war.addAsResource(new StringAsset(Integer.toString(port)), RESOURCES + name);
    }

    /** The port {@link #publish(WebArchive, String, int) published} under {@code name} in this deployment. */
    public static int published(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("no port published as " + name + " in this deployment");
            }
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
