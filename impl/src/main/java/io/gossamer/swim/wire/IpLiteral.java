package io.gossamer.swim.wire;

import java.util.regex.Pattern;

/**
 * Whether a host from the wire is an IP literal: a member's address is always one, and anything
 * else (a host name) would make the receiver ask DNS about a name a stranger chose, or reach
 * whatever that name resolves to. Checked by hand, never with {@code InetAddress}, which resolves
 * names and looks up zone ids among the local interfaces.
 *
 * <p>IPv4: four decimal octets 0–255 without leading zeros. IPv6: the text forms of RFC 4291
 * (eight groups of 1–4 hex digits, one {@code ::} for a run of zero groups, the last two groups
 * optionally as an IPv4 literal), optionally followed by {@code %} and a zone id of letters,
 * digits, {@code .}, {@code _} and {@code -} (link-local addresses); without brackets.
 */
final class IpLiteral {

    private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._-]+");

    private IpLiteral() {
    }

    static boolean valid(String host) {
        return ipv4(host) || ipv6(host);
    }

    /**
     * Four decimal octets 0–255, ASCII digits, no leading zeros, three dots. By hand: every
     * address of every datagram is checked, once when it is decoded and once when it is encoded,
     * and a regex match allocated a matcher each time, a quarter of all the garbage of 500 nodes
     * in one process joining at once.
     */
    static boolean ipv4(String s) {
        int length = s.length();
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= length || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < length && i - start < 3) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
        }
        return i == length;
    }

    private static boolean ipv6(String host) {
        int percent = host.indexOf('%');
        String address = percent < 0 ? host : host.substring(0, percent);
        if (percent >= 0 && !ZONE.matcher(host.substring(percent + 1)).matches()) {
            return false;
        }
        if (address.indexOf(':') < 0) {
            return false;
        }
        int groupsWanted = 8;
        int lastColon = address.lastIndexOf(':');
        String tail = address.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!ipv4(tail)) {
                return false;
            }
            // The embedded IPv4 literal stands for the last two groups; keep the colon before it.
            address = address.substring(0, lastColon + 1) + "0";
            groupsWanted = 7;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] sides = gap < 0 ? new String[] {address} : new String[] {address.substring(0, gap),
                address.substring(gap + 2)};
        int groups = 0;
        for (String side : sides) {
            if (side.isEmpty()) {
                continue;
            }
            for (String group : side.split(":", -1)) {
                if (!GROUP.matcher(group).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return gap < 0 ? groups == groupsWanted : groups < groupsWanted;
    }
}
