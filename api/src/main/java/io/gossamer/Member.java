package io.gossamer;

import java.util.Map;
import java.util.Objects;

/**
 * A member of a pool as the local node currently sees it. Immutable.
 *
 * @param name        unique name of the member within its pool
 * @param address     the IP address (literal) the member advertises for gossip
 * @param port        the UDP and TCP port the member advertises
 * @param cluster     the cluster the member belongs to
 * @param datacenter  the member's datacenter
 * @param role        the member's role, for example {@code server} or {@code client}
 * @param tags        application metadata, never {@code null}; an unmodifiable copy
 * @param incarnation the member's incarnation number: only the member itself increases it; a
 *                    member restarted under the same name starts again from 0
 * @param state       the member's state in the local view
 */
public record Member(
        String name,
        String address,
        int port,
        String cluster,
        String datacenter,
        String role,
        Map<String, String> tags,
        long incarnation,
        MemberState state) {

    /**
     * The member as seen.
     *
     * @param name        unique name of the member within its pool
     * @param address     the IP address (literal) the member advertises for gossip
     * @param port        the UDP and TCP port the member advertises
     * @param cluster     the cluster the member belongs to
     * @param datacenter  the member's datacenter
     * @param role        the member's role, for example {@code server} or {@code client}
     * @param tags        application metadata; copied
     * @param incarnation the member's incarnation number
     * @param state       the member's state in the local view
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if {@code port} is not 0..65535
     */
    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * This member with another state.
     *
     * @param newState the state of the copy
     * @return a copy of this member in {@code newState}
     */
    public Member withState(MemberState newState) {
        return new Member(name, address, port, cluster, datacenter, role, tags, incarnation, newState);
    }
}
