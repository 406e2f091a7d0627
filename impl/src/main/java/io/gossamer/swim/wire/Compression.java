package io.gossamer.swim.wire;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE (RFC 1951, the JDK's) of what follows a header, when it shrinks it: a push-pull of
 * many members repeats datacenters, roles, tag keys and address prefixes, and a full datagram of
 * news repeats names. The header says so (bit 6 of the version byte); compression comes before
 * sealing, so a sealed payload is the compressed one, and a receiver opens, then inflates.
 */
final class Compression {

    /** Payloads shorter than this go as they are: there is little to gain, and a datagram of one ack is the common case. */
    static final int THRESHOLD = 512;

    /** Where an inflated payload's memory comes from (a stream's comes from its budget). */
    @FunctionalInterface
    interface Allocator {
        byte[] allocate(int size) throws WireFormatException;
    }

    private Compression() {
    }

    /** {@code data[off, off + len)} deflated, or null if that is not smaller. */
    static byte[] deflate(byte[] data, int off, int len) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data, off, len);
            deflater.finish();
            byte[] out = new byte[len];
            int n = 0;
            while (!deflater.finished() && n < out.length) {
                n += deflater.deflate(out, n, out.length - n);
            }
            return deflater.finished() && n < len ? Arrays.copyOf(out, n) : null;
        } finally {
            deflater.end();
        }
    }

    /**
     * {@code data[off, off + len)} inflated, at most {@code max} bytes: more is a drop
     * ({@code TOO_LARGE}), so that a small payload cannot expand into a large allocation; a payload
     * that is not complete, valid DEFLATE is a drop ({@code INVALID_FIELD}).
     */
    static byte[] inflate(byte[] data, int off, int len, int max, Allocator allocator) throws WireFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, off, len);
            int size = (int) Math.min(max, Math.max(1024L, 4L * len));
            byte[] out = allocator.allocate(size);
            int n = 0;
            while (true) {
                n += inflater.inflate(out, n, out.length - n);
                if (inflater.finished()) {
                    break;
                }
                if (n == out.length) {
                    if (out.length >= max) {
                        throw new WireFormatException(DropReason.TOO_LARGE, "a compressed payload inflating beyond "
                                + max + " bytes");
                    }
                    byte[] larger = allocator.allocate((int) Math.min(max, 2L * out.length));
                    System.arraycopy(out, 0, larger, 0, n);
                    out = larger;
                } else if (inflater.needsInput() || inflater.needsDictionary()) {
                    throw new WireFormatException(DropReason.INVALID_FIELD, "a compressed payload that ends early");
                }
            }
            if (inflater.getRemaining() != 0) {
                throw new WireFormatException(DropReason.TRAILING_BYTES, inflater.getRemaining()
                        + " bytes after the compressed payload");
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new WireFormatException(DropReason.INVALID_FIELD, "a compressed payload that is not valid DEFLATE");
        } finally {
            inflater.end();
        }
    }
}
