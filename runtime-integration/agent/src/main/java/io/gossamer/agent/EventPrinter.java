package io.gossamer.agent;

import io.gossamer.Membership;
import io.gossamer.MembershipEvent;

import jakarta.enterprise.event.Observes;

/**
 * Prints every membership event the node fires as one line on standard output.
 *
 * <p>Deliberately without a bean-defining annotation: this class ships in the extension's jar,
 * an {@code annotated} bean archive, and must not become a bean of applications that use the
 * extension (it would print their events). The agent adds it to its container by hand, as a
 * {@code @Dependent} bean.
 */
final class EventPrinter {

    void print(@Observes MembershipEvent event, Membership membership) {
        AgentConsole.print(AgentLine.event(AgentConsole.self(membership), event));
    }
}
