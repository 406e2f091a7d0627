package io.gossamer.swim.wire;

import java.nio.charset.StandardCharsets;

/**
 * The part shared by datagrams and stream frames: {@code [magic 2][version 1][label length 1][label]}.
 *
 * <p>The version byte is the format version (bits 0 to 5: 3 since state exchanges carry recent
 * cluster events; other versions are dropped), the compressed flag (bit 6: what follows is raw
 * DEFLATE, see {@link Compression}) and the sealed flag (bit 7): {@code 0x03} is plaintext,
 * {@code 0x83} is sealed with AES-GCM behind the header (see {@link Envelope}), {@code 0x43} and
 * {@code 0xc3} the same compressed. A receiver tells them apart before reading anything else, and
 * the flags are part of a sealed message's associated data, so they cannot be cleared or set in
 * transit without the message being dropped.
 */
final class Header {

    /** The format version, in the low seven bits of the version byte. */
    static final int VERSION = 3;
    /** Bit 7 of the version byte: what follows the header is sealed. */
    static final int SEALED = 0x80;
    /** Bit 6 of the version byte: what follows the header (and is sealed, if it is) is compressed. */
    static final int COMPRESSED = 0x40;
    /** Bits 0 to 5 of the version byte: the format version. */
    static final int VERSION_MASK = 0x3F;
    /** Longest detail kept from a foreign label, in code points. */
    private static final int MAX_LABEL_DETAIL = 64;

    private Header() {
    }

    static byte[] labelBytes(String label) {
        WireLimits.utf8Length(label, WireLimits.MAX_LABEL_BYTES, "label");
        return label.getBytes(StandardCharsets.UTF_8);
    }

    /** Size of the shared header for a label of {@code labelLength} bytes. */
    static int size(int labelLength) {
        return 2 + 1 + 1 + labelLength;
    }

    static void write(WireWriter w, byte magic0, byte magic1, byte[] label, boolean sealed) {
        w.u8(magic0);
        w.u8(magic1);
        w.u8(versionByte(sealed));
        w.u8(label.length);
        w.bytes(label);
    }

    /** The version byte of a plaintext or a sealed datagram or frame. */
    static int versionByte(boolean sealed) {
        return sealed ? VERSION | SEALED : VERSION;
    }

    /** The detail of an unsupported version byte, for logs. */
    static String versionDetail(int versionByte) {
        return "version " + (versionByte & VERSION_MASK) + ((versionByte & SEALED) != 0 ? " (sealed)" : "")
                + ((versionByte & COMPRESSED) != 0 ? " (compressed)" : "")
                + ", byte 0x" + String.format("%02x", versionByte);
    }

    static String magicDetail(int b0, int b1) {
        String hex = String.format("0x%02x%02x", b0, b1);
        if (b0 == PacketCodec.MAGIC_0 && b1 == StreamCodec.MAGIC_1) {
            return hex + ": a stream frame on the datagram channel";
        } else if (b0 == StreamCodec.MAGIC_0 && b1 == PacketCodec.MAGIC_1) {
            return hex + ": a datagram on the stream channel";
        } else if (b0 == 0xF4 || b0 <= 13) {
            return hex + ": possibly memberlist traffic";
        }
        return hex;
    }

    /**
     * A foreign label made safe for a log line: decoded leniently, control, format (bidi) and
     * unassigned characters replaced by '?', cut to {@value #MAX_LABEL_DETAIL} code points. The
     * label comes from an unauthenticated sender and may try to forge log lines.
     */
    static String sanitizeLabel(byte[] b, int off, int len) {
        return printable(new String(b, off, len, StandardCharsets.UTF_8), MAX_LABEL_DETAIL);
    }

    /**
     * {@code raw} with control, format (bidi), unassigned, private-use and separator characters
     * (and U+FFFD) replaced by '?', so that text from a stranger cannot forge or reorder log lines.
     */
    static String printable(String raw) {
        return printable(raw, Integer.MAX_VALUE);
    }

    private static String printable(String raw, int maxCodePoints) {
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), maxCodePoints == Integer.MAX_VALUE
                ? raw.length() : maxCodePoints + 3));
        int count = 0;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (count == maxCodePoints) {
                sb.append("...");
                break;
            }
            int type = Character.getType(cp);
            boolean unsafe = Character.isISOControl(cp) || type == Character.FORMAT
                    || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || cp == 0xFFFD;
            if (unsafe) {
                sb.append('?');
            } else {
                sb.appendCodePoint(cp);
            }
            count++;
        }
        return sb.toString();
    }
}
