package io.gossamer.swim.sim;

/** The master seed of one simulated run, injected by {@link SimSeedExtension}. */
public record SimSeed(long value, boolean overridden) {
}
