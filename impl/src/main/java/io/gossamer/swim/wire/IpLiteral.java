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

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._-]+");

    private IpLiteral() {
    }

    static boolean valid(String host) {
        return IPV4.matcher(host).matches() || ipv6(host);
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
            if (!IPV4.matcher(tail).matches()) {
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
