/**
 * Scenarios on the network between members, placed with a {@link io.gossamer.tck.support.Relay}: a
 * node advertising a relay's port is reached through it, and the relay drops or counts what passes.
 */
package io.gossamer.tck.network;
