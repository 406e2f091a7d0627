package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timing configuration a TCK scenario sets on the deployment and on its peers, and the bounds
 * the TCK derives from it. Bounds never come from one implementation's speed: each is what the
 * API's javadoc guarantees for these settings, doubled, plus {@link #SLACK} for a loaded machine,
 * all multiplied by the system property {@value #FACTOR_PROPERTY} (default 1) for slow runtimes.
 *
 * @param probeInterval           {@value GossamerConfig#PROBE_INTERVAL}
 * @param probeTimeout            {@value GossamerConfig#PROBE_TIMEOUT}
 * @param gossipInterval          {@value GossamerConfig#GOSSIP_INTERVAL}
 * @param retransmitMult          {@value GossamerConfig#RETRANSMIT_MULT}
 * @param suspicionMult           {@value GossamerConfig#SUSPICION_MULT}
 * @param suspicionMaxTimeoutMult {@value GossamerConfig#SUSPICION_MAX_TIMEOUT_MULT}
 * @param awarenessMaxMultiplier  {@value GossamerConfig#AWARENESS_MAX_MULTIPLIER}
 * @param pushPullInterval        {@value GossamerConfig#PUSH_PULL_INTERVAL}
 * @param tcpTimeout              {@value GossamerConfig#TCP_TIMEOUT}
 * @param leaveTimeout            {@value GossamerConfig#LEAVE_TIMEOUT}
 */
public record TckTiming(
        Duration probeInterval,
        Duration probeTimeout,
        Duration gossipInterval,
        int retransmitMult,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        int awarenessMaxMultiplier,
        Duration pushPullInterval,
        Duration tcpTimeout,
        Duration leaveTimeout) {

    /** Multiplies every bound; raise it for slow runtimes. */
    public static final String FACTOR_PROPERTY = "gossamer.tck.timeout-factor";

    /** Added to every bound for scheduling delays on a loaded machine. */
    public static final Duration SLACK = Duration.ofSeconds(3);

    /**
     * The {@code local} profile probing 2.5 times a second: a crash is found in a few seconds, yet
     * a loaded two-core machine does not cause false suspicion. The periodic full state exchange
     * is kept at a minute, longer than any bound, so that news must travel by gossip within its
     * bound and cannot be carried late by an exchange.
     */
    public static TckTiming standard() {
        return new TckTiming(Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(50), 3, 2, 2, 4,
                Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    /** The same with another {@value GossamerConfig#SUSPICION_MULT}. */
    public TckTiming withSuspicionMult(int mult) {
        return new TckTiming(probeInterval, probeTimeout, gossipInterval, retransmitMult, mult,
                suspicionMaxTimeoutMult, awarenessMaxMultiplier, pushPullInterval, tcpTimeout, leaveTimeout);
    }

    /** These settings as configuration keys and values, on the {@code local} profile. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GossamerConfig.PROFILE, "local");
        p.put(GossamerConfig.PROBE_INTERVAL, millis(probeInterval));
        p.put(GossamerConfig.PROBE_TIMEOUT, millis(probeTimeout));
        p.put(GossamerConfig.GOSSIP_INTERVAL, millis(gossipInterval));
        p.put(GossamerConfig.RETRANSMIT_MULT, Integer.toString(retransmitMult));
        p.put(GossamerConfig.SUSPICION_MULT, Integer.toString(suspicionMult));
        p.put(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, Integer.toString(suspicionMaxTimeoutMult));
        p.put(GossamerConfig.AWARENESS_MAX_MULTIPLIER, Integer.toString(awarenessMaxMultiplier));
        p.put(GossamerConfig.PUSH_PULL_INTERVAL, millis(pushPullInterval));
        p.put(GossamerConfig.TCP_TIMEOUT, millis(tcpTimeout));
        p.put(GossamerConfig.LEAVE_TIMEOUT, millis(leaveTimeout));
        return p;
    }

    /** The minimum suspicion timeout with {@code n} members: mult × max(1, log10 n) × interval. */
    public Duration suspicionMin(int n) {
        return scale(probeInterval, suspicionMult * Math.max(1.0, Math.log10(n)));
    }

    /** The maximum suspicion timeout with {@code n} members. */
    public Duration suspicionMax(int n) {
        return scale(suspicionMin(n), suspicionMaxTimeoutMult);
    }

    /**
     * Bound on a member that stopped answering being suspected by a live one, with {@code n}
     * members ([events-failure-detected]).
     */
    public Duration untilSuspected(int n) {
        return bound(scale(probeInterval, 2.0 * Math.max(1, n - 1) * awarenessMaxMultiplier).plus(probeTimeout));
    }

    /** Bound from suspicion to death with {@code n} members ([events-failure-detected]). */
    public Duration fromSuspectedToDead(int n) {
        return bound(suspicionMax(n).plus(probeInterval));
    }

    /**
     * Bound on news reaching every member of {@code n}: retransmit-mult × ⌈log10(n + 1)⌉ gossip
     * rounds, and a probe interval of piggybacking.
     */
    public Duration dissemination(int n) {
        return bound(scale(gossipInterval, retransmitMult * Math.ceil(Math.log10(n + 1.0))).plus(probeInterval));
    }

    /** Bound on a join: a state exchange over a stream. */
    public Duration join() {
        return bound(tcpTimeout.plus(probeInterval));
    }

    /** Bound on {@code leave()} completing: the news spreads, or the leave timeout ends it. */
    public Duration leave() {
        return bound(leaveTimeout);
    }

    /** Bound on the node starting, joining or leaving locally, and its events being delivered. */
    public Duration local() {
        return bound(tcpTimeout);
    }

    /** {@code d} doubled, plus {@link #SLACK}, times the timeout factor. */
    public static Duration bound(Duration d) {
        return scale(d.multipliedBy(2).plus(SLACK), factor());
    }

    private static double factor() {
        String v = System.getProperty(FACTOR_PROPERTY, "1");
        try {
            double f = Double.parseDouble(v);
            if (f >= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(FACTOR_PROPERTY + "=" + v + ": must be a number of at least 1");
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.round(d.toNanos() * factor));
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
