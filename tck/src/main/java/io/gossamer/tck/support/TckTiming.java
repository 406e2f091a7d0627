package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timing configuration a TCK scenario sets on the deployment and on its peers, and the bounds
 * the TCK derives from it. Bounds never come from one implementation's speed: each is what the
 * API's javadoc guarantees for these settings, doubled, plus {@link #SLACK} for a loaded machine,
 * all multiplied by the system property {@value #FACTOR_PROPERTY} (default 1) for slow runtimes.
 *
 * <p>The values are held by their {@link GossamerConfig} key, with the profile they are set on.
 * {@link #standard()} sets every key a bound reads, so what the bounds assume is what the
 * implementation runs; keys it does not set (indirect checks, gossip nodes...) take the
 * profile's value, which no bound depends on. Where a scenario cannot set the keys, as for a
 * server's WAN pool, which takes every timing from {@value GossamerConfig#WAN_PROFILE}, the
 * bounds come from {@link #forProfile(String)}: the profile's values as the table in
 * {@link GossamerConfig}'s javadoc states them (the TCK's build holds this class to that table).
 */
public final class TckTiming {

    /** Multiplies every bound; raise it for slow runtimes. */
    public static final String FACTOR_PROPERTY = "gossamer.tck.timeout-factor";

    /** Added to every bound for scheduling delays on a loaded machine. */
    public static final Duration SLACK = Duration.ofSeconds(3);

    /** The API's profile table: each profile's value of each timing key, as in {@link GossamerConfig}. */
    private static final Map<String, Map<String, Object>> PROFILES = Map.of(
            "lan", profile("1s", "500ms", 3, 4, 4, 6, "0s", "0s", 8, "200ms", 3, 0, "30s", "30s", "10s"),
            "wan", profile("5s", "3s", 3, 4, 6, 6, "0s", "0s", 8, "500ms", 4, 2, "60s", "60s", "30s"),
            "local", profile("1s", "200ms", 1, 4, 3, 6, "0s", "0s", 8, "100ms", 3, 0, "15s", "15s", "1s"),
            "lan-fast", profile("500ms", "250ms", 3, 4, 8, 6, "500ms", "1500ms", 8, "200ms", 3, 0, "30s", "30s",
                    "10s"));

    /** The profile the values are set on: {@value GossamerConfig#PROFILE}. */
    private final String profile;
    /** Each key's value: a {@link Duration} or an {@link Integer}. */
    private final Map<String, Object> values;

    private TckTiming(String profile, Map<String, Object> values) {
        this.profile = profile;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** One row of the profile table, in the order of {@link GossamerConfig}'s timing keys. */
    private static Map<String, Object> profile(String probeInterval, String probeTimeout, int indirectChecks,
            int retransmitMult, int suspicionMult, int suspicionMaxTimeoutMult, String refusedSuspicionTimeout,
            String unreachableSuspicionTimeout, int localHealthMaxMultiplier,
            String gossipInterval, int gossipNodes, int spatialGossipExponent, String gossipToTheDeadTime,
            String pushPullInterval, String tcpTimeout) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(GossamerConfig.PROBE_INTERVAL, parse(probeInterval));
        v.put(GossamerConfig.PROBE_TIMEOUT, parse(probeTimeout));
        v.put(GossamerConfig.INDIRECT_CHECKS, indirectChecks);
        v.put(GossamerConfig.RETRANSMIT_MULT, retransmitMult);
        v.put(GossamerConfig.SUSPICION_MULT, suspicionMult);
        v.put(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, suspicionMaxTimeoutMult);
        v.put(GossamerConfig.REFUSED_SUSPICION_TIMEOUT, parse(refusedSuspicionTimeout));
        v.put(GossamerConfig.UNREACHABLE_SUSPICION_TIMEOUT, parse(unreachableSuspicionTimeout));
        v.put(GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER, localHealthMaxMultiplier);
        v.put(GossamerConfig.GOSSIP_INTERVAL, parse(gossipInterval));
        v.put(GossamerConfig.GOSSIP_NODES, gossipNodes);
        v.put(GossamerConfig.SPATIAL_GOSSIP_EXPONENT, spatialGossipExponent);
        v.put(GossamerConfig.GOSSIP_TO_THE_DEAD_TIME, parse(gossipToTheDeadTime));
        v.put(GossamerConfig.PUSH_PULL_INTERVAL, parse(pushPullInterval));
        v.put(GossamerConfig.TCP_TIMEOUT, parse(tcpTimeout));
        return Collections.unmodifiableMap(v);
    }

    /** {@code 500ms}, {@code 3s}: the units the profile table uses. */
    private static Duration parse(String text) {
        return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }

    /**
     * The timing of a pool on {@code profile} ({@code lan}, {@code wan}, {@code local} or {@code lan-fast}) with no
     * timing key set: every timing key at the profile's value in {@link GossamerConfig}'s table.
     * Node keys that no profile sets ({@value GossamerConfig#LEAVE_TIMEOUT}) are not in it, so
     * {@link #leave()} is not available: take it from the scenario's {@link #standard()} timing.
     *
     * @throws IllegalArgumentException for another name
     */
    public static TckTiming forProfile(String profile) {
        Map<String, Object> v = PROFILES.get(profile);
        if (v == null) {
            throw new IllegalArgumentException("no profile " + profile + ": lan, wan, local or lan-fast");
        }
        return new TckTiming(profile, v);
    }

    /**
     * The timing of the WAN pool of a server configured with {@code configuration}: that of its
     * {@value GossamerConfig#WAN_PROFILE} ({@code wan} when not set), which gives the WAN pool every
     * timing whatever the LAN keys say. A scenario passes the keys it actually sets, such as
     * {@link Deployments#server()}.
     */
    public static TckTiming wanPool(Map<String, String> configuration) {
        return forProfile(configuration.getOrDefault(GossamerConfig.WAN_PROFILE, "wan"));
    }

    /**
     * The {@code local} profile probing 2.5 times a second: a crash is found in a few seconds, yet
     * a loaded two-core machine does not cause false suspicion. The periodic full state exchange
     * is kept at a minute, longer than any bound, so that news must travel by gossip within its
     * bound and cannot be carried late by an exchange.
     */
    public static TckTiming standard() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(GossamerConfig.PROBE_INTERVAL, Duration.ofMillis(400));
        v.put(GossamerConfig.PROBE_TIMEOUT, Duration.ofMillis(200));
        v.put(GossamerConfig.GOSSIP_INTERVAL, Duration.ofMillis(50));
        v.put(GossamerConfig.RETRANSMIT_MULT, 3);
        v.put(GossamerConfig.SUSPICION_MULT, 2);
        v.put(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, 2);
        v.put(GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER, 4);
        v.put(GossamerConfig.PUSH_PULL_INTERVAL, Duration.ofMinutes(1));
        v.put(GossamerConfig.TCP_TIMEOUT, Duration.ofSeconds(2));
        v.put(GossamerConfig.LEAVE_TIMEOUT, Duration.ofSeconds(3));
        return new TckTiming("local", v);
    }

    /** The same with another {@value GossamerConfig#SUSPICION_MULT}. */
    public TckTiming withSuspicionMult(int mult) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(GossamerConfig.SUSPICION_MULT, mult);
        return new TckTiming(profile, v);
    }

    /** The same with another {@value GossamerConfig#PROBE_INTERVAL}. */
    public TckTiming withProbeInterval(Duration interval) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(GossamerConfig.PROBE_INTERVAL, interval);
        return new TckTiming(profile, v);
    }

    /** The same with another {@value GossamerConfig#SUSPICION_MAX_TIMEOUT_MULT}. */
    public TckTiming withSuspicionMaxTimeoutMult(int mult) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT, mult);
        return new TckTiming(profile, v);
    }

    /** These settings as configuration keys and values, with the profile they are set on. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GossamerConfig.PROFILE, profile);
        values.forEach((key, value) -> p.put(key, value instanceof Duration d ? d.toMillis() + "ms" : value.toString()));
        return p;
    }

    /** The duration set for {@code key}. */
    public Duration duration(String key) {
        return value(key, Duration.class);
    }

    /** The count set for {@code key}. */
    public int count(String key) {
        return value(key, Integer.class);
    }

    private <T> T value(String key, Class<T> type) {
        Object v = values.get(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(key + " is not set by the TCK's timing (profile " + profile + ") as a "
                    + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** The minimum suspicion timeout with {@code n} members: mult × max(1, log10 n) × interval. */
    public Duration suspicionMin(int n) {
        return scale(duration(GossamerConfig.PROBE_INTERVAL),
                count(GossamerConfig.SUSPICION_MULT) * Math.max(1.0, Math.log10(n)));
    }

    /** The maximum suspicion timeout with {@code n} members. */
    public Duration suspicionMax(int n) {
        return scale(suspicionMin(n), count(GossamerConfig.SUSPICION_MAX_TIMEOUT_MULT));
    }

    /**
     * Bound on a member that stopped answering being suspected by a live one, with {@code n}
     * members ([events-failure-detected]).
     */
    public Duration untilSuspected(int n) {
        return bound(scale(duration(GossamerConfig.PROBE_INTERVAL),
                2.0 * Math.max(1, n - 1) * count(GossamerConfig.LOCAL_HEALTH_MAX_MULTIPLIER))
                .plus(duration(GossamerConfig.PROBE_TIMEOUT)));
    }

    /** Bound from suspicion to death with {@code n} members ([events-failure-detected]). */
    public Duration fromSuspectedToDead(int n) {
        return bound(suspicionMax(n).plus(duration(GossamerConfig.PROBE_INTERVAL)));
    }

    /**
     * Bound on news reaching every member of {@code n}: retransmit-mult × ⌈log10(n + 1)⌉ gossip
     * rounds, and a probe interval of piggybacking.
     */
    public Duration dissemination(int n) {
        return bound(scale(duration(GossamerConfig.GOSSIP_INTERVAL),
                count(GossamerConfig.RETRANSMIT_MULT) * Math.ceil(Math.log10(n + 1.0)))
                .plus(duration(GossamerConfig.PROBE_INTERVAL)));
    }

    /**
     * Bound on a cluster event reaching every member of {@code n}: its dissemination, and as long
     * again for a member that holds it while a predecessor of the same sender is missing
     * ([cluster-events-origin-order]).
     */
    public Duration eventDelivery(int n) {
        return bound(scale(duration(GossamerConfig.GOSSIP_INTERVAL),
                2 * count(GossamerConfig.RETRANSMIT_MULT) * Math.ceil(Math.log10(n + 1.0)))
                .plus(duration(GossamerConfig.PROBE_INTERVAL)));
    }

    /** Bound on a join: a state exchange over a stream. */
    public Duration join() {
        return bound(duration(GossamerConfig.TCP_TIMEOUT).plus(duration(GossamerConfig.PROBE_INTERVAL)));
    }

    /** Bound on {@code leave()} completing: the news spreads, or the leave timeout ends it. */
    public Duration leave() {
        return bound(duration(GossamerConfig.LEAVE_TIMEOUT));
    }

    /** Bound on the node starting, joining or leaving locally, and its events being delivered. */
    public Duration local() {
        return bound(duration(GossamerConfig.TCP_TIMEOUT));
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

    // ---- Lifecycle bounds (seeds, restarts): derived from the promises of GossamerConfig.SEEDS.

    /**
     * The longest wait between two join attempts through seeds that no seed answered
     * ({@code [config-seeds]}): the API's fixed schedule, 1 s doubling up to this.
     */
    public static final Duration SILENT_SEED_MAX_RETRY = Duration.ofSeconds(30);

    /**
     * Bound on a node whose configured seeds did not answer joining one that starts listening
     * ({@code [config-seeds]}): the longest wait between attempts, then one attempt (a state
     * exchange over a stream, within the TCP timeout) and its news delivered locally (a probe
     * interval).
     */
    public Duration seedRetry() {
        return bound(SILENT_SEED_MAX_RETRY.plus(duration(GossamerConfig.TCP_TIMEOUT))
                .plus(duration(GossamerConfig.PROBE_INTERVAL)));
    }
}
