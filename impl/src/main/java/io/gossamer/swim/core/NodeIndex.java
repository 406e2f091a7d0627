package io.gossamer.swim.core;

import java.util.function.Function;

/**
 * Members by a string key that each of them carries (its name, its host), one member per key.
 *
 * <p>An open-addressing table of the members themselves (linear probing, at most three quarters
 * full: at half, 10,000 members took 32,768 slots, 1.3 GB of a 10,000-node simulation), not a
 * {@code HashMap}: the key is read from the member, so an entry costs 1.3 to 2.7 array slots (5 to
 * 11 bytes) instead of a map node (32 bytes) and its slot. Every core holds one entry per member, and
 * a simulator of n cores holds n² of them, so this decides how large a cluster it can hold. Nothing
 * iterates it, so its order does not matter.
 */
final class NodeIndex {

    private static final int MIN_CAPACITY = 16;

    private final Function<NodeState, String> key;
    private NodeState[] slots = new NodeState[MIN_CAPACITY];
    /** 32 − log2(slots.length): the top bits of the mixed hash pick the slot. */
    private int shift = 32 - Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private int size;

    NodeIndex(Function<NodeState, String> key) {
        this.key = key;
    }

    /** The member under {@code k}, or null. */
    NodeState get(String k) {
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            NodeState s = slots[i];
            if (s == null) {
                return null;
            }
            if (key.apply(s).equals(k)) {
                return s;
            }
        }
    }

    /** Puts {@code n} under its key, in place of the member held there, if any. */
    void put(NodeState n) {
        if (4 * (size + 1) > 3 * slots.length) {
            grow();
        }
        String k = key.apply(n);
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            NodeState s = slots[i];
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

    /** Removes the member under {@code k}, if any. */
    void remove(String k) {
        int mask = slots.length - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            NodeState s = slots[i];
            if (s == null) {
                return;
            }
            if (key.apply(s).equals(k)) {
                removeAt(i, mask);
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /**
     * Empties slot {@code i} and moves back the entries after it that probing could no longer reach
     * (Knuth's algorithm R), so no tombstones pile up.
     */
    private void removeAt(int i, int mask) {
        int gap = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int h = home(key.apply(slots[j]));
            boolean reachable = gap <= j ? gap < h && h <= j : gap < h || h <= j;
            if (!reachable) {
                slots[gap] = slots[j];
                gap = j;
            }
        }
        slots[gap] = null;
        size--;
    }

    private void grow() {
        NodeState[] old = slots;
        slots = new NodeState[old.length * 2];
        shift--;
        size = 0;
        for (NodeState s : old) {
            if (s != null) {
                put(s);
            }
        }
    }

    /** Fibonacci hashing: names such as node-00042 differ in their last characters only. */
    private int home(String k) {
        return (k.hashCode() * 0x9E3779B9) >>> shift;
    }
}
