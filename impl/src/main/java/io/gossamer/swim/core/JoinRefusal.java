package io.gossamer.swim.core;

import io.gossamer.RefusalReason;
import io.gossamer.swim.wire.NodeAddress;

import java.util.Objects;

/**
 * One seed's refusal of a join: the seed refused us, or we refused the seed's reply (its label
 * says it is not in our pool).
 *
 * @param seed   the seed address
 * @param reason why
 * @param detail the refusing side's description of itself, or of the seed's label
 */
public record JoinRefusal(NodeAddress seed, RefusalReason reason, String detail) {

    public JoinRefusal {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
