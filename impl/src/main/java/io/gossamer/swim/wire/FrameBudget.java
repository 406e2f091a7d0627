package io.gossamer.swim.wire;

/**
 * The memory a {@link StreamCodec.FrameDecoder} may take for the frame it buffers. The decoder
 * reserves every buffer before allocating it, counting what it already holds (so a buffer being
 * assembled from the pieces received counts twice while both are alive, and so does a sealed
 * frame while it is opened into its plaintext), and releases it when the buffer is dropped. A
 * reservation refused ends the frame as {@link DropReason#TOO_LARGE}. Called on the decoder's
 * thread only.
 */
public interface FrameBudget {

    /**
     * The longest frame (as its length field counts) the decoder may take: a longer one is refused
     * as soon as its length is read, before anything of it is buffered.
     */
    long largestFrame();

    /** Asks for {@code bytes} more; false refuses them, and nothing is allocated. */
    boolean reserve(int bytes);

    /** Gives back {@code bytes} reserved before. */
    void release(long bytes);

    /** Whose budget this is, for the detail of a refusal: "incoming streams", "stream replies". */
    default String purpose() {
        return "this stream";
    }

    /** No bound but the codec's frame limit. */
    static FrameBudget unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The budget of {@link #unlimited()}. */
    enum Unlimited implements FrameBudget {
        INSTANCE;

        @Override
        public long largestFrame() {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean reserve(int bytes) {
            return true;
        }

        @Override
        public void release(long bytes) {
        }
    }
}
