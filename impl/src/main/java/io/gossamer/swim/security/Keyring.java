package io.gossamer.swim.security;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The AES keys a node holds: the primary key seals every outgoing message, every installed key
 * (primary included) may open an incoming one, so that a cluster can rotate keys online: install
 * the new key everywhere, make it primary everywhere, then remove the old one (as {@code serf
 * keys} does). Immutable: each step returns a new keyring.
 *
 * <p>Key material never appears in {@link #toString()}, exception messages or logs; keys are
 * named by their position and a short fingerprint (the first 8 hex digits of their SHA-256).
 */
public final class Keyring {

    /** The AES key lengths accepted, in bytes: AES-128, AES-192 and AES-256. */
    public static final List<Integer> KEY_SIZES = List.of(16, 24, 32);
    /**
     * Most keys a keyring holds. A sealed input no key opens costs one AES-GCM attempt per key, so
     * the keyring's size bounds what a stranger's garbage costs.
     */
    public static final int MAX_KEYS = 16;

    private final List<byte[]> keys;

    private Keyring(List<byte[]> keys) {
        this.keys = keys;
    }

    /**
     * A keyring whose primary key is {@code primary}, followed by {@code others}.
     *
     * @throws IllegalArgumentException if a key has a length other than 16, 24 or 32 bytes, or a key
     *                                  appears twice
     */
    public static Keyring of(byte[] primary, byte[]... others) {
        List<byte[]> all = new ArrayList<>();
        all.add(primary);
        all.addAll(Arrays.asList(others));
        return new Keyring(validated(all));
    }

    /**
     * Parses base64 keys, the first being primary, as configuration gives them. Errors name the
     * key by its position (1-based), never by its value.
     *
     * @throws IllegalArgumentException if there is no key, or a key is not base64 or not 16, 24 or
     *                                  32 bytes long, or two keys are equal
     */
    public static Keyring fromBase64(List<String> encoded) {
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("no key given: a keyring needs at least its primary key");
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            keys.add(decode(encoded.get(i), i + 1));
        }
        return new Keyring(validated(keys));
    }

    /** Decodes one base64 key given at 1-based {@code position}, for messages that name it. */
    public static byte[] decode(String base64, int position) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Objects.requireNonNull(base64, "key").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key #" + position + " is not valid base64");
        }
        checkSize(key, position);
        return key;
    }

    private static List<byte[]> validated(List<byte[]> keys) {
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a keyring holds at most " + MAX_KEYS + " keys, not " + keys.size()
                    + ": remove one first");
        }
        List<byte[]> copies = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = Objects.requireNonNull(keys.get(i), "key");
            checkSize(k, i + 1);
            for (int j = 0; j < copies.size(); j++) {
                if (MessageDigest.isEqual(copies.get(j), k)) {
                    throw new IllegalArgumentException("key #" + (i + 1) + " is the same as key #" + (j + 1));
                }
            }
            copies.add(k.clone());
        }
        return List.copyOf(copies);
    }

    private static void checkSize(byte[] key, int position) {
        if (!KEY_SIZES.contains(key.length)) {
            throw new IllegalArgumentException("key #" + position + " is " + key.length
                    + " bytes; an AES key is 16, 24 or 32 bytes (base64 of 24, 32 or 44 characters)");
        }
    }

    /** The key that seals outgoing messages. A copy. */
    public byte[] primary() {
        return keys.get(0).clone();
    }

    /** Every installed key, the primary first. Copies. */
    public List<byte[]> keys() {
        return keys.stream().map(byte[]::clone).toList();
    }

    /** How many keys are installed. */
    public int size() {
        return keys.size();
    }

    /** Whether {@code key} is installed. */
    public boolean contains(byte[] key) {
        return indexOf(key) >= 0;
    }

    /** This keyring with {@code key} installed as a secondary key; unchanged if already installed. */
    public Keyring install(byte[] key) {
        if (contains(key)) {
            return this;
        }
        List<byte[]> all = new ArrayList<>(keys);
        all.add(key);
        return new Keyring(validated(all));
    }

    /**
     * This keyring with the installed {@code key} as primary; the previous primary stays installed.
     *
     * @throws IllegalArgumentException if the key is not installed
     */
    public Keyring use(byte[] key) {
        int i = indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("key " + fingerprint(key) + " is not installed: install it first");
        }
        List<byte[]> all = new ArrayList<>(keys);
        all.add(0, all.remove(i));
        return new Keyring(List.copyOf(all));
    }

    /**
     * This keyring without {@code key}.
     *
     * @throws IllegalArgumentException if the key is the primary one (make another primary first)
     *                                  or is not installed
     */
    public Keyring remove(byte[] key) {
        int i = indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("key " + fingerprint(key) + " is not installed");
        }
        if (i == 0) {
            throw new IllegalArgumentException("key " + fingerprint(key) + " is the primary key: make another key primary first");
        }
        List<byte[]> all = new ArrayList<>(keys);
        all.remove(i);
        return new Keyring(List.copyOf(all));
    }

    private int indexOf(byte[] key) {
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(keys.get(i), key)) {
                return i;
            }
        }
        return -1;
    }

    /** A key's public name: the first 8 hex digits of its SHA-256. Safe to log. */
    public static String fingerprint(byte[] key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key);
            return String.format("%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The fingerprints of the installed keys, the primary first. Safe to log. */
    public List<String> fingerprints() {
        return keys.stream().map(Keyring::fingerprint).toList();
    }

    /** Equal keyrings hold the same keys in the same order (compared in constant time). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Keyring other) || other.keys.size() != keys.size()) {
            return false;
        }
        boolean equal = true;
        for (int i = 0; i < keys.size(); i++) {
            equal &= MessageDigest.isEqual(keys.get(i), other.keys.get(i));
        }
        return equal;
    }

    /** From the fingerprints, so that it reveals no more than they do. */
    @Override
    public int hashCode() {
        return fingerprints().hashCode();
    }

    @Override
    public String toString() {
        return "Keyring" + fingerprints() + " (primary first)";
    }
}
