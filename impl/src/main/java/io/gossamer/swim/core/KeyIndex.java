package io.gossamer.swim.core;

import java.util.function.Function;

/**
 * Records by a string key that each of them carries (a member's name or host, the member a piece
 * of news is about), one record per key.
 *
 * <p>An open-addressing table of the records themselves (linear probing, at most three quarters
 * full: at half, 10,000 members took 32,768 slots, 1.3 GB of a 10,000-node simulation), not a
 * {@code HashMap}: the key is read from the record, so an entry costs 1.3 to 2.7 array slots (5 to
 * 11 bytes) instead of a map node (32 bytes) and its slot. Every core holds one entry per member in
 * its table and, while a cluster joins, one per member in its news queue; a simulator of n cores
 * holds n² of each, so this decides how large a cluster it can hold. It shrinks again when mostly
 * empty (a news queue is full only while a cluster joins). Nothing iterates it, so its order does
 * not matter.
 */
final class KeyIndex<T> {

    private static final int MIN_CAPACITY = 16;

    private final Function<T, String> key;
    private Object[] slots = new Object[MIN_CAPACITY];
    /** 32 − log2(slots.length): the top bits of the mixed hash pick the slot. */
    private int shift = 32 - Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private int size;

    KeyIndex(Function<T, String> key) {
        this.key = key;
    }

    /** The record under {@code k}, or null. */
    T get(String k) {
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            T s = at(i);
            if (s == null) {
                return null;
            }
            if (key.apply(s).equals(k)) {
                return s;
            }
        }
    }

    /** Puts {@code n} under its key, in place of the record held there, if any. */
    void put(T n) {
        if (4 * (size + 1) > 3 * slots.length) {
            resize(slots.length * 2);
        }
        String k = key.apply(n);
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            T s = at(i);
            if (s == null) {
                slots[i] = n;
                size++;
                return;
            }
            if (key.apply(s).equals(k)) {
                slots[i] = n;
                return;
            }
        }
    }

    /** Removes the record under {@code k}, if any. */
    void remove(String k) {
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            T s = at(i);
            if (s == null) {
                return;
            }
            if (key.apply(s).equals(k)) {
                removeAt(i, mask);
                if (slots.length > MIN_CAPACITY && 8 * size < slots.length) {
                    resize(Math.max(MIN_CAPACITY, slots.length / 4));
                }
                return;
            }
        }
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private T at(int i) {
        return (T) slots[i];
    }

    /**
     * Empties slot {@code i} and moves back the entries after it that probing could no longer reach
     * (Knuth's algorithm R), so no tombstones pile up.
     */
    private void removeAt(int i, int mask) {
        int gap = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int h = home(key.apply(at(j)));
            boolean reachable = gap <= j ? gap < h && h <= j : gap < h || h <= j;
            if (!reachable) {
                slots[gap] = slots[j];
                gap = j;
            }
        }
        slots[gap] = null;
        size--;
    }

    private void resize(int capacity) {
        Object[] old = slots;
        slots = new Object[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        size = 0;
        for (Object s : old) {
            if (s != null) {
                @SuppressWarnings("unchecked")
                T t = (T) s;
                put(t);
            }
        }
    }

    /** Fibonacci hashing: names such as node-00042 differ in their last characters only. */
    private int home(String k) {
        return (k.hashCode() * 0x9E3779B9) >>> shift;
    }
}
