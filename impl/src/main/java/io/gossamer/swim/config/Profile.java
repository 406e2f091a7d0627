package io.gossamer.swim.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Timing presets: memberlist's defaults ({@code DefaultLANConfig}, {@code DefaultWANConfig},
 * {@code DefaultLocalConfig}), and {@link #LAN_FAST}, ours. Every value can be overridden afterwards.
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
    LOCAL,
    /**
     * A single datacenter network, failures detected sooner than with {@link #LAN} for at most
     * twice its packets: probes twice as often, and a member whose host refuses the TCP probe
     * (nothing listens on its port: the process is gone) is declared dead after a short
     * suspicion instead of the full one. Not memberlist's timing: a cluster mixing it with
     * memberlist or {@code lan} nodes works, but detects at the pace of the node that probes.
     */
    LAN_FAST;

    /** The name configuration uses: {@code lan}, {@code wan}, {@code local}, {@code lan-fast}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The profile configuration calls {@code key}, if any. */
    public static Optional<Profile> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
    }
}
