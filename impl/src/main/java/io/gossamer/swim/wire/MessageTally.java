package io.gossamer.swim.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Messages counted by type, with the bytes each took in its datagram (its framing included; the
 * datagram's header, label, seal and compression are not any one message's). Written on the
 * node's context, read from any thread.
 */
public final class MessageTally {

    private static final MessageType[] TYPES = MessageType.values();

    private final AtomicLongArray counts = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray bytes = new AtomicLongArray(TYPES.length);

    /** Counts the messages of one datagram. */
    public void add(List<Message> messages) {
        for (Message m : messages) {
            int i = MessageCodec.typeOf(m).ordinal();
            counts.incrementAndGet(i);
            bytes.addAndGet(i, PacketCodec.FRAME_OVERHEAD + MessageCodec.size(m));
        }
    }

    /** Messages by type name in lower case ({@code ping}, {@code indirect_ping}...), the types seen only. */
    public Map<String, Long> counts() {
        return byName(counts);
    }

    /** Bytes by type name, as {@link #counts()}. */
    public Map<String, Long> bytes() {
        return byName(bytes);
    }

    private static Map<String, Long> byName(AtomicLongArray values) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (MessageType t : TYPES) {
            long v = values.get(t.ordinal());
            if (v > 0) {
                m.put(t.name().toLowerCase(Locale.ROOT), v);
            }
        }
        return m;
    }
}
