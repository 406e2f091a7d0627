package io.gossamer.swim.wire;

/**
 * Writes into an array sized exactly from the computed message sizes. Fields were validated
 * while computing those sizes, so writing cannot fail; a size mismatch is a codec bug and is
 * caught by {@link #finish()}.
 */
final class WireWriter {

    private final byte[] buf;
    private int pos;

    WireWriter(int size) {
        this.buf = new byte[size];
    }

    int position() {
        return pos;
    }

    void u8(int v) {
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void i64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    void bool(boolean v) {
        buf[pos++] = (byte) (v ? 1 : 0);
    }

    /** Unsigned LEB128 of a non-negative long: seven bits per byte, least significant first. */
    void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Length byte then UTF-8; {@code utf8Length} was computed (and checked) beforehand. */
    void string8(String s, int utf8Length) {
        buf[pos++] = (byte) utf8Length;
        pos = Utf8.write(s, buf, pos);
    }

    void bytes(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    byte[] finish() {
        if (pos != buf.length) {
            throw new IllegalStateException("codec bug: computed " + buf.length + " bytes, wrote " + pos);
        }
        return buf;
    }

    static int varintSize(long v) {
        // 1 byte per started group of 7 significant bits; zero still takes one byte.
        int bits = 64 - Long.numberOfLeadingZeros(v);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }
}
