package io.gossamer.swim.core;

import io.gossamer.RefusalReason;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.wire.ForeignLabel;
import io.gossamer.swim.wire.Message.Refuse;
import io.gossamer.swim.wire.NodeAddress;
import io.gossamer.swim.wire.PacketCodec;

import java.util.Optional;

/**
 * The guard at the door: what the driver lets in, and answers, when a datagram, a stream or a
 * stream's reply carries a label that is not ours. Such traffic never reaches the protocol; it
 * is counted, and answered with a refusal that says why, written with the sender's label so that
 * the sender can read it.
 */
final class ForeignLabels {

    /** Datagram refusals per source host: 3 at once, 3 per {@link HostRateLimiter#INTERVAL_MS}. */
    static final HostRateLimiter.Rate REFUSALS_PER_HOST = new HostRateLimiter.Rate(3, 3);
    /** Datagram refusals in all: 100 at once, 100 per {@link HostRateLimiter#INTERVAL_MS}. */
    static final HostRateLimiter.Rate REFUSALS_IN_ALL = new HostRateLimiter.Rate(100, 100);

    private final SwimConfig config;
    private final PoolGuard guard;
    private final GuardCounters counters;
    /**
     * A datagram's source address can be forged, so every refusal is traffic aimed wherever the
     * forger likes. Streams need no limit: a TCP handshake cannot be completed from a forged address.
     */
    private final HostRateLimiter limiter = new HostRateLimiter(REFUSALS_PER_HOST, REFUSALS_IN_ALL);
    /** Whether what we send is sealed: refusals then count the nonce and tag against their budget. */
    private final boolean sealsOutgoing;

    ForeignLabels(SwimConfig config, PoolGuard guard, GuardCounters counters) {
        this.config = config;
        this.guard = guard;
        this.counters = counters;
        this.sealsOutgoing = config.keyring().isPresent() && config.verifyOutgoing();
    }

    /** Whether traffic with {@code label}, not ours, is decoded anyway; see {@link PoolGuard#letsIn}. */
    boolean letsIn(String label) {
        return guard.letsIn(label);
    }

    /**
     * The refusal of a datagram of {@code datagramBytes} bytes from {@code from}, unless
     * {@code from}'s host has had its share of refusals lately, or the refusal would be larger than
     * the datagram: a forged source address must not make us an amplifier.
     */
    Optional<Refuse> refuseDatagram(long now, NodeAddress from, ForeignLabel label, int datagramBytes) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        counters.foreignLabel(reason);
        if (!limiter.allow(now, from.host())) {
            counters.refusalSuppressed();
            return Optional.empty();
        }
        Optional<Refuse> fitted = PacketCodec.fitReply(label,
                new Refuse(reason, guard.describeSelf()), datagramBytes, sealsOutgoing);
        if (fitted.isEmpty()) {
            counters.refusalSuppressed();
            return Optional.empty();
        }
        counters.refusalSent();
        return fitted;
    }

    /**
     * The refusal of a stream. Not rate-limited: a stream's source cannot be forged, and a joiner
     * needs the reason every time it tries.
     */
    Refuse refuseStream(ForeignLabel label) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        counters.foreignLabel(reason);
        counters.refusalSent();
        return new Refuse(reason, guard.describeSelf());
    }

    /**
     * Our refusal of a peer that answered our stream with its label, not ours: it is in another
     * pool. The driver reports it as the stream's result, so nothing of the peer's is merged.
     */
    Refuse refuseReply(NodeAddress from, ForeignLabel label) {
        RefusalReason reason = guard.classify(label.text().orElse(null));
        counters.foreignLabel(reason);
        return new Refuse(reason, "refused by " + config.name() + ": " + from + " answered with label '"
                + label.detail() + "'");
    }
}
