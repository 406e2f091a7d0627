package io.gossamer.swim.coordinate;

/**
 * The tuning of {@link Vivaldi}, Serf's ({@code coordinate/config.go}), whose values come from the
 * Vivaldi paper and Serf's own measurements; units are seconds.
 *
 * @param dimensions        dimensions of the Euclidean part
 * @param errorMax          the largest (and starting) error estimate
 * @param ce                how fast the error estimate follows new samples
 * @param cc                how far one sample moves the coordinate
 * @param adjustmentWindow  samples averaged into the adjustment term; 0 turns it off
 * @param heightMin         the smallest height
 * @param latencyFilterSize round trips per peer whose median is used (spikes filtered out)
 * @param gravityRho        how strongly coordinates are pulled back to the origin, so that the
 *                          whole cluster does not drift
 */
public record VivaldiSettings(int dimensions, double errorMax, double ce, double cc, int adjustmentWindow,
                              double heightMin, int latencyFilterSize, double gravityRho) {

    /** Serf's defaults. */
    public static final VivaldiSettings SERF = new VivaldiSettings(8, 1.5, 0.25, 0.25, 20, 10.0e-6, 3, 150.0);

    public VivaldiSettings {
        if (dimensions < 1 || latencyFilterSize < 1 || adjustmentWindow < 0) {
            throw new IllegalArgumentException("dimensions and filter size at least 1, window not negative");
        }
    }
}
