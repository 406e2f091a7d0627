package io.gossamer.swim.config;

import io.gossamer.GossamerConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.gossamer.swim.config.Setting.Scope.NODE;
import static io.gossamer.swim.config.Setting.Scope.PROFILE;

/**
 * The table of the engine's tunable settings: each one's key, its default in the {@code lan},
 * {@code wan} and {@code local} profiles (memberlist's {@code DefaultLANConfig},
 * {@code DefaultWANConfig}, {@code DefaultLocalConfig}) and in {@code lan-fast} (ours), and its
 * allowed range. {@link SwimConfig}
 * takes its defaults from here and refuses what lies outside; the CDI extension reads every key
 * of this table and checks it against the same ranges. {@link io.gossamer.GossamerConfig}'s javadoc
 * and the READMEs write the same values, and a test holds them to this table.
 */
public final class Settings {

    /** Time between probes of successive members (before local health stretches it). */
    public static final Setting<Duration> PROBE_INTERVAL = Setting.duration("probeInterval",
            GossamerConfig.PROBE_INTERVAL, PROFILE, "1s", "5s", "1s", "500ms", "10ms", "1m");
    /** Wait for a direct ack before asking others to probe; shorter than the probe interval too. */
    public static final Setting<Duration> PROBE_TIMEOUT = Setting.duration("probeTimeout",
            GossamerConfig.PROBE_TIMEOUT, PROFILE, "500ms", "3s", "200ms", "250ms", "1ms", "1m");
    /** Members asked to probe on our behalf. */
    public static final Setting<Integer> INDIRECT_CHECKS = Setting.integer("indirectChecks",
            GossamerConfig.INDIRECT_CHECKS, PROFILE, 3, 3, 1, 3, 0, 16);
    /** Each piece of news is sent retransmitMult·⌈log10(n+1)⌉ times. */
    public static final Setting<Integer> RETRANSMIT_MULT = Setting.integer("retransmitMult",
            GossamerConfig.RETRANSMIT_MULT, PROFILE, 4, 4, 4, 4, 1, 100);
    /** Minimum suspicion = suspicionMult·max(1, log10 n)·probeInterval. */
    public static final Setting<Integer> SUSPICION_MULT = Setting.integer("suspicionMult",
            GossamerConfig.SUSPICION_MULT, PROFILE, 4, 6, 3, 8, 1, 100);
    /** Maximum suspicion = suspicionMaxTimeoutMult·minimum. */
    public static final Setting<Integer> SUSPICION_MAX_TIMEOUT_MULT = Setting.integer("suspicionMaxTimeoutMult",
            GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, PROFILE, 6, 6, 6, 6, 1, 100);
    /**
     * A suspicion of a member whose host refused our TCP probe (nothing listens on its port: the
     * process is gone, not merely silent) ends this long after the refusal, however few members
     * confirm it; zero turns the evidence off, and the suspicion runs Lifeguard's timeout.
     */
    public static final Setting<Duration> REFUSED_SUSPICION_TIMEOUT = Setting.duration("refusedSuspicionTimeout",
            GossamerConfig.REFUSED_SUSPICION_TIMEOUT, PROFILE, "0s", "0s", "0s", "500ms", "0s", "1m");
    /**
     * A suspicion raised by our own probe, during which the suspect's host did not even connect to
     * our TCP probe (it is down or cut off from us; a paused process's host still connects), ends
     * this long after it started; zero turns the evidence off.
     */
    public static final Setting<Duration> UNREACHABLE_SUSPICION_TIMEOUT = Setting.duration(
            "unreachableSuspicionTimeout", GossamerConfig.UNREACHABLE_SUSPICION_TIMEOUT, PROFILE, "0s", "0s", "0s",
            "1500ms", "0s", "1m");
    /** The probe interval stretches up to this factor while the local node is unhealthy. */
    public static final Setting<Integer> LOCAL_HEALTH_MAX_MULTIPLIER = Setting.integer("localHealthMaxMultiplier",
            GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER, PROFILE, 8, 8, 8, 8, 1, 100);
    /** Time between gossip rounds; zero disables the gossip timer. */
    public static final Setting<Duration> GOSSIP_INTERVAL = Setting.duration("gossipInterval",
            GossamerConfig.GOSSIP_INTERVAL, PROFILE, "200ms", "500ms", "100ms", "200ms", "0s", "1m");
    /** Members sent news each gossip round. */
    public static final Setting<Integer> GOSSIP_NODES = Setting.integer("gossipNodes",
            GossamerConfig.GOSSIP_NODES, PROFILE, 3, 4, 3, 3, 0, 64);
    /** Gossip targets drawn in proportion to d^(-a) of their estimated round trip d; 0 draws uniformly. */
    public static final Setting<Integer> SPATIAL_GOSSIP_EXPONENT = Setting.integer("spatialGossipExponent",
            GossamerConfig.SPATIAL_GOSSIP_EXPONENT, PROFILE, 0, 2, 0, 0, 0, 4);
    /** Dead members keep receiving gossip this long, so they can refute. */
    public static final Setting<Duration> GOSSIP_TO_THE_DEAD_TIME = Setting.duration("gossipToTheDeadTime",
            GossamerConfig.GOSSIP_TO_THE_DEAD_TIME, PROFILE, "30s", "60s", "15s", "30s", "0s", "24h");
    /** Full state exchange period (scaled up beyond 32 members); zero disables it. */
    public static final Setting<Duration> PUSH_PULL_INTERVAL = Setting.duration("pushPullInterval",
            GossamerConfig.PUSH_PULL_INTERVAL, PROFILE, "30s", "60s", "15s", "30s", "0s", "24h");
    /** Connect, read and write deadline of a stream. */
    public static final Setting<Duration> TCP_TIMEOUT = Setting.duration("tcpTimeout",
            GossamerConfig.TCP_TIMEOUT, PROFILE, "10s", "30s", "1s", "10s", "1ms", "10m");
    /** How often a push-pull with a random dead member is attempted. */
    public static final Setting<Duration> RECONNECT_INTERVAL = Setting.duration("reconnectInterval",
            GossamerConfig.RECONNECT_INTERVAL, "30s", "1s", "24h");
    /** Dead members are tried (and remembered) this long, then forgotten. */
    public static final Setting<Duration> RECONNECT_TIMEOUT = Setting.duration("reconnectTimeout",
            GossamerConfig.RECONNECT_TIMEOUT, "24h", "0s", "365d");
    /** Left members are remembered this long, then forgotten. */
    public static final Setting<Duration> TOMBSTONE_TIMEOUT = Setting.duration("tombstoneTimeout",
            GossamerConfig.TOMBSTONE_TIMEOUT, "24h", "0s", "365d");
    /** After this, a dead member's name may come back on another address; zero means never. */
    public static final Setting<Duration> DEAD_NODE_RECLAIM_TIME = Setting.duration("deadNodeReclaimTime",
            GossamerConfig.DEAD_NODE_RECLAIM_TIME, "0s", "0s", "365d");
    /** Do not run the TCP fallback probe. */
    public static final Setting<Boolean> DISABLE_TCP_PINGS = Setting.flag("disableTcpPings",
            GossamerConfig.DISABLE_TCP_PINGS, false);
    /** Coalescible cluster events are held at most this long before the latest of each name is delivered; 0 is off. */
    public static final Setting<Duration> EVENT_COALESCE_PERIOD = Setting.duration("eventCoalescePeriod",
            GossamerConfig.EVENT_COALESCE_PERIOD, "0s", "0s", "1m");
    /** Held coalescible events are delivered once none has come for this long; 0 is off. */
    public static final Setting<Duration> EVENT_QUIESCENT_PERIOD = Setting.duration("eventQuiescentPeriod",
            GossamerConfig.EVENT_QUIESCENT_PERIOD, "0s", "0s", "1m");
    /** Keep no network coordinate, send none with acks (Serf's {@code DisableCoordinates}). */
    public static final Setting<Boolean> DISABLE_COORDINATES = Setting.flag("disableCoordinates",
            GossamerConfig.DISABLE_COORDINATES, false);
    /**
     * Largest datagram in bytes: from the IPv4 minimum reassembly size to the UDP payload limit
     * over IPv4. The engine also checks that the local member's own alive message fits, since
     * news that fits no packet can never spread.
     */
    public static final Setting<Integer> PACKET_SIZE = Setting.integer("packetSize",
            GossamerConfig.PACKET_SIZE, 1400, 576, 65_507);
    /**
     * Most members the view holds, the local one and DEAD and LEFT ones included. It bounds the
     * memory that made-up members can take where packets can be forged (no encryption); a full
     * view makes room by forgetting the member DEAD or LEFT the longest, and refuses new members
     * while every one it holds is ALIVE or SUSPECT.
     */
    public static final Setting<Integer> MAX_MEMBERS = Setting.integer("maxMembers",
            GossamerConfig.MAX_MEMBERS, 10_000, 2, 1_000_000);

