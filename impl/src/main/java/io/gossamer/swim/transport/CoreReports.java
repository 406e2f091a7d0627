package io.gossamer.swim.transport;

import io.gossamer.LocalRefutation;
import io.gossamer.Member;
import io.gossamer.swim.core.MemberChange;
import io.gossamer.swim.wire.Message.Query;
import io.gossamer.swim.wire.Message.UserEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * What a running core reports for the application, each with the wall-clock time the core reported
 * it. Handed on in the core's order on the event loop, once the view of the call that reported it
 * is published: implementations must not block.
 */
public interface CoreReports {

    /** A membership change. */
    void changed(MemberChange change, Instant at);

    /** A cluster event to deliver. */
    void delivered(UserEvent event, Instant at);

    /** A query to deliver. */
    void queried(Query query, Instant at);

    /** The local member refuted news about itself ({@link io.gossamer.swim.core.CoreOutput#refuted}). */
    void refuted(Member self, LocalRefutation.Claim claimed, Optional<String> accuser, Instant at);
}
