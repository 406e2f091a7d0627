package io.gossamer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A member is no longer part of the pool on purpose: it left, it was force-left, or the
 * cluster-mixing guard removed it from a pool it does not belong to. {@link #reason()} says which.
 *
 * <p>Every {@code MemberLeft} carries a reason:
 * <ul>
 * <li>{@link Reason#LEFT}: {@code [events-left-reason]} a leave message, sent by the member itself
 *     ({@link Membership#leave()}, or stopping the application) or on its behalf by
 *     {@link Membership#forceLeave(String)}; every member of the pool records it, with this
 *     reason.</li>
 * <li>{@link Reason#FOREIGN_DATACENTER}: in a LAN pool, the member belongs to another datacenter.
 *     The local node removed it when the guard ({@code gossamer.guard.enabled}) was turned on
 *     with the member in its view, or when the member itself refused a reconnect, a state
 *     exchange or a probe because it is in another datacenter (it was moved there, or its guard
 *     is on while the local node's is not). Each node records this for itself (the news is not
 *     gossiped) and from then on refuses the member's records, from gossip and from state
 *     exchange alike, whether the guard stays on or not: the member does not come back unless it
 *     rejoins with this pool's datacenter. {@code [guard-untangle]} A member that refuses the
 *     local node's probes is removed no later than it would have been suspected had it
 *     stopped answering ({@code [events-failure-detected]}), and is not suspected first. Only a
 *     refusal over a stream counts (a state exchange, or the TCP fallback probe, which
 *     {@code gossamer.disable-tcp-pings} turns off): a datagram's sender can be forged.</li>
 * <li>{@link Reason#NOT_A_WAN_MEMBER}: in the WAN pool, the member is not a server (or its name
 *     is not {@code <node>.<datacenter>}), or a LAN pool (a client, or a server's LAN port) now
 *     answers at its address and refuses the local node's probe, state exchange or reconnect;
 *     removed and refused as for {@code FOREIGN_DATACENTER}.</li>
 * <li>{@link Reason#NAME_CONFLICT}: {@code [membership-name-conflict]} only ever about the local
 *     member: another process runs under this member's name and started later, so it holds the
 *     name (a restarted member is known at once, without waiting for its old process to be found
 *     dead). Every member of the pool holds the later process under the name; this process, once
 *     the later one has answered it under that name (a claim nobody backs is not yielded to), records
 *     its own member LEFT, stops taking part (it neither probes, gossips nor refutes), and its
 *     readiness is DOWN, its data naming the address that holds the name (in a value containing
 *     {@code <address>:<port>} as that process advertises it). Give each process its own name.</li>
 * </ul>
 * In every case the member was not suspected first.
 *
 * @param member        the member as it is after the transition (state LEFT)
 * @param previousState its state before
 * @param pool          the pool the transition happened in
 * @param at            when the local node recorded it
 * @param reason        why the member is no longer part of the pool
 */
public record MemberLeft(Member member, Optional<MemberState> previousState, Pool pool, Instant at, Reason reason)
        implements MembershipEvent {

    /**
     * The event as recorded.
     *
     * @param member        the member as it is after the transition
     * @param previousState its state before; empty if the member was unknown
     * @param pool          the pool the transition happened in
     * @param at            when the local node recorded it
     * @param reason        why the member is no longer part of the pool
     * @throws NullPointerException if a component is null
     */
    public MemberLeft {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(previousState, "previousState");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a member is recorded LEFT. */
    public enum Reason {
        /** A leave message: the member's own, or a force-leave on its behalf. */
        LEFT,
        /** The guard removed a member of another datacenter from this LAN pool. */
        FOREIGN_DATACENTER,
        /** The guard removed a member that is not a server, or is misnamed, from the WAN pool. */
        NOT_A_WAN_MEMBER,
        /** A later start of another process under the local member's name took the name over. */
        NAME_CONFLICT
    }
}
