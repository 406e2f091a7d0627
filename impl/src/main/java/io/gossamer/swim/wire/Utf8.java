package io.gossamer.swim.wire;

/**
 * Strict UTF-8, written by hand so that the encoded length can be computed without allocating,
 * and so that decoding rejects (instead of replacing) everything that is not well-formed:
 * overlong forms, encoded surrogates, code points above U+10FFFF, stray or missing continuation
 * bytes. A replaced character would make two different byte strings decode to the same name.
 */
final class Utf8 {

    private Utf8() {
    }

    /** UTF-8 length of {@code s}, or -1 if it holds an unpaired surrogate. */
    static int encodedLength(String s) {
        int len = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 4;
                    i++;
                } else {
                    return -1;
                }
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                len += 3;
            }
        }
        return len;
    }

    /** Writes {@code s} (already checked by {@link #encodedLength}) at {@code pos}; returns the new position. */
    static int write(String s, byte[] dst, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[pos++] = (byte) c;
            } else if (c < 0x800) {
                dst[pos++] = (byte) (0xC0 | (c >> 6));
                dst[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[pos++] = (byte) (0xF0 | (cp >> 18));
                dst[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                dst[pos++] = (byte) (0xE0 | (c >> 12));
                dst[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }

    /** Decodes {@code len} bytes at {@code off}, or returns null if they are not well-formed UTF-8. */
    static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            // Names and addresses are nearly always ASCII: one copy into a Latin-1 string, without
            // the char[] the general path needs (a sixth of all allocation of 500 nodes joining).
            return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return decodeGeneral(b, off, len);
    }

    private static String decodeGeneral(byte[] b, int off, int len) {
        char[] out = new char[len];
        int n = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int b0 = b[i] & 0xFF;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
            } else if (b0 < 0xC2) {
                // 0x80..0xBF: continuation without a lead; 0xC0, 0xC1: overlong two-byte forms.
                return null;
            } else if (b0 < 0xE0) {
                if (end - i < 2 || !isContinuation(b[i + 1])) {
                    return null;
                }
                out[n++] = (char) (((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F));
                i += 2;
            } else if (b0 < 0xF0) {
                if (end - i < 3 || !isContinuation(b[i + 1]) || !isContinuation(b[i + 2])) {
                    return null;
                }
                int b1 = b[i + 1] & 0xFF;
                if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
                    return null; // overlong, or a UTF-16 surrogate encoded directly
                }
                out[n++] = (char) (((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b[i + 2] & 0x3F));
                i += 3;
            } else if (b0 < 0xF5) {
                if (end - i < 4 || !isContinuation(b[i + 1]) || !isContinuation(b[i + 2])
                        || !isContinuation(b[i + 3])) {
                    return null;
                }
                int b1 = b[i + 1] & 0xFF;
                if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
                    return null; // overlong, or above U+10FFFF
                }
                int cp = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6)
                        | (b[i + 3] & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                return null;
            }
        }
        return new String(out, 0, n);
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
