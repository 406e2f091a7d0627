package io.gossamer.swim.transport;

import io.gossamer.swim.wire.FrameBudget;

import java.util.function.LongConsumer;

/**
 * Bytes of buffers that the streams of one direction take at once, at most {@code maxBytes}
 * together. Each stream takes through its own {@link Share}, which counts its part so that the
 * stream gives all of it back when it ends, however it ends. Confined to the node's context.
 */
final class SharedBudget {

    private final long maxBytes;
    private final String purpose;
    private final LongConsumer heldNow;
    private long held;

    /**
     * @param purpose what the streams carry, for refusals ("incoming streams")
     * @param heldNow told what all streams hold after each change, for the peak in the metrics
     */
    SharedBudget(long maxBytes, String purpose, LongConsumer heldNow) {
        this.maxBytes = maxBytes;
        this.purpose = purpose;
        this.heldNow = heldNow;
    }

    /** A new stream's share of the budget. */
    Share share() {
        return new Share();
    }

    /** One stream's part of the budget. */
    final class Share implements FrameBudget {
        private long own;

        @Override
        public long largestFrame() {
            // A frame's pieces and their joined copy (or a sealed frame and its plaintext) fit together.
            return maxBytes / 2;
        }

        @Override
        public String purpose() {
            return purpose;
        }

        @Override
        public boolean reserve(int bytes) {
            if (held + bytes > maxBytes) {
                return false;
            }
            held += bytes;
            own += bytes;
            heldNow.accept(held);
            return true;
        }

        @Override
        public void release(long bytes) {
            held -= bytes;
            own -= bytes;
            heldNow.accept(held);
        }

        /** Gives back whatever this stream still holds: it ended, maybe mid-frame. */
        void releaseAll() {
            if (own != 0) {
                release(own);
            }
        }
    }
}
