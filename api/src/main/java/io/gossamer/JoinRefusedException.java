package io.gossamer;

import java.io.IOException;
import java.util.Objects;

/**
 * A join failed because a seed, or the local node about a seed, refused it: the two are not in
 * the same pool (another cluster, another datacenter, LAN against WAN). Retrying cannot help, so
 * a join fails with this at once instead of trying again; {@link #reason()} says why.
 *
 * <p>Neither side records the other after a refused join: the seed merged nothing of the
 * joiner's state and the joiner merged nothing of the seed's.
 *
 * <p>{@code [guard-refusal-of-several-seeds]} A join through several seeds fails with this
 * exception when no seed answered and at least one refused, even if others could not be reached:
 * {@link #reason()} is the first refusal received and {@link #seed()} the seed that gave it.
 */
public final class JoinRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the join was refused. */
    private final RefusalReason reason;
    /** The seed address that refused. */
    private final String seed;
    /** What the refusing side said. */
    private final String detail;

    /**
     * @param reason  why the join was refused
     * @param seed    the seed address that refused ({@code host:port})
     * @param detail  what the refusing side said about itself (its cluster, pool, datacenter,
     *                role), or about the seed when the local node refused the seed's reply
     * @param message the whole message, typically naming every seed and its outcome
     */
    public JoinRefusedException(RefusalReason reason, String seed, String detail, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.seed = Objects.requireNonNull(seed, "seed");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** {@return why the join was refused (the first refusal, when several seeds refused)} */
    public RefusalReason reason() {
        return reason;
    }

    /** {@return the seed address ({@code host:port}) that refused} */
    public String seed() {
        return seed;
    }

    /** {@return the refusing side's own description} */
    public String detail() {
        return detail;
    }
}
