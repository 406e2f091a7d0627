package io.gossamer.swim.metrics;

/**
 * A point-in-time copy of what became of queries at one node. Counters only grow while the node
 * runs.
 *
 * @param asked             queries this node asked
 * @param delivered         queries delivered to the application (this node matched their filters)
 * @param answered          answers the application gave
 * @param responses         first acknowledgements and answers received to this node's queries
 * @param duplicates        copies of queries, acknowledgements and answers already taken, dropped
 * @param late              acknowledgements and answers to queries whose deadline had passed, dropped
 * @param relayed           responses passed on to their asker for another member
 * @param relaysRefused     relays not passed on: the address was not the asker's as this node knows it
 * @param strangers         queries whose asker is not a member of this node's view, dropped
 * @param badPatterns       tag patterns that did not compile or read too much to decide, taken as no match
 */
public record QueryMetrics(long asked, long delivered, long answered, long responses, long duplicates, long late,
                           long relayed, long relaysRefused, long strangers, long badPatterns) {
}
