package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * The infection-style dissemination queue: news waiting to be piggybacked on outgoing packets.
 *
 * <p>Each piece of news concerns one member and is keyed by its name, so newer news about a member
 * replaces older news still queued (the queue never holds more entries than there are members).
 * Packets are filled with the least-transmitted news first, newest first among equals, and a piece
 * of news is dropped once it has been sent {@code limit} times, where the caller derives the limit
 * from the cluster size.
 */
final class BroadcastQueue {

    private static final class Entry {
        final String key;
        final Message message;
        final int size;
        final long id;
        final Runnable onDone;
        int transmits;

        Entry(String key, Message message, int size, long id, Runnable onDone) {
            this.key = key;
            this.message = message;
            this.size = size;
            this.id = id;
            this.onDone = onDone;
        }
    }

    private static final Comparator<Entry> ORDER = Comparator
            .comparingInt((Entry e) -> e.transmits)
            .thenComparing(Comparator.comparingLong((Entry e) -> e.id).reversed());

    private final TreeSet<Entry> ordered = new TreeSet<>(ORDER);
    private final Map<String, Entry> byKey = new HashMap<>();
    private final ToIntFunction<Message> sizer;
    private int smallest = Integer.MAX_VALUE;
    private long nextId;

    /** @param sizer the bytes a message takes in a packet, framing included */
    BroadcastQueue(ToIntFunction<Message> sizer) {
        this.sizer = sizer;
    }

    /**
     * Queues news about {@code key}, replacing what was queued about it. {@code onDone} (may be
     * {@code null}) runs once the news has been sent {@code limit} times, was replaced or removed.
     */
    void queue(String key, Message message, Runnable onDone) {
        Entry old = byKey.remove(key);
        if (old != null) {
            ordered.remove(old);
            if (old.onDone != null) {
                old.onDone.run();
            }
        }
        Entry e = new Entry(key, message, sizer.applyAsInt(message), nextId++, onDone);
        byKey.put(key, e);
        ordered.add(e);
        smallest = Math.min(smallest, e.size);
    }

    /**
     * Takes up to {@code maxCount} messages whose sizes add up to at most {@code budget} bytes,
     * counting one transmission for each and dropping those that reached {@code limit}.
     */
    List<Message> take(int budget, int maxCount, int limit) {
        if (ordered.isEmpty() || budget < smallest || maxCount <= 0) {
            return List.of();
        }
        List<Entry> chosen = new ArrayList<>();
        int left = budget;
        for (Entry e : ordered) {
            if (e.size <= left) {
                chosen.add(e);
                left -= e.size;
                if (chosen.size() == maxCount) {
                    break;
                }
            }
            if (left < smallest) {
                break;
            }
        }
        List<Message> out = new ArrayList<>(chosen.size());
        for (Entry e : chosen) {
            out.add(e.message);
            ordered.remove(e);
            e.transmits++;
            if (e.transmits >= limit) {
                byKey.remove(e.key, e);
                if (e.onDone != null) {
                    e.onDone.run();
                }
            } else {
                ordered.add(e);
            }
        }
        if (ordered.isEmpty()) {
            smallest = Integer.MAX_VALUE;
        }
        return out;
    }

    /** Drops the news queued about {@code key}, if any; its {@code onDone} runs. */
    void remove(String key) {
        Entry old = byKey.remove(key);
        if (old != null) {
            ordered.remove(old);
            if (old.onDone != null) {
                old.onDone.run();
            }
            if (ordered.isEmpty()) {
                smallest = Integer.MAX_VALUE;
            }
        }
    }

    int size() {
        return ordered.size();
    }

    /** Transmissions of the news queued about {@code key}, or -1 if there is none. */
    int transmits(String key) {
        Entry e = byKey.get(key);
        return e == null ? -1 : e.transmits;
    }
}
