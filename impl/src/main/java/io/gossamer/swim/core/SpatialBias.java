package io.gossamer.swim.core;

import java.util.List;
import java.util.function.Predicate;

/**
 * Spatial gossip (Kempe, Kleinberg and Demers, "Spatial gossip and resource location protocols"):
 * a gossip round's members drawn with probability in proportion to d^(-a), d the round trip the
 * coordinates estimate, so that most news travels short links and a little crosses the long ones,
 * which is enough to reach everyone. With a = 0, or without coordinates, the draw is uniform
 * ({@link MemberTable#randomNodes}, the same draws as ever).
 */
final class SpatialBias {

    /** Round trips below a millisecond weigh as one: a LAN's differences are noise. */
    private static final double FLOOR_SECONDS = 0.001;

    private final MemberTable table;
    private final NetworkCoordinates coordinates;
    private final int exponent;

    /** @param coordinates null with coordinates off */
    SpatialBias(MemberTable table, NetworkCoordinates coordinates, int exponent) {
        this.table = table;
        this.coordinates = coordinates;
        this.exponent = coordinates == null ? 0 : exponent;
    }

    /** {@code k} members accepted by {@code filter}: near ones likelier, if spatial. */
    List<NodeState> pick(int k, Predicate<NodeState> filter) {
        if (exponent == 0) {
            return table.randomNodes(k, filter);
        }
        // Members without a coordinate yet weigh as the average of those with one.
        double sum = 0;
        int known = 0;
        for (NodeState n : table.all()) {
            double d = coordinates.distanceSeconds(n.name);
            if (!Double.isNaN(d) && filter.test(n)) {
                sum += weight(d);
                known++;
            }
        }
        double unknown = known == 0 ? 1 : sum / known;
        return table.weightedNodes(k, filter, n -> {
            double d = coordinates.distanceSeconds(n.name);
            return Double.isNaN(d) ? unknown : weight(d);
        });
    }

    private double weight(double seconds) {
        return Math.pow(Math.max(seconds, FLOOR_SECONDS) / FLOOR_SECONDS, -exponent);
    }
}
