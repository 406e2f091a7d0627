package io.gossamer.swim;

import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** This host's address as peers should see it, for a node bound to every interface. */
final class HostAddress {

    private static final System.Logger LOG = System.getLogger("io.gossamer.swim");

    private HostAddress() {
    }

    /**
     * The first site-local IPv4 address of an interface that is up, else any non-loopback IPv4
     * one, else the host's (as memberlist does).
     */
    static String detect() {
        String fallback = null;
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!(a instanceof Inet4Address) || a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    if (a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                    if (fallback == null) {
                        fallback = a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.DEBUG, "cannot list network interfaces", e);
        }
        if (fallback != null) {
            return fallback;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
