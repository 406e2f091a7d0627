package io.gossamer.swim.core;

import io.gossamer.swim.wire.Message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The infection-style dissemination queue: news waiting to be piggybacked on outgoing packets.
 *
 * <p>Each piece of news concerns one member and is keyed by its name, so newer news about a member
 * replaces older news still queued (the queue never holds more entries than there are members).
 * Packets are filled with the least-transmitted news first, newest first among equals, and a piece
 * of news is dropped once it has been sent {@code limit} times, where the caller derives the limit
 * from the cluster size.
 *
 * <p>While a cluster joins, every node queues news of every member, so an entry's size counts: a
 * simulator of n cores holds n² of them at the peak. An entry is one small object (32 bytes: the
 * message, its order, its size and transmissions, two links) plus a slot or two of a
 * {@link KeyIndex} by member name; the message itself is the one the news arrived in, not a copy.
 * The order is a list per transmission count, newest first; news enters at the head of the first
 * list, and a transmitted piece enters the next list where its age puts it, which is almost always
 * at one end of it (a packet takes the newest news of a list first), so it is found from both ends.
 */
final class BroadcastQueue {

    /** Sizes and transmission counts are kept in 16 bits; a larger size never fits a datagram. */
    private static final int MAX_SIZE = 0xFFFF;
    /** The transmission count of an entry no longer queued (counts stay far below: at most 100 × 10). */
    private static final char GONE = 0xFFFF;

    private static class Entry {
        final Message message;
        /** Order of queuing: among equal transmission counts a larger one goes first. */
        int id;
        final char size;
        char transmits;
        Entry prev;
        Entry next;

        Entry(Message message, int id, int size) {
            this.message = message;
            this.id = id;
            this.size = (char) Math.min(size, MAX_SIZE);
        }

        Runnable onDone() {
            return null;
        }
    }

    /** The rare entry that must say when it is done (a leave, which waits for its news to go out). */
    private static final class EntryWithDone extends Entry {
        final Runnable onDone;

        EntryWithDone(Message message, int id, int size, Runnable onDone) {
            super(message, id, size);
            this.onDone = onDone;
        }

        @Override
        Runnable onDone() {
            return onDone;
        }
    }

    private final ToIntFunction<Message> sizer;
    private final Function<Message, String> keyOf;
    /** Head and tail of the list of each transmission count. */
    private Entry[] heads = new Entry[4];
    private Entry[] tails = new Entry[4];
    /** Entries by the member their news is about. */
    private final KeyIndex<Entry> index;
    private int smallest = Integer.MAX_VALUE;
    private int nextId;

    /** A queue of news about members. @param sizer the bytes a message takes in a packet, framing included */
    BroadcastQueue(ToIntFunction<Message> sizer) {
        this(sizer, BroadcastQueue::keyOf);
    }

    /**
     * A queue of messages keyed by {@code keyOf}: a message replaces the one queued under its key.
     * Cluster events are keyed by origin and Lamport time, so none replaces another.
     */
    BroadcastQueue(ToIntFunction<Message> sizer, Function<Message, String> keyOf) {
        this.sizer = sizer;
        this.keyOf = keyOf;
        this.index = new KeyIndex<>(e -> keyOf.apply(e.message));
    }

    /** The member a piece of news is about: the key it is queued under. */
    static String keyOf(Message message) {
        if (message instanceof Message.Alive a) {
            return a.name();
        } else if (message instanceof Message.Suspect s) {
            return s.name();
        } else if (message instanceof Message.Dead d) {
            return d.name();
        } else if (message instanceof Message.Forget f) {
            return f.name();
        }
        throw new IllegalArgumentException("not news about a member: " + message);
    }

    /**
     * Queues news about {@code key}, replacing what was queued about it. {@code onDone} (may be
     * {@code null}) runs once the news has been sent {@code limit} times, was replaced or removed.
     *
     * @throws IllegalArgumentException if {@code message} is not news about member {@code key}
     */
    void queue(String key, Message message, Runnable onDone) {
        if (!key.equals(keyOf.apply(message))) {
            throw new IllegalArgumentException("news about " + keyOf.apply(message) + " queued under " + key);
        }
        Entry old = index.get(key);
        if (old != null) {
            drop(old);
            Runnable done = old.onDone();
            if (done != null) {
                done.run();
            }
        }
        if (nextId == Integer.MAX_VALUE) {
            renumber();
        }
        int bytes = sizer.applyAsInt(message);
        Entry e = onDone == null ? new Entry(message, nextId++, bytes)
                : new EntryWithDone(message, nextId++, bytes, onDone);
        insert(e);
        smallest = Math.min(smallest, bytes);
    }

