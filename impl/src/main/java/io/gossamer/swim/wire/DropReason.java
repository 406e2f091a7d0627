package io.gossamer.swim.wire;

/**
 * Why a datagram or stream frame was dropped by a decoder. Every hostile or corrupt input maps to
 * exactly one of these; none of them is ever thrown.
 */
public enum DropReason {
    /** The first two bytes are not this channel's magic (another protocol, or a stream frame sent
     *  to the datagram port, or the reverse). */
    BAD_MAGIC,
    /** The format version byte is not one this build understands. */
    UNSUPPORTED_VERSION,
    /** The sender belongs to another cluster, pool or datacenter: its label differs from ours. */
    LABEL_MISMATCH,
    /** The input ended before the structure it announced was complete: a short header, a message
     *  frame longer than the rest of the datagram (typically a datagram cut by a too small receive
     *  buffer), fewer frames than announced, a stream closed mid-frame, or a fixed-width field
     *  running past the end of its message. */
    TRUNCATED,
    /** A message type id this build does not know (or one not allowed on this channel). */
    UNKNOWN_TYPE,
    /** A length prefix or count is impossible: zero where at least one is required, or larger
     *  than the bytes that remain in its enclosing message. */
    BAD_LENGTH,
    /** A declared size exceeds a limit: a stream frame above the maximum frame size, tags above
     *  {@link WireLimits#MAX_TAGS_BYTES}, more push-pull members than
     *  {@link WireLimits#MAX_PUSH_PULL_MEMBERS}. */
    TOO_LARGE,
    /** A field holds a value that is not allowed: malformed UTF-8, a boolean other than 0 or 1, a
     *  negative, overflowing or non-minimal incarnation, an unknown member state, an empty or
     *  non-printable host, a duplicate tag key. */
    INVALID_FIELD,
    /** Bytes remain after a message's last field, after the last frame of a datagram, or after the
     *  single frame of a stream. */
    TRAILING_BYTES,
    /** A sealed datagram or frame that no installed key opens: sealed with a key this node does not
     *  hold, tampered with, truncated, moved from another cluster, pool or datacenter (its label is
     *  authenticated), or sealed and received by a node without keys. Its content is never read. */
    DECRYPT_FAILED,
    /** A plaintext datagram or frame at a node that accepts only sealed input (verify-incoming), or
     *  a key operation (types 11 and 12) in plaintext anywhere: without the key, nobody gets in. */
    UNENCRYPTED,
    /** The decoder itself failed on this input. Never expected: it is a bug in the codec, counted
     *  instead of thrown so that one bad packet cannot break the receive loop. */
    INTERNAL_ERROR
}
