package io.gossamer;

/** The gossip pool a member was seen in. */
public enum Pool {
    /** The pool of one {@code (cluster, datacenter)}: every node is in it. */
    LAN,
    /** The pool of a cluster's servers across datacenters. */
    WAN
}
