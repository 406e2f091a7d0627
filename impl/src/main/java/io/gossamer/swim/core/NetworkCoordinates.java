package io.gossamer.swim.core;

import io.gossamer.Coordinate;
import io.gossamer.swim.coordinate.Vivaldi;
import io.gossamer.swim.coordinate.VivaldiSettings;
import io.gossamer.swim.wire.Message.NetworkCoordinate;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The local member's network coordinate and those the members it probed reported (Serf's
 * coordinate client and cache). A direct probe's ack carries the target's coordinate; the round
 * trip moves ours. The others' are kept as they came, single precision, until the member leaves
 * the view.
 */
final class NetworkCoordinates {

    private final String self;
    private final Vivaldi vivaldi;
    private final Map<String, NetworkCoordinate> peers = new HashMap<>();
    /**
     * The peers' coordinates as the API's, made once per coordinate received: a driver asks for all
     * of them after every probe that moved ours, and boxing each again each time was the cost.
     */
    private final Map<String, Coordinate> converted = new HashMap<>();
    private NetworkCoordinate own;
    /** {@link #own}'s vector, kept out of the record so that a distance does not copy it. */
    private float[] ownVector;
    private long version;
    private long rejected;

    NetworkCoordinates(String self, MemberTable table, RandomGenerator random) {
        this.self = self;
        this.vivaldi = new Vivaldi(VivaldiSettings.SERF, random);
        this.own = NetworkCoordinate.of(vivaldi.coordinate());
        this.ownVector = own.vector();
        table.onRemove(n -> forget(n.name));
    }

    /** Ours, as an ack carries it. */
    NetworkCoordinate own() {
        return own;
    }

    /** A direct probe of {@code peer} was acked after {@code rttNanos}, the ack carrying {@code theirs}. */
    void observed(String peer, NetworkCoordinate theirs, long rttNanos) {
        if (!vivaldi.update(peer, theirs.toCoordinate(), rttNanos / 1e9)) {
            rejected++;
            return;
        }
        if (!theirs.equals(peers.put(peer, theirs))) {
            converted.remove(peer);
        }
        own = NetworkCoordinate.of(vivaldi.coordinate());
        ownVector = own.vector();
        version++;
    }

    private void forget(String peer) {
        vivaldi.forget(peer);
        converted.remove(peer);
        if (peers.remove(peer) != null) {
            version++;
        }
    }

    /** The estimated round trip to {@code peer} in seconds, NaN if its coordinate is unknown. */
    double distanceSeconds(String peer) {
        NetworkCoordinate theirs = peers.get(peer);
        if (theirs == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < theirs.dimensions() && i < ownVector.length; i++) {
            double d = ownVector[i] - theirs.component(i);
            sum += d * d;
        }
        double raw = Math.sqrt(sum) + own.height() + theirs.height();
        double adjusted = raw + own.adjustment() + theirs.adjustment();
        return adjusted > 0 ? adjusted : raw;
    }

    /** Every coordinate known, ours included, by member name. */
    Map<String, Coordinate> snapshot() {
        Map<String, Coordinate> all = new HashMap<>(peers.size() * 2);
        peers.forEach((name, c) -> all.put(name, converted.computeIfAbsent(name, n -> c.toCoordinate())));
        all.put(self, vivaldi.coordinate());
        return all;
    }

    /** Changes whenever {@link #snapshot()} would. */
    long version() {
        return version;
    }

    /** Samples refused: a peer's coordinate of other dimensions, or a round trip outside 0..10 s. */
    long rejected() {
        return rejected;
    }
}
