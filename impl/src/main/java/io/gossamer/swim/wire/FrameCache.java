package io.gossamer.swim.wire;

/**
 * The encoded bodies of gossip messages (alive, suspect, dead, forget) by message identity, for a
 * sender that puts the same message object in many datagrams: a piece of news goes out up to
 * {@code retransmit-mult · log10(n)} times from every member, and encoding it afresh each time
 * (sizing and checking every field, then writing it) was a sixth of the CPU of 500 nodes joining
 * through one seed in one JVM. memberlist keeps its broadcasts encoded for the same reason.
 *
 * <p>Direct-mapped: a slot per identity hash, a later message takes the slot of an earlier one.
 * Messages are immutable, so a cached body is the message's encoding for good. Not thread-safe:
 * one per sender, used on the sender's thread. {@link #clear()} lets everything go (the driver
 * does so when it sends a datagram without gossip: then nothing is queued to be sent again).
 */
public final class FrameCache {

    private final int size;
    private final int shift;
    /** Allocated at the first body kept and dropped by {@link #clear()}: an idle node holds nothing. */
    private Message[] keys;
    private byte[][] bodies;
    private int held;

    /** @param slots how many bodies it holds at most; rounded up to a power of two */
    public FrameCache(int slots) {
        size = Math.max(2, Integer.highestOneBit(Math.max(1, slots - 1)) << 1);
        shift = 32 - Integer.numberOfTrailingZeros(size);
    }

    /** Whether {@code m} is gossip, sent again and again as it is: only those are kept. */
    public static boolean keeps(Message m) {
        return m instanceof Message.Alive || m instanceof Message.Suspect || m instanceof Message.Dead
                || m instanceof Message.Forget;
    }

    byte[] get(Message m) {
        if (keys == null) {
            return null;
        }
        int i = slot(m);
        return keys[i] == m ? bodies[i] : null;
    }

    void put(Message m, byte[] body) {
        if (keys == null) {
            keys = new Message[size];
            bodies = new byte[size][];
        }
        int i = slot(m);
        if (keys[i] == null) {
            held++;
        }
        keys[i] = m;
        bodies[i] = body;
    }

    /** Forgets every body. */
    public void clear() {
        keys = null;
        bodies = null;
        held = 0;
    }

    /** How many bodies it holds now. */
    public int size() {
        return held;
    }

    private int slot(Message m) {
        return (System.identityHashCode(m) * 0x9E3779B9) >>> shift;
    }
}
