/**
 * Gossamer: SWIM group membership for CDI applications. Inject {@link io.gossamer.Membership} for
 * the view and observe {@link io.gossamer.MembershipEvent}s for its changes; configure through the
 * MicroProfile Config keys of {@link io.gossamer.GossamerConfig}.
 *
 * <h2>Health</h2>
 * Where MicroProfile Health is present, the node reports through three checks, all named
 * {@code gossamer} (a runtime adds checks of its own: look Gossamer's up by name).
 * <ul>
 * <li>{@code [health-liveness]} A {@code @Liveness} check, UP while the node runs and its local
 *     health is not at its worst; the number of reachable members plays no part in it. Local
 *     health (Lifeguard's) worsens by a step when a probe of the node's goes unanswered without
 *     the nacks that would show its own links are sound, and when it must refute a suspicion of
 *     itself; it recovers by a step with each probe answered. Its worst is
 *     {@code local-health-max-multiplier − 1} steps ({@link io.gossamer.GossamerConfig#LOCAL_HEALTH_MAX_MULTIPLIER}).</li>
 * <li>{@code [health-readiness]} A {@code @Readiness} check, DOWN until the node has joined (a
 *     seed answered, a peer joined it, or no seeds are configured) with at least
 *     {@code gossamer.readiness.min-members} members alive, itself included; UP from then while
 *     that holds; DOWN after {@link io.gossamer.Membership#leave()}. It is also DOWN while the
 *     node's peers hold it {@link io.gossamer.MemberState#DAMPED} (it keeps refuting suspicions of
 *     itself: a lossy link or a stalling process), and then says why in its data.</li>
 * <li>{@code [health-startup]} A {@code @Startup} check, UP once the node's sockets are bound and
 *     its first join attempt has finished.</li>
 * </ul>
 * A node's members, joins and health score here are those of its LAN pool.
 * {@code [health-lan-only]} A server's WAN pool (see {@link io.gossamer.Pool#WAN}) never changes
 * the status of a check: a server cut off from the other datacenters (its WAN seeds unanswered, its
 * WAN members gone) still serves its own.
 */
package io.gossamer;
