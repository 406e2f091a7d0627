package io.gossamer.bench.peers;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little of MessagePack that Serf's RPC protocol needs: maps with string keys, strings,
 * integers, booleans and arrays out; any value in (binary and extension values are skipped as
 * bytes).
 */
public final class Msgpack {

    private Msgpack() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        if (v == null) {
            out.write(0xc0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n >= 0 && n < 128) {
                out.write((int) n);
            } else if (n >= 0 && n <= 0xffffffffL) {
                out.write(0xce);
                int32(out, n);
            } else {
                out.write(0xd3);
                int32(out, n >>> 32);
                int32(out, n);
            }
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 32) {
                out.write(0xa0 | b.length);
            } else if (b.length < 65536) {
                // str16 (raw16 in the old spec, which every decoder reads)
                out.write(0xda);
                out.write(b.length >>> 8);
                out.write(b.length & 0xff);
            } else {
                throw new IllegalArgumentException("string too long");
            }
            out.writeBytes(b);
        } else if (v instanceof List<?> l) {
            if (l.size() < 16) {
                out.write(0x90 | l.size());
            } else {
                out.write(0xdc);
                out.write(l.size() >>> 8);
                out.write(l.size() & 0xff);
            }
            l.forEach(x -> write(out, x));
        } else if (v instanceof Map<?, ?> m) {
            if (m.size() < 16) {
                out.write(0x80 | m.size());
            } else {
                out.write(0xde);
                out.write(m.size() >>> 8);
                out.write(m.size() & 0xff);
            }
            m.forEach((k, x) -> {
                write(out, k);
                write(out, x);
            });
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    private static void int32(ByteArrayOutputStream out, long n) {
        out.write((int) (n >>> 24) & 0xff);
        out.write((int) (n >>> 16) & 0xff);
        out.write((int) (n >>> 8) & 0xff);
        out.write((int) n & 0xff);
    }

    /** Reads one value: Map, List, String, Long, Double, Boolean, byte[] or null. */
    public static Object read(DataInputStream in) throws IOException {
        int t = in.read();
        if (t < 0) {
            throw new EOFException();
        }
        if (t <= 0x7f) {
            return (long) t;
        }
        if (t >= 0xe0) {
            return (long) (byte) t;
        }
        if ((t & 0xf0) == 0x80) {
            return map(in, t & 0x0f);
        }
        if ((t & 0xf0) == 0x90) {
            return list(in, t & 0x0f);
        }
        if ((t & 0xe0) == 0xa0) {
            return string(in, t & 0x1f);
        }
        return switch (t) {
            case 0xc0 -> null;
            case 0xc2 -> false;
            case 0xc3 -> true;
            case 0xc4 -> bytes(in, in.readUnsignedByte());
            case 0xc5 -> bytes(in, in.readUnsignedShort());
            case 0xc6 -> bytes(in, in.readInt());
            case 0xc7 -> ext(in, in.readUnsignedByte());
            case 0xc8 -> ext(in, in.readUnsignedShort());
            case 0xc9 -> ext(in, in.readInt());
            case 0xca -> (double) in.readFloat();
            case 0xcb -> in.readDouble();
            case 0xcc -> (long) in.readUnsignedByte();
            case 0xcd -> (long) in.readUnsignedShort();
            case 0xce -> in.readInt() & 0xffffffffL;
            case 0xcf, 0xd3 -> in.readLong();
            case 0xd0 -> (long) in.readByte();
            case 0xd1 -> (long) in.readShort();
            case 0xd2 -> (long) in.readInt();
            case 0xd4 -> ext(in, 1);
            case 0xd5 -> ext(in, 2);
            case 0xd6 -> ext(in, 4);
            case 0xd7 -> ext(in, 8);
            case 0xd8 -> ext(in, 16);
            case 0xd9 -> string(in, in.readUnsignedByte());
            case 0xda -> string(in, in.readUnsignedShort());
            case 0xdb -> string(in, in.readInt());
            case 0xdc -> list(in, in.readUnsignedShort());
            case 0xdd -> list(in, in.readInt());
            case 0xde -> map(in, in.readUnsignedShort());
            case 0xdf -> map(in, in.readInt());
            default -> throw new IOException("unknown MessagePack type 0x" + Integer.toHexString(t));
        };
    }

    private static Map<String, Object> map(DataInputStream in, int n) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object k = read(in);
            m.put(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(k), read(in));
        }
        return m;
    }

    private static List<Object> list(DataInputStream in, int n) throws IOException {
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(read(in));
        }
        return l;
    }

    private static String string(DataInputStream in, int n) throws IOException {
        return new String(bytes(in, n), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static byte[] ext(DataInputStream in, int n) throws IOException {
        in.readByte(); // the extension type
        return bytes(in, n);
    }
}
