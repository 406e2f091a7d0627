package io.gossamer.swim.metrics;

import io.gossamer.KeyResponse;
import io.gossamer.LocalRefutation;

import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time copy of what the protocol did at one node. Counters only grow while the node runs.
 *
 * @param probesAcked           probes whose target acked the direct ping within the probe timeout
 * @param probesAckedIndirectly probes acked after the probe timeout over UDP: through a relay's
 *                              indirect ping, or the direct ack arriving late
 * @param probesAckedOverTcp    probes answered only by the TCP fallback ping
 * @param probesFailed          probes that got no ack at all (the target was then suspected, unless
 *                              it already was)
 * @param pushPullsStarted      state exchanges this node opened, joins included
 * @param pushPullsServed       state exchanges a peer opened with this node
 * @param keyOperations         key operations this node started, by operation
 * @param keyRequestsServed     key operations of other members this node answered
 * @param refutations           refutations of news about the local member, by what the news claimed
 * @param suspicionsRaised      members of the view that became suspect (raised here or heard of)
 * @param suspicionsConfirmed   suspect members declared dead
 * @param suspicionsRefuted     suspect members alive again: they refuted
 */
public record ProtocolMetrics(long probesAcked, long probesAckedIndirectly, long probesAckedOverTcp,
                              long probesFailed, long pushPullsStarted, long pushPullsServed,
                              Map<KeyResponse.Operation, Long> keyOperations, long keyRequestsServed,
                              Map<LocalRefutation.Claim, Long> refutations, long suspicionsRaised,
                              long suspicionsConfirmed, long suspicionsRefuted) {

    public ProtocolMetrics {
        keyOperations = Map.copyOf(Objects.requireNonNull(keyOperations, "keyOperations"));
        refutations = Map.copyOf(Objects.requireNonNull(refutations, "refutations"));
    }

    /** Every probe concluded, whatever its outcome. */
    public long probes() {
        return probesAcked + probesAckedIndirectly + probesAckedOverTcp + probesFailed;
    }
}
