package io.gossamer.swim.metrics;

/**
 * A point-in-time copy of what became of cluster events at one node. Counters only grow while the
 * node runs.
 *
 * @param sent       events this node sent
 * @param delivered  events taken to be delivered to the application, its own included (those then
 *                   coalesced away are counted in {@code coalesced} too)
 * @param duplicates copies of events already delivered (or given up on) that were dropped
 * @param gaps       missing predecessors given up on: a later event of the same sender was
 *                   delivered without it, after waiting as long as news is retransmitted
 * @param recoveredLate events given up on that came after all (a state exchange brings the
 *                   recent events), delivered then, after their successors
 * @param coalesced  events taken but not delivered: a later one of their name, sent to be coalesced,
 *                   was delivered in their place ({@code gossamer.event-coalesce-period})
 * @param stale      events of an earlier start of their sender, dropped: that sender's chain has ended
 * @param strangers  events whose sender is not a member of this node's view, dropped
 */
public record EventMetrics(long sent, long delivered, long duplicates, long gaps, long recoveredLate,
                           long coalesced, long stale, long strangers) {
}
