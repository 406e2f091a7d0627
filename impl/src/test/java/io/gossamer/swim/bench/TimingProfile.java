package io.gossamer.swim.bench;

/**
 * The timing presets every compared system must map onto its own settings: memberlist's
 * {@code DefaultLANConfig} and {@code DefaultLocalConfig}, which Serf uses as they are.
 */
public enum TimingProfile {
    LAN,
    LOCAL
}
