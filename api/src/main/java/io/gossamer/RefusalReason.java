package io.gossamer;

/**
 * Why the cluster-mixing guard refused a peer, a join or a member record. The refusal a node
 * sends back carries one, so the refused side learns why; each reason has a fixed wire code.
 *
 * <p>Labels name cluster, pool and, for a LAN pool, datacenter: {@code prod/lan/dc1},
 * {@code prod/wan}. A peer whose label differs from ours is classified by comparing the two, in
 * this order: another cluster first, then the pools, then the datacenters.
 */
public enum RefusalReason {

    /** The peer belongs to another cluster, even if its datacenter has the same name as ours. */
    FOREIGN_CLUSTER(1, "the peer belongs to another cluster"),
    /**
     * A LAN member of another datacenter reached this LAN pool; or, in a member record, a member
     * of another datacenter was offered to this LAN pool.
     */
    FOREIGN_DATACENTER(2, "the peer is in the LAN pool of another datacenter"),
    /**
     * A LAN member (a client, or a server's LAN port) reached the WAN pool; or, in a member record,
     * a member that is not a server was offered to the WAN pool. Only servers are WAN members.
     */
    NOT_A_WAN_MEMBER(3, "only servers are members of the WAN pool, through their WAN port"),
    /** A WAN member reached the LAN port of a node that is not a server. */
    NOT_A_SERVER(4, "the node is not a server, so it has no WAN pool"),
    /**
     * A WAN member reached the LAN port of a server: the server's WAN pool listens on its WAN
     * port (default 7951).
     */
    SERVER_LAN_PORT(5, "this is a server's LAN port; its WAN pool listens on its WAN port"),
    /**
     * {@code [guard-foreign-label]} The labels differ in a way that is none of the above (a custom
     * or malformed label).
     */
    FOREIGN_LABEL(6, "the peer's packet label differs from ours"),
    /**
     * {@code [guard-wan-name-mismatch]} In a member record offered to the WAN pool: the name is not
     * {@code <node>.<datacenter>} of the record's own datacenter; the record is refused.
     */
    WAN_NAME_MISMATCH(7, "a WAN member's name must be <node>.<datacenter>");

    private final int code;
    private final String description;

    RefusalReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** {@return the reason's wire code, 1..255; fixed forever once released} */
    public int code() {
        return code;
    }

    /** {@return one sentence for people: what the reason means} */
    public String description() {
        return description;
    }

    /**
     * The reason with wire code {@code code}. A code this build does not know (sent by a newer
     * node) reads as {@link #FOREIGN_LABEL}: still a refusal, with the least specific reason.
     *
     * @param code a wire code
     * @return its reason, or {@link #FOREIGN_LABEL} for an unknown code
     */
    public static RefusalReason ofCode(int code) {
        for (RefusalReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return FOREIGN_LABEL;
    }
}
