package io.gossamer.agent;

import io.gossamer.ClusterEvent;
import io.gossamer.ClusterQuery;
import io.gossamer.LocalRefutation;
import io.gossamer.Membership;
import io.gossamer.MembershipEvent;

import jakarta.enterprise.event.Observes;

import java.time.Instant;

/**
 * Prints every membership event, cluster event, query and refutation the node fires as one line
 * on standard output.
 *
 * <p>Without a bean-defining annotation: the agent boots its container without discovery and adds
 * it by hand, as a {@code @Dependent} bean, beside the extension and the node.
 */
final class EventPrinter {

    void print(@Observes MembershipEvent event, Membership membership) {
        AgentConsole.print(AgentLine.event(AgentConsole.self(membership), event));
    }

    void print(@Observes ClusterEvent event, Membership membership) {
        AgentConsole.print(AgentLine.clusterEvent(AgentConsole.self(membership), event));
    }

    void print(@Observes LocalRefutation refutation) {
        AgentConsole.print(AgentLine.refuted(refutation));
    }

    /** The agent prints a query it matches (and acknowledges it if asked); it has nothing to answer. */
    void print(@Observes ClusterQuery query, Membership membership) {
        AgentConsole.print(AgentLine.query(AgentConsole.self(membership), Instant.now(), query));
    }
}
