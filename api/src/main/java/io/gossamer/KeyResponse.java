package io.gossamer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the members of one pool answered to a key operation ({@link EncryptionKeys}):
 * {@code [keys-response]} for each member that was live when the operation started, the local
 * one included, and no other, whether it acknowledged, and the keys it holds afterwards. Keys are
 * never shown, only named by their fingerprint: the first 8 hexadecimal digits, in lower case, of
 * the SHA-256 of the key's bytes ({@code printf %s KEY | base64 -d | sha256sum | cut -c1-8}).
 *
 * @param pool      the pool the operation went through
 * @param operation what was asked
 * @param key       the fingerprint of the key operated on; empty for {@link Operation#LIST}
 * @param answers   by member name, in name order
 */
public record KeyResponse(Pool pool, Operation operation, Optional<String> key, Map<String, Answer> answers) {

    /** The key operations, as {@code serf keys} has them. */
    public enum Operation {
        /** Reports the keys every member holds. */
        LIST,
        /** Adds a key, which every member then accepts; the primary key is unchanged. */
        INSTALL,
        /** Makes an installed key the primary one, which every member then seals with. */
        USE,
        /** Removes a key that is not the primary one (removing a key a member does not hold succeeds). */
        REMOVE
    }

    /**
     * One member's answer.
     *
     * @param acknowledged whether the member applied the operation (for {@code LIST}: answered)
     * @param error        why it did not, for people (it did not answer, the key is not installed
     *                     there, it is the member's primary key, ...); empty when acknowledged
     * @param keys         the fingerprints of the keys the member holds after the operation, its
     *                     primary key first; empty if it did not answer
     */
    public record Answer(boolean acknowledged, String error, List<String> keys) {
        /**
         * One member's answer.
         *
         * @param acknowledged whether the member applied the operation
         * @param error        why it did not; empty when acknowledged
         * @param keys         the fingerprints of the keys the member holds, primary first; copied
         * @throws NullPointerException if {@code error} or {@code keys} is null
         */
        public Answer {
            Objects.requireNonNull(error, "error");
            keys = List.copyOf(keys);
        }

        /** {@return the fingerprint of the member's primary key, if it answered} */
        public Optional<String> primary() {
            return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
        }
    }

    /**
     * The answers to one operation.
     *
     * @param pool      the pool the operation went through
     * @param operation what was asked
     * @param key       the fingerprint of the key operated on; empty for {@link Operation#LIST}
     * @param answers   by member name; copied, in name order
     * @throws NullPointerException if a component is null
     */
    public KeyResponse {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(key, "key");
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(answers)));
    }

    /** {@return the members that acknowledged, in name order} */
    public List<String> acknowledged() {
        return names(true);
    }

    /** {@return the members that did not, in name order: they need attention before the next step} */
    public List<String> failed() {
        return names(false);
    }

    /** {@return whether every member asked acknowledged: the next step of a rotation is safe} */
    public boolean allAcknowledged() {
        return answers.values().stream().allMatch(Answer::acknowledged);
    }

    /** {@return for each key fingerprint, how many of the members that answered hold it} */
    public Map<String, Integer> keyCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        answers.values().forEach(a -> a.keys().forEach(k -> counts.merge(k, 1, Integer::sum)));
        return Collections.unmodifiableMap(counts);
    }

    /** {@return for each key fingerprint, how many of the members that answered seal with it} */
    public Map<String, Integer> primaryCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        answers.values().forEach(a -> a.primary().ifPresent(k -> counts.merge(k, 1, Integer::sum)));
        return Collections.unmodifiableMap(counts);
    }

    private List<String> names(boolean acknowledged) {
        List<String> names = new ArrayList<>();
        answers.forEach((name, a) -> {
            if (a.acknowledged() == acknowledged) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }
}
