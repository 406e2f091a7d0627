package io.gossamer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * A query asked by a member with {@link Membership#query} (Serf's queries), fired as a CDI event at
 * every member that matches its filters, the asker included. An observer answers it, at once or
 * later from any thread, before its {@link #deadline()}:
 * <pre>{@code
 * void load(@Observes @EventName("load") ClusterQuery query) {
 *     query.respond(String.valueOf(currentLoad()).getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>{@code [queries-filters]} A query is delivered to the members that match its
 *     {@link QueryOptions}, and only to them: each ALIVE member of the asker's pool whose name is
 *     among {@link QueryOptions#nodes()} (if any are named) and in each of whose tags the pattern
 *     of {@link QueryOptions#tags()} is found. Each delivers it at most once to each matching
 *     observer, fired with {@code @InPool} of its pool and {@code @EventName} of its name, as
 *     cluster events are ({@code [cluster-events-delivery]}).</li>
 * <li>{@code [queries-ack]} With {@link QueryOptions#requestAck()}, every member that delivers the
 *     query acknowledges it to the asker as it delivers it, whether or not it answers.</li>
 * <li>{@code [queries-answer-once]} {@link #respond(byte[])} answers once: a second call fails
 *     with {@link IllegalStateException}, as does one after the deadline; the asker takes each
 *     member's first answer and acknowledgement only, however many copies arrive.</li>
 * <li>{@code [queries-size]} A query's name, payload and filters take at most 1024 bytes encoded
 *     (the name: 1 to 255 bytes, an identifier), and an answer's payload a little under 1024:
 *     beyond, {@link Membership#query} and {@link #respond(byte[])} fail with
 *     {@link IllegalArgumentException} naming the sizes, and nothing is sent.</li>
 * </ul>
 */
public interface ClusterQuery {

    /** {@return the query's name} */
    String name();

    /** {@return a copy of the asker's payload} */
    byte[] payload();

    /** {@return the payload decoded as UTF-8} */
    default String payloadAsString() {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    /** {@return the name of the member that asked} */
    String origin();

    /** {@return the asker's Lamport time for the query} */
    long lamportTime();

    /** {@return the pool the query was asked in} */
    Pool pool();

    /** {@return until when this member may answer: when it received the query plus the query's timeout} */
    Instant deadline();

    /**
     * Answers the query; the answer goes to the asker directly and through the query's relays.
     *
     * @param answer the bytes to send back
     * @return completes once the answer has been sent; exceptionally with
     *         {@link IllegalStateException} if the query was already answered here or its deadline has
     *         passed, with {@link IllegalArgumentException} if the answer is too large
     */
    CompletionStage<Void> respond(byte[] answer);
}
