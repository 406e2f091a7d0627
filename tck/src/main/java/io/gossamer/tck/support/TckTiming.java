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
 * <p>The values are held by their {@link GossamerConfig} key and set on the {@code local} profile.
 * The TCK knows no default: every key a bound reads is set here, so what the bounds assume is
 * what the implementation runs; keys not set (indirect checks, gossip nodes...) take the
 * profile's value, which no bound depends on.
 */
public final class TckTiming {

    /** Multiplies every bound; raise it for slow runtimes. */
    public static final String FACTOR_PROPERTY = "gossamer.tck.timeout-factor";

    /** Added to every bound for scheduling delays on a loaded machine. */
    public static final Duration SLACK = Duration.ofSeconds(3);

    /** Each key's value: a {@link Duration} or an {@link Integer}. */
    private final Map<String, Object> values;

    private TckTiming(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
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
        return new TckTiming(v);
    }

    /** The same with another {@value GossamerConfig#SUSPICION_MULT}. */
    public TckTiming withSuspicionMult(int mult) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(GossamerConfig.SUSPICION_MULT, mult);
        return new TckTiming(v);
    }

    /** These settings as configuration keys and values, on the {@code local} profile. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GossamerConfig.PROFILE, "local");
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
            throw new IllegalArgumentException(key + " is not set by the TCK's timing as a " + type.getSimpleName());
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
