package io.gossamer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One member's answer to a query this node asked.
 *
 * @param from    the answering member's name
 * @param payload its bytes; a copy is returned each time
 * @param at      when this node received it
 */
public record QueryAnswer(String from, byte[] payload, Instant at) {

    /**
     * The answer as received.
     *
     * @param from    the answering member's name
     * @param payload its bytes; copied
     * @param at      when this node received it
     * @throws NullPointerException if a component is null
     */
    public QueryAnswer {
        Objects.requireNonNull(from, "from");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(at, "at");
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return the payload decoded as UTF-8} */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryAnswer a && a.from.equals(from) && Arrays.equals(a.payload, payload)
                && a.at.equals(at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, Arrays.hashCode(payload), at);
    }

    @Override
    public String toString() {
        return "QueryAnswer[from " + from + ", " + payload.length + " bytes]";
    }
}
