package io.gossamer;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a query is asked ({@link Membership#query}): which members answer, whether they acknowledge,
 * through how many relays, for how long. Immutable; start from {@link #defaults()}:
 * <pre>{@code
 * QueryOptions.defaults().withTag("role", "web|api").withAck(true).withTimeout(Duration.ofSeconds(2))
 * }</pre>
 *
 * @param nodes       if not empty, only the members of these names answer
 * @param tags        for each tag, a regular expression ({@link java.util.regex.Pattern}) that must be
 *                    found in the member's value of that tag (a member without the tag is matched as
 *                    an empty value); every one must match. At most 255 of each
 * @param requestAck  whether each matching member acknowledges the query as it receives it
 * @param relayFactor how many other members each answer is also sent through, 0 to 5: more paths
 *                    for answers over lossy links, at that many more datagrams
 * @param timeout     how long answers are taken; empty for the default, the time a query takes to
 *                    reach every member with room to answer: gossip interval × 16 ×
 *                    ⌈log10(n + 1)⌉ for n live members (Serf's), at least 1 ms, at most an hour
 */
public record QueryOptions(Set<String> nodes, Map<String, String> tags, boolean requestAck, int relayFactor,
                           Optional<Duration> timeout) {

    /** The largest relay factor. */
    public static final int MAX_RELAY_FACTOR = 5;

    /**
     * The options as given.
     *
     * @param nodes       names of the members that may answer; empty for all
     * @param tags        tag patterns every answering member matches; copied
     * @param requestAck  whether members acknowledge
     * @param relayFactor relays per answer, 0 to {@value #MAX_RELAY_FACTOR}
     * @param timeout     how long answers are taken; empty for the default
     * @throws IllegalArgumentException if the relay factor or the timeout is out of range
     * @throws NullPointerException     if a component is null
     */
    public QueryOptions {
        nodes = Set.copyOf(Objects.requireNonNull(nodes, "nodes"));
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(timeout, "timeout");
        if (relayFactor < 0 || relayFactor > MAX_RELAY_FACTOR) {
            throw new IllegalArgumentException("the relay factor is 0 to " + MAX_RELAY_FACTOR + ", not " + relayFactor);
        }
        if (timeout.filter(t -> t.toMillis() < 1 || t.compareTo(Duration.ofHours(1)) > 0).isPresent()) {
            throw new IllegalArgumentException("a query's timeout is 1 ms to 1 hour, not " + timeout.get());
        }
    }

    /** {@return every member answers, no acknowledgements, no relays, the default timeout} */
    public static QueryOptions defaults() {
        return new QueryOptions(Set.of(), Map.of(), false, 0, Optional.empty());
    }

    /**
     * @param names the members that may answer (added to those already named)
     * @return these options, answered only by members of these names
     */
    public QueryOptions withNodes(String... names) {
        Set<String> all = new LinkedHashSet<>(nodes);
        all.addAll(Arrays.asList(names));
        return new QueryOptions(all, tags, requestAck, relayFactor, timeout);
    }

    /**
     * @param tag     a tag key
     * @param pattern a regular expression to find in the member's value of {@code tag}
     * @return these options, answered only by members whose tag matches too
     */
    public QueryOptions withTag(String tag, String pattern) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(tag, pattern);
        return new QueryOptions(nodes, all, requestAck, relayFactor, timeout);
    }

    /**
     * @param ack whether members acknowledge
     * @return these options with acknowledgements requested or not
     */
    public QueryOptions withAck(boolean ack) {
        return new QueryOptions(nodes, tags, ack, relayFactor, timeout);
    }

    /**
     * @param factor relays per answer, 0 to {@value #MAX_RELAY_FACTOR}
     * @return these options with that relay factor
     */
    public QueryOptions withRelayFactor(int factor) {
        return new QueryOptions(nodes, tags, requestAck, factor, timeout);
    }

    /**
     * @param t how long answers are taken
     * @return these options with that timeout
     */
    public QueryOptions withTimeout(Duration t) {
        return new QueryOptions(nodes, tags, requestAck, relayFactor, Optional.of(t));
    }
}
