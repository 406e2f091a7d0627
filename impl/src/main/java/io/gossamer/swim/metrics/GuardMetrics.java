package io.gossamer.swim.metrics;

import io.gossamer.RefusalReason;
import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time copy of what the cluster-mixing guard did. Counters only grow while the node
 * runs. Map keys are {@link RefusalReason} names; reasons never seen are absent.
 *
 * @param enabled           whether the guard is on now
 * @param foreignLabels     datagrams and streams with a label not ours (and not let in with the
 *                          guard off), by how the label differs; their sum is the codec's
 *                          {@code LABEL_MISMATCH} drops
 * @param refusalsSent      refusals sent back: one per refused stream, and datagram refusals
 *                          within the rate limit
 * @param refusalsSuppressed datagram refusals not sent: over the per-address or global rate limit,
 *                          or larger than the datagram they answer
 * @param refusalsReceived  refusals received in datagrams (peers that refuse us); refusals of our
 *                          streams show in join results and shed members instead
 * @param refusedRecords    member records (alive messages, push-pull records, join requests)
 *                          refused by the guard's membership checks, by reason
 * @param membersShed       members the guard removed from the view (recorded LEFT with a reason)
 * @param repliesWithheld   replies to datagrams not sent so that no datagram makes this node send
 *                          more than one datagram back, nor more bytes than it holds to an address
 *                          where no member lives: acks that did not fit the one reply, indirect
 *                          pings beyond the first of a datagram or from such an address
 * @param newMembersLimited new members refused because a host where no member is (a stranger) had
 *                          introduced its share lately ({@code impl/README.md}, "Hostile input")
 * @param newMembersRefused new members refused because the view held {@code maxMembers}, every one
 *                          ALIVE or SUSPECT
 * @param membersEvicted    DEAD or LEFT members forgotten early to make room in a full view
 */
public record GuardMetrics(
        boolean enabled,
        Map<String, Long> foreignLabels,
        long refusalsSent,
        long refusalsSuppressed,
        long refusalsReceived,
        Map<String, Long> refusedRecords,
        long membersShed,
        long repliesWithheld,
        long newMembersLimited,
        long newMembersRefused,
        long membersEvicted) {

    public GuardMetrics {
        foreignLabels = Map.copyOf(Objects.requireNonNull(foreignLabels, "foreignLabels"));
        refusedRecords = Map.copyOf(Objects.requireNonNull(refusedRecords, "refusedRecords"));
    }
}
