package io.gossamer.cdi.servers.helidon;

import io.gossamer.Member;
import io.gossamer.Membership;
import io.gossamer.cdi.servers.app.ObservedEvents;

import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The server tests' {@code /events} and {@code /member} ({@code app.EventsServlet}) on Helidon,
 * which has no servlet container: the same plain text, through JAX-RS. Added to the server tests'
 * application in the {@code helidon} profile only.
 */
@Path("/")
@RequestScoped
public class EventsResource {

    @Inject
    ObservedEvents events;

    @Inject
    Membership membership;

    /** The events the application's observer received, one a line. */
    @GET
    @Path("events")
    @Produces(MediaType.TEXT_PLAIN)
    public String events() {
        return events.lines().stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** The application's own member, {@code <name> <address>:<port> <state>}. */
    @GET
    @Path("member")
    @Produces(MediaType.TEXT_PLAIN)
    public String member() {
        Member m = membership.localMember();
        return m.name() + " " + m.address() + ":" + m.port() + " " + m.state() + "\n";
    }
}
