package io.gossamer;

import java.time.Instant;
import java.util.Optional;

/**
 * A transition of one member in the local node's view, fired as a CDI event.
 *
 * <p>Every event carries the member as it is after the transition, its state before it (empty
 * when the member was not known), the pool in which it happened and when the local node
 * recorded it. Observing {@code MembershipEvent} receives every kind;
 * {@code [events-observed-type]} observing a subtype receives that kind only. Events are fired with the qualifiers {@link InPool} and {@link InDatacenter} of
 * the member they concern, so an observer can narrow what it receives:
 * <pre>{@code
 * void onDeath(@Observes @InDatacenter("dc1") MemberDead event) { ... }
 * void onAnyWan(@ObservesAsync @InPool(Pool.WAN) MembershipEvent event) { ... }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * Each carries an assertion id that the TCK cites.
 * <ul>
 * <li>{@code [events-exactly-once]} Every transition the local node records is delivered exactly
 *     once to each observer method whose observed type and qualifiers match it.</li>
 * <li>{@code [events-member-order]} Events about one member are delivered to a synchronous
 *     observer in the order of that member's transitions; each event's
 *     {@link #previousState()} is the state of the event before it about that member (empty for
 *     the first).</li>
 * <li>{@code [events-suspect-before-dead]} A member is suspected before it is declared dead: every
 *     {@link MemberDead} is preceded, for the same observer, by a {@link MemberSuspected} of that
 *     member (recorded at the same instant when the news of the death arrived first). A member that
 *     leaves gracefully, is force-left, or is removed by the cluster-mixing guard goes to
 *     {@link MemberLeft} without suspicion; {@link MemberLeft#reason()} says which.</li>
 * <li>{@code [events-local-join]} The local member's own join is an event, the first one about it,
 *     delivered once the node has started.</li>
 * <li>{@code [events-not-on-protocol-thread]} No observer, synchronous or asynchronous, is ever
 *     called on the thread that runs the protocol; a slow observer never delays probes or acks,
 *     so it cannot cause false suspicion of the local member.</li>
 * <li>{@code [events-observer-isolation]} An observer that throws does not stop delivery of the
 *     same event to other observers, nor of later events to any observer. Synchronous observers
 *     therefore cannot be notified through one {@code Event.fire}, which stops at the first
 *     observer that throws: an implementation resolves them
 *     ({@code BeanManager.resolveObserverMethods}, in the order of their {@code @Priority}, as
 *     {@code fire} would) and notifies each ({@code ObserverMethod.notify}), catching what each
 *     throws. {@code Event.fireAsync} already notifies every asynchronous observer.</li>
 * <li>{@code [events-async]} Observers declared with {@code @ObservesAsync} receive every event
 *     too; their relative order is not guaranteed.</li>
 * <li>{@code [events-failure-detected]} A member that stops answering is suspected, then declared
 *     dead unless it answers again first. With {@code n} members in the view, each live member
 *     suspects it within {@code 2 × (n − 1) × local-health-max-multiplier} probe intervals plus a probe
 *     timeout, and declares it dead at most the maximum suspicion timeout plus one probe interval
 *     after suspecting it (see {@link GossamerConfig#SUSPICION_MULT}).</li>
 * <li>{@code [events-suspicion-timeout]} A member suspects for at least the minimum suspicion
 *     timeout before it declares the member dead ({@link GossamerConfig#SUSPICION_MULT}), and for
 *     at least the maximum ({@link GossamerConfig#SUSPICION_MAX_TIMEOUT_MULT}) when no other member
 *     confirms the suspicion while at least {@code suspicion-mult} members are live: the timeout
 *     starts at the maximum and falls towards the minimum as other members independently suspect
 *     the same member (Lifeguard), so that a member suspected by one peer with a bad link has time
 *     to refute.</li>
 * <li>{@code [events-refuted]} A suspected member that answers again before its suspicion times
 *     out becomes ALIVE again ({@link MemberAlive}, with a higher incarnation), never DEAD.</li>
 * <li>{@code [events-qualifiers]} Every event is fired with {@code @InPool} of its pool and
 *     {@code @InDatacenter} of its member's datacenter; an observer without these qualifiers
 *     receives events of every pool and datacenter.</li>
 * </ul>
 * {@code [events-delivery-context]} Synchronous observers run on a delivery thread owned by the
 * node: the request scope is not active there, even for an event that the application's own call
 * (such as {@link Membership#updateTags(java.util.Map)}) caused.
 */
public sealed interface MembershipEvent
        permits MemberJoined, MemberSuspected, MemberAlive, MemberDead, MemberLeft, MemberUpdated, MemberDamped {

    /** {@return the member as it is after the transition} */
    Member member();

    /** {@return the member's state before the transition; empty if the member was unknown} */
    Optional<MemberState> previousState();

    /** {@return the pool the transition happened in} */
    Pool pool();

    /** {@return when the local node recorded the transition} */
    Instant at();
}
