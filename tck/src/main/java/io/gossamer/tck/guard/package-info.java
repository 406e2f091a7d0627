/**
 * The cluster-mixing guard's scenarios, tagged {@code guard}: each join the guard refuses fails
 * with its reason, and neither side records the other; a foreign member's record relayed by gossip
 * or state exchange is refused too; a member refused by another datacenter removes it for good;
 * with the guard off, datacenters mix.
 */
package io.gossamer.tck.guard;
