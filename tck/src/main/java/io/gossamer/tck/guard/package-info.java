/**
 * The cluster-mixing guard's scenarios, tagged {@code guard}: each of the four joins the guard
 * refuses fails with its reason, and neither side records the other.
 */
package io.gossamer.tck.guard;
