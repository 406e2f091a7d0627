package io.gossamer.cdi.servers.app;

import io.gossamer.Member;
import io.gossamer.Membership;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * What the application sees, read by the client-side tests over HTTP as plain text:
 * {@code GET /events} the events its observer received, one a line; {@code GET /member} its own
 * member as {@code <name> <address>:<port> <state>}.
 */
@WebServlet(urlPatterns = {"/events", "/member"})
public class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ObservedEvents events;

    @Inject
    Membership membership;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        if (request.getServletPath().equals("/member")) {
            Member m = membership.localMember();
            out.println(m.name() + " " + m.address() + ":" + m.port() + " " + m.state());
        } else {
            events.lines().forEach(out::println);
        }
    }
}