    /**
     * Takes up to {@code maxCount} messages whose sizes add up to at most {@code budget} bytes,
     * counting one transmission for each and dropping those that reached {@code limit}.
     */
    List<Message> take(int budget, int maxCount, int limit) {
        List<Entry> chosen = choose(budget, maxCount);
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>(chosen.size());
        for (Entry e : chosen) {
            out.add(e.message);
            if (e.transmits == GONE) {
                continue; // replaced or removed by a completion run earlier in this loop
            }
            unlink(e);
            e.transmits++;
            if (e.transmits >= limit) {
                index.remove(keyOf.apply(e.message));
                Runnable done = e.onDone();
                if (done != null) {
                    done.run();
                }
            } else {
                link(e);
            }
        }
        if (index.size() == 0) {
            smallest = Integer.MAX_VALUE;
        }
        return out;
    }

    /**
     * What {@link #take} would take, without counting a transmission: for a packet that may well
     * reach nobody (a suspect's or a dead member's address), which must not use up the news.
     */
    List<Message> peek(int budget, int maxCount) {
        List<Entry> chosen = choose(budget, maxCount);
        List<Message> out = new ArrayList<>(chosen.size());
        for (Entry e : chosen) {
            out.add(e.message);
        }
        return out;
    }

    /** The least-transmitted entries, newest first among equals, that fit {@code budget} bytes. */
    private List<Entry> choose(int budget, int maxCount) {
        if (index.size() == 0 || budget < smallest || maxCount <= 0) {
            return List.of();
        }
        List<Entry> chosen = new ArrayList<>();
        int left = budget;
        scan:
        for (int t = 0; t < heads.length; t++) {
            for (Entry e = heads[t]; e != null; e = e.next) {
                if (e.size <= left) {
                    chosen.add(e);
                    left -= e.size;
                    if (chosen.size() == maxCount) {
                        break scan;
                    }
                }
                if (left < smallest) {
                    break scan;
                }
            }
        }
        return chosen;
    }

    /** Drops the news queued about {@code key}, if any; its {@code onDone} runs. */
    void remove(String key) {
        Entry old = index.get(key);
        if (old != null) {
            drop(old);
            Runnable done = old.onDone();
            if (done != null) {
                done.run();
            }
            if (index.size() == 0) {
                smallest = Integer.MAX_VALUE;
            }
        }
    }

    int size() {
        return index.size();
    }

    /** Transmissions of the news queued about {@code key}, or -1 if there is none. */
    int transmits(String key) {
        Entry e = index.get(key);
        return e == null ? -1 : e.transmits;
    }

    private void insert(Entry e) {
        index.put(e);
        link(e);
    }

    private void drop(Entry e) {
        unlink(e);
        index.remove(keyOf.apply(e.message));
        e.transmits = GONE;
    }

    /** Puts {@code e} in the list of its transmission count, where its id orders it. */
    private void link(Entry e) {
        int t = e.transmits;
        if (t >= heads.length) {
            heads = Arrays.copyOf(heads, Math.max(t + 1, 2 * heads.length));
            tails = Arrays.copyOf(tails, heads.length);
        }
        Entry head = heads[t];
        if (head == null || e.id > head.id) {
            e.next = head;
            e.prev = null;
            if (head == null) {
                tails[t] = e;
            } else {
                head.prev = e;
            }
            heads[t] = e;
            return;
        }
        // After the last entry newer than e: walk from both ends at once, so that the cost is the
        // distance to the nearer end.
        Entry fromHead = head;
        Entry fromTail = tails[t];
        Entry after;
        while (true) {
            if (fromTail.id > e.id) {
                after = fromTail;
                break;
            }
            fromTail = fromTail.prev;
            if (fromHead.next == null || fromHead.next.id < e.id) {
                after = fromHead;
                break;
            }
            fromHead = fromHead.next;
        }
        e.prev = after;
        e.next = after.next;
        if (after.next == null) {
            tails[t] = e;
        } else {
            after.next.prev = e;
        }
        after.next = e;
    }

    private void unlink(Entry e) {
        int t = e.transmits;
        if (e.prev == null) {
            heads[t] = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tails[t] = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
    }

    /** Ids restart from 0 in the same order, so that they never overflow. */
    private void renumber() {
        List<Entry> all = new ArrayList<>(index.size());
        for (Entry head : heads) {
            for (Entry e = head; e != null; e = e.next) {
                all.add(e);
            }
        }
        all.sort(Comparator.comparingInt(e -> e.id));
        for (int i = 0; i < all.size(); i++) {
            all.get(i).id = i;
        }
        nextId = all.size();
    }

    /** For the test of {@link #renumber}: the id the next queued news gets. */
    void nextIdForTest(int id) {
        nextId = id;
    }
}
