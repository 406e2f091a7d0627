package io.gossamer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An application's event, sent by one member to every member of its pool with
 * {@link Membership#sendEvent(String, byte[])} (Serf's user events), fired as a CDI event on each.
 * Observe it like a membership event, all of them or one name only:
 * <pre>{@code
 * void onAny(@Observes ClusterEvent event) { ... }
 * void onInvalidate(@Observes @EventName("cache-invalidate") ClusterEvent event) { ... }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>{@code [cluster-events-everywhere]} An event sent by a member is delivered to every member
 *     that is ALIVE in the sender's pool while it spreads, the sender included, and to no member
 *     of another pool or cluster; it spreads with the news of the pool, so its delivery time is
 *     that of a membership change, and a member that missed every copy (gossip reaches everyone
 *     with high probability, not certainty) delivers it at its next state exchange, which carries
 *     the recent events. A member that joins later does not deliver the events sent before it
 *     joined.</li>
 * <li>{@code [cluster-events-once]} Each member delivers an event at most once to each matching
 *     observer method, however many copies of it arrive.</li>
 * <li>{@code [cluster-events-origin-order]} The events of one sender are delivered in the order it
 *     sent them. A member holds an event whose predecessor from the same sender has not arrived, for
 *     as long as copies of news keep coming (retransmit-mult × ⌈log10(n + 1)⌉ gossip intervals);
 *     a predecessor that has not come by then is given up on, and delivered when a state exchange
 *     brings it, after its successors: late, but once.</li>
 * <li>{@code [cluster-events-qualifiers]} Every event is fired with {@code @InPool} of its pool and
 *     {@code @EventName} of its name: an observer with {@code @EventName("x")} receives the events
 *     named {@code x} only, one without it every event.</li>
 * <li>{@code [cluster-events-delivery]} Events are delivered as membership events are: never on
 *     the thread that runs the protocol, synchronous observers one by one (one that throws stops
 *     neither the others nor later events), and to {@code @ObservesAsync} observers too; the
 *     sender's own event and the membership events of its pool go out on the same ordered
 *     delivery thread.</li>
 * <li>{@code [cluster-events-size]} Name and payload together take at most 512 bytes (the name
 *     in UTF-8); a name is 1 to 255 bytes without white space or control characters.
 *     {@link Membership#sendEvent} refuses anything else with an {@link IllegalArgumentException}
 *     that says which limit and by how much, and sends nothing.</li>
 * </ul>
 *
 * @param name        the event's name, chosen by the sender
 * @param payload     the sender's bytes, up to the size limit; a copy is returned each time
 * @param origin      the name of the member that sent it
 * @param lamportTime the sender's Lamport time for it: larger than that of every event the sender
 *                    had sent or delivered before sending it
 * @param coalesce    whether the sender lets receivers that coalesce events deliver only the
 *                    latest of this name
 * @param pool        the pool it was sent in
 * @param at          when the local node delivered it (for the sender: when it was sent)
 */
public record ClusterEvent(String name, byte[] payload, String origin, long lamportTime, boolean coalesce, Pool pool,
                           Instant at) {

    /**
     * The event as delivered.
     *
     * @param name        the event's name
     * @param payload     the sender's bytes; copied
     * @param origin      the name of the member that sent it
     * @param lamportTime the sender's Lamport time for it
     * @param coalesce    whether the sender lets receivers coalesce it
     * @param pool        the pool it was sent in
     * @param at          when the local node delivered it
     * @throws NullPointerException if a component is null
     */
    public ClusterEvent {
        Objects.requireNonNull(name, "name");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return the payload decoded as UTF-8} */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterEvent e && e.name.equals(name) && Arrays.equals(e.payload, payload)
                && e.origin.equals(origin) && e.lamportTime == lamportTime && e.coalesce == coalesce
                && e.pool == pool && e.at.equals(at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(payload), origin, lamportTime, pool);
    }

    @Override
    public String toString() {
        return "ClusterEvent[" + name + " from " + origin + " at " + lamportTime + ", " + payload.length + " bytes, "
                + pool + "]";
    }
}