    private static final List<Setting<?>> ALL = List.of(PROBE_INTERVAL, PROBE_TIMEOUT, INDIRECT_CHECKS,
            RETRANSMIT_MULT, SUSPICION_MULT, SUSPICION_MAX_TIMEOUT_MULT, REFUSED_SUSPICION_TIMEOUT,
            UNREACHABLE_SUSPICION_TIMEOUT, LOCAL_HEALTH_MAX_MULTIPLIER, GOSSIP_INTERVAL,
            GOSSIP_NODES, SPATIAL_GOSSIP_EXPONENT, GOSSIP_TO_THE_DEAD_TIME, PUSH_PULL_INTERVAL, TCP_TIMEOUT, RECONNECT_INTERVAL,
            RECONNECT_TIMEOUT, TOMBSTONE_TIMEOUT, DEAD_NODE_RECLAIM_TIME, DISABLE_TCP_PINGS, DISABLE_COORDINATES, EVENT_COALESCE_PERIOD,
            EVENT_QUIESCENT_PERIOD, PACKET_SIZE,
            MAX_MEMBERS);

    private Settings() {
    }

    /** Every setting of the table, in the order above. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting read from {@code key}, if the table has one. */
    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * The one rule between two settings: the probe timeout is shorter than the probe interval, or
     * a probe would still wait for its ack when the next one starts.
     */
    public static boolean probeTimeoutFits(Duration probeInterval, Duration probeTimeout) {
        return probeTimeout.compareTo(probeInterval) < 0;
    }
}
