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
    /** Loopback or one host: fast probes, short timeouts. */
    LOCAL
}
