package io.gossamer.tck.spi;

import io.gossamer.ClusterEvent;
import io.gossamer.MembershipEvent;

import java.util.Map;
import java.util.function.Consumer;

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
     * @param listener      called with every transition the peer records, in order for each
     *                      member, never concurrently; the TCK records them and waits on them
     * @throws IllegalArgumentException if the configuration is invalid
     */
    default Peer start(Map<String, String> configuration, Consumer<MembershipEvent> listener) {
        return start(configuration, listener, event -> { });
    }

    /**
     * {@link #start(Map, Consumer)}, with a listener of the cluster events the peer delivers.
     *
     * @param configuration as for {@link #start(Map, Consumer)}
     * @param listener      as for {@link #start(Map, Consumer)}
     * @param clusterEvents called with every {@link ClusterEvent} the peer delivers (its own
     *                      included), in the order it delivers them, never concurrently with each
     *                      other nor with {@code listener}: as the peer's observers would receive them
     * @throws IllegalArgumentException if the configuration is invalid
     */
    Peer start(Map<String, String> configuration, Consumer<MembershipEvent> listener,
               Consumer<ClusterEvent> clusterEvents);
}
