package io.gossamer.tck.spi;

import java.util.Map;

/**
 * What an implementation provides so that TCK tests can run other nodes beside the deployment
 * under test: the TCK starts peers, joins them to the deployment, and crashes, pauses or stops
 * them. Found through {@link java.util.ServiceLoader} with the thread context class loader, from
 * inside the deployment (tests run in the container), so the implementation's runner must make
 * the provider visible there.
 *
 * <p>Peers run in the same process as the deployment or in processes of their own; they bind
 * {@code 127.0.0.1}, on ephemeral ports unless their configuration fixes one.
 */
public interface Peers {

    /**
     * Starts a peer and returns once it is running and reachable. The peer does not join anyone
     * until {@link Peer#join} is called.
     *
     * @param configuration Gossamer configuration keys and values, as the deployment would read
     *                      them from MicroProfile Config ({@code gossamer.cluster},
     *                      {@code gossamer.node-name}, {@code gossamer.bind-address},
     *                      {@code gossamer.bind-port}, the timing keys, {@code gossamer.tags.*}).
     *                      Every {@code gossamer.*} key is honoured exactly as a deployment honours
     *                      it: role, datacenter, profiles, the guard, encryption, advertise
     *                      addresses and ports, {@code max-members}, reconnect and tombstone times,
     *                      and the rest of {@link io.gossamer.GossamerConfig}. The port may be fixed:
     *                      {@code gossamer.bind-port} (and, for a server,
     *                      {@code gossamer.wan.bind-port}) other than {@code 0} must be bound as
     *                      given, so that a peer can appear at an address the scenario chose.
     *                      {@code gossamer.seeds}, {@code gossamer.wan.seeds} and
     *                      {@code gossamer.enabled} are never given: the TCK calls {@link Peer#join}
     * @param observer      called as the peer's CDI observers would be: with every transition
     *                      the peer records (in order for each member), every
     *                      {@link io.gossamer.ClusterEvent} it delivers (its own included) and
     *                      every {@link io.gossamer.ClusterQuery} it matches (its own included), in
     *                      the order the peer delivers them, never concurrently; a query may be
     *                      answered then or later, from any thread. The TCK records them and
     *                      waits on them
     * @throws IllegalArgumentException if the configuration is invalid
     */
    Peer start(Map<String, String> configuration, PeerObserver observer);
}
