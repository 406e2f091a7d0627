package io.gossamer.swim.wire;

/**
 * Wire type ids. Append-only: an id, once released, never changes meaning. Id 0 is never
 * assigned. Datagram receivers skip messages of ids they do not know (see {@link PacketCodec}),
 * so a new type can be introduced without breaking older nodes.
 */
public enum MessageType {
    PING(1),
    INDIRECT_PING(2),
    ACK(3),
    NACK(4),
    ALIVE(5),
    SUSPECT(6),
    DEAD(7),
    PUSH_PULL(8),
    /** The cluster-mixing guard's refusal, sent back with the refused peer's own label. */
    REFUSE(9),
    FORGET(10),
    /** A key operation (stream-only, always sealed). */
    KEY_REQUEST(11),
    /** The answer to a key operation (stream-only, always sealed). */
    KEY_REPLY(12),
    /** An application's cluster event, gossiped. */
    USER_EVENT(13),
    /** An application's query, gossiped. */
    QUERY(14),
    /** An acknowledgement of or answer to a query, sent to the asker. */
    QUERY_RESPONSE(15),
    /** A query response to pass on to the asker. */
    RELAY(16),
    /** The sender's network coordinate, in front of an ack. */
    COORDINATE(17);

    private final int id;

    MessageType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
