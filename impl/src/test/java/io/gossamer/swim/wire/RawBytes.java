package io.gossamer.swim.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds byte sequences by hand, so that tests can write what no encoder would. */
final class RawBytes {

    /** The format version written by hand, not read from the codec, so that a change to it shows. */
    static final int VERSION = 3;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static RawBytes packetHeader(String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        return new RawBytes().u8('G').u8('D').u8(VERSION).u8(l.length).bytes(l);
    }

    static RawBytes streamHeader(String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        return new RawBytes().u8('G').u8('S').u8(VERSION).u8(l.length).bytes(l);
    }

    static byte[] u32Of(long v) {
        return new RawBytes().u32(v).toByteArray();
    }

    RawBytes u8(int v) {
        out.write(v);
        return this;
    }

    RawBytes u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    RawBytes u32(long v) {
        return u8((int) (v >>> 24)).u8((int) (v >>> 16)).u8((int) (v >>> 8)).u8((int) v);
    }

    RawBytes i64(long v) {
        return u32(v >>> 32).u32(v);
    }

    /** Unsigned LEB128, as the codec writes generations and incarnations. */
    RawBytes varint(long v) {
        while ((v & ~0x7FL) != 0) {
            u8((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        return u8((int) v);
    }

    RawBytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** Length byte then UTF-8. */
    RawBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u8(b.length).bytes(b);
    }

    /** Appends {@code body} preceded by its u16 length: one framed message of a datagram. */
    RawBytes frame(RawBytes body) {
        byte[] b = body.toByteArray();
        return u16(b.length).bytes(b);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
