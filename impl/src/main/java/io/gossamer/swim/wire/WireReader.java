package io.gossamer.swim.wire;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads over {@code [pos, end)} of an array. Every read checks the remaining
 * bytes first, so a hostile length never reaches an allocation or an array index.
 */
final class WireReader {

    private final byte[] buf;
    private int pos;
    private final int end;
    /** Reason used when a fixed-width field runs past {@code end}. */
    private final DropReason shortReason;

    WireReader(byte[] buf, int pos, int end, DropReason shortReason) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
        this.shortReason = shortReason;
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    private void need(int n, String field) throws WireFormatException {
        if (end - pos < n) {
            throw new WireFormatException(shortReason, field + " needs " + n + " bytes, "
                    + (end - pos) + " left");
        }
    }

    int u8(String field) throws WireFormatException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws WireFormatException {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32(String field) throws WireFormatException {
        need(4, field);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long i64(String field) throws WireFormatException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    boolean bool(String field) throws WireFormatException {
        int v = u8(field);
        if (v > 1) {
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " is " + v + ", not 0 or 1");
        }
        return v == 1;
    }

    /**
     * Unsigned LEB128 holding a non-negative long, in its shortest form only: at most nine bytes,
     * no redundant trailing zero group. Nine groups of seven bits hold 63 bits, so a negative value
     * cannot be expressed at all. Accepting only one encoding per value keeps sizes exact.
     */
    long varint(String field) throws WireFormatException {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            int b = u8(field);
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new WireFormatException(DropReason.INVALID_FIELD, field + " is not minimally encoded");
                }
                return v;
            }
        }
        throw new WireFormatException(DropReason.INVALID_FIELD, field + " is longer than 9 bytes");
    }

    /** One length byte, then that many bytes of well-formed UTF-8. */
    String string8(String field) throws WireFormatException {
        int len = u8(field + " length");
        if (len > end - pos) {
            throw new WireFormatException(DropReason.BAD_LENGTH, field + " length " + len + " exceeds the "
                    + (end - pos) + " bytes left");
        }
        String s = Utf8.decode(buf, pos, len);
        if (s == null) {
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " is not well-formed UTF-8");
        }
        pos += len;
        return s;
    }

    /** A {@link #string8} that must be an identifier ({@link WireText}): a name, datacenter, role, tag key. */
    String identifier8(String field) throws WireFormatException {
        String s = string8(field);
        String problem = WireText.identifierProblem(s);
        if (problem != null) {
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " " + problem);
        }
        return s;
    }

    /** A {@link #string8} that must be text ({@link WireText}): a tag value. */
    String text8(String field) throws WireFormatException {
        String s = string8(field);
        String problem = WireText.textProblem(s);
        if (problem != null) {
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " " + problem);
        }
        return s;
    }

    /** {@code n} raw bytes, copied. */
    byte[] bytes(int n, String field) throws WireFormatException {
        need(n, field);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** One length byte, then 1..255 bytes of printable ASCII (0x21..0x7E) forming an IP literal. */
    String host(String field) throws WireFormatException {
        int len = u8(field + " length");
        if (len > end - pos) {
            throw new WireFormatException(DropReason.BAD_LENGTH, field + " length " + len + " exceeds the "
                    + (end - pos) + " bytes left");
        }
        if (len == 0) {
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " is empty");
        }
        for (int i = pos; i < pos + len; i++) {
            if (buf[i] < 0x21 || buf[i] > 0x7E) {
                throw new WireFormatException(DropReason.INVALID_FIELD, field + " holds byte 0x"
                        + Integer.toHexString(buf[i] & 0xFF) + ", only printable ASCII is allowed");
            }
        }
        String s = new String(buf, pos, len, StandardCharsets.US_ASCII);
        if (!IpLiteral.valid(s)) {
            // A name would be looked up in DNS, a name a stranger chose; never quoted, for the same reason.
            throw new WireFormatException(DropReason.INVALID_FIELD, field + " is not an IPv4 or IPv6 literal");
        }
        pos += len;
        return s;
    }

    /** True if the next {@code expected.length} bytes equal {@code expected}; does not advance. */
    boolean startsWith(byte[] expected) {
        if (end - pos < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (buf[pos + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    void skip(int n) {
        pos += n;
    }

    /**
     * A reader over the next {@code len} bytes (which must remain), advancing this one past them.
     * Reads in the slice that run past its end report {@code shortReason}.
     */
    WireReader slice(int len, DropReason sliceShortReason) {
        WireReader r = new WireReader(buf, pos, pos + len, sliceShortReason);
        pos += len;
        return r;
    }

    byte[] array() {
        return buf;
    }
}
