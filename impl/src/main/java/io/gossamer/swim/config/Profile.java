package io.gossamer.swim.config;

/**
 * Timing presets with memberlist's defaults ({@code DefaultLANConfig}, {@code DefaultWANConfig},
 * {@code DefaultLocalConfig}). Every value can be overridden afterwards.
 */
public enum Profile {
    /** A single datacenter network. */
    LAN,
    /** Links between datacenters: slower probes, longer suspicion. */
    WAN,
    /**
     * Loopback or one host: fast probes, short timeouts. Unlike memberlist's
     * {@code DefaultLocalConfig}, news is retransmitted as on a LAN (multiplier 4, not 2): with 2,
     * a small cluster's join or leave missed a member until its next push-pull in a few percent
     * of runs.
     */
    LOCAL
}
