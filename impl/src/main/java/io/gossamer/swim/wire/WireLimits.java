package io.gossamer.swim.wire;

import java.util.Map;

/**
 * Size limits of the wire format, enforced identically by the encoders (which throw
 * {@link IllegalArgumentException}) and the decoders (which drop). Anything an encoder accepts, a
 * decoder of the same version accepts.
 */
public final class WireLimits {

    /** Largest member name (also a ping target, a suspect or dead sender), in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Largest datacenter name, in UTF-8 bytes. */
    public static final int MAX_DATACENTER_BYTES = 255;
    /** Largest role, in UTF-8 bytes. */
    public static final int MAX_ROLE_BYTES = 255;
    /** Largest host string (printable ASCII), in bytes. */
    public static final int MAX_HOST_BYTES = 255;
    /** Largest packet label, in UTF-8 bytes (memberlist's {@code LabelMaxSize}). */
    public static final int MAX_LABEL_BYTES = 255;
    /** Longest detail of a refusal, in bytes of UTF-8. */
    public static final int MAX_REFUSAL_DETAIL_BYTES = 255;
    /** Largest tag key, in UTF-8 bytes. */
    public static final int MAX_TAG_KEY_BYTES = 255;
    /** Largest tag value, in UTF-8 bytes. */
    public static final int MAX_TAG_VALUE_BYTES = 255;
    /**
     * Largest encoded tag block (see {@link #encodedTagsSize(Map)}), as memberlist's {@code MetaMaxSize}.
     * The configuration's limit is this one; the wire does not know the configuration.
     */
    public static final int MAX_TAGS_BYTES = 512;
    /** Most member records in one push-pull (memberlist's {@code maxPushStateNodes}). */
    public static final int MAX_PUSH_PULL_MEMBERS = 1_048_576;
    /**
     * Largest cluster event: its name's UTF-8 bytes plus its payload's (Serf's default
     * {@code UserEventSizeLimit}). An event rides in a datagram beside other news, so it stays
     * small; larger data belongs in a query's answers or elsewhere.
     */
    public static final int MAX_EVENT_BYTES = 512;
    /**
     * Largest query, encoded with its type byte (Serf's {@code QuerySizeLimit}): name, payload,
     * filters and the rest. It rides in a datagram beside other news.
     */
    public static final int MAX_QUERY_BYTES = 1024;
    /**
     * Largest query response, encoded with its type byte (Serf's {@code QueryResponseSizeLimit});
     * a relay carries one and the asker's address on top.
     */
    public static final int MAX_RESPONSE_BYTES = 1024;
    /** Longest time a query may run: an hour. */
    public static final long MAX_QUERY_TIMEOUT_MS = 3_600_000;
    /** Most names, and most tag patterns, a query's filters hold: the counts are one byte. */
    public static final int MAX_QUERY_FILTERS = 255;
    /** Most cluster events in one push-pull: the recent events a node passes on. */
    public static final int MAX_PUSH_PULL_EVENTS = 256;
    /** Most messages in one datagram: the count is one byte. */
    public static final int MAX_MESSAGES_PER_PACKET = 255;

    private WireLimits() {
    }

    /**
     * Encoded size of a tag map's entries, the quantity limited by {@link #MAX_TAGS_BYTES}: the sum
     * over all entries of {@code 2 + utf8(key) + utf8(value)} (one length byte each). The two-byte
     * block length in front of the entries is not included.
     *
     * @throws IllegalArgumentException if a key or value is longer than 255 UTF-8 bytes, holds an
     *                                  unpaired surrogate (it could not be encoded at all), or holds
     *                                  characters {@link WireText} does not allow (a key is an
     *                                  identifier, a value text): decoders would drop it
     */
    public static int encodedTagsSize(Map<String, String> tags) {
        int size = 0;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            int key = utf8Length(e.getKey(), MAX_TAG_KEY_BYTES, "tag key");
            int value = utf8Length(e.getValue(), MAX_TAG_VALUE_BYTES, "tag value");
            String problem = WireText.identifierProblem(e.getKey());
            if (problem != null) {
                throw new IllegalArgumentException("tag key " + problem);
            }
            problem = WireText.textProblem(e.getValue());
            if (problem != null) {
                throw new IllegalArgumentException("tag value of '" + e.getKey() + "' " + problem);
            }
            size += 2 + key + value;
        }
        return size;
    }

    /**
     * The one check of a tag map's size: its {@linkplain #encodedTagsSize(Map) encoded size}, if at
     * most {@link #MAX_TAGS_BYTES}.
     *
     * @throws IllegalArgumentException if the tags take more, or cannot be encoded at all (see
     *                                  {@link #encodedTagsSize(Map)})
     */
    public static int checkTags(Map<String, String> tags) {
        int size = encodedTagsSize(tags);
        if (size > MAX_TAGS_BYTES) {
            throw new IllegalArgumentException("tags take " + size + " bytes encoded; at most " + MAX_TAGS_BYTES
                    + " bytes are allowed");
        }
        return size;
    }

    /**
     * The one check of a cluster event's size: its name's UTF-8 bytes plus its payload's, if at
     * most {@link #MAX_EVENT_BYTES}, and a name that is a valid identifier of at least one character.
     *
     * @throws IllegalArgumentException if either is not, saying which and the sizes
     */
    public static int checkEvent(String name, int payloadBytes) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an event name must not be empty");
        }
        WireText.checkIdentifier(name, MAX_NAME_BYTES, "event name");
        int size = Utf8.encodedLength(name) + payloadBytes;
        if (size > MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("event name and payload take " + size + " bytes; at most "
                    + MAX_EVENT_BYTES + " are allowed");
        }
        return size;
    }

    /**
     * Checks every field of {@code m} against these limits, as encoding it would: for a query or an
     * answer, before anything is sent or recorded.
     *
     * @throws IllegalArgumentException naming the field or the size that is out of bounds
     */
    public static void checkMessage(Message m) {
        MessageCodec.size(m);
    }

    /**
     * Length of {@code s} in UTF-8, checked against {@code max}.
     *
     * @throws IllegalArgumentException if longer than {@code max} bytes or if {@code s} holds an
     *                                  unpaired surrogate
     */
    public static int utf8Length(String s, int max, String what) {
        int len = Utf8.encodedLength(s);
        if (len < 0) {
            throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate)");
        }
        if (len > max) {
            throw new IllegalArgumentException(what + " is " + len + " bytes in UTF-8, at most " + max
                    + " allowed");
        }
        return len;
    }

    /**
     * The longest prefix of {@code s} (cut on a code point boundary) that takes at most
     * {@code maxBytes} bytes of UTF-8. Unpaired surrogates count as the three bytes of the
     * replacement character an encoder would write.
     */
    public static String clipUtf8(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int cpBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + cpBytes > maxBytes) {
                break;
            }
            bytes += cpBytes;
            end += Character.charCount(cp);
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
