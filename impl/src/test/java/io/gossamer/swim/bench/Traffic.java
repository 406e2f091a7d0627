package io.gossamer.swim.bench;

/**
 * Traffic counters of one node. A counter a system cannot provide is -1.
 *
 * @param packetsSent     datagrams sent
 * @param bytesSent       bytes of those datagrams (payload, without IP/UDP headers)
 * @param packetsReceived datagrams received
 * @param bytesReceived   bytes of those datagrams
 * @param streamsOpened   outgoing TCP streams (push-pull, fallback probes, joins)
 */
public record Traffic(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
                      long streamsOpened) {

    public static final Traffic ZERO = new Traffic(0, 0, 0, 0, 0);

    public Traffic plus(Traffic o) {
        return new Traffic(add(packetsSent, o.packetsSent), add(bytesSent, o.bytesSent),
                add(packetsReceived, o.packetsReceived), add(bytesReceived, o.bytesReceived),
                add(streamsOpened, o.streamsOpened));
    }

    public Traffic minus(Traffic o) {
        return new Traffic(sub(packetsSent, o.packetsSent), sub(bytesSent, o.bytesSent),
                sub(packetsReceived, o.packetsReceived), sub(bytesReceived, o.bytesReceived),
                sub(streamsOpened, o.streamsOpened));
    }

    // Unknown (-1) is contagious, so a sum never passes off a partial count as a total.
    private static long add(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    private static long sub(long a, long b) {
        return a < 0 || b < 0 ? -1 : a - b;
    }
}
