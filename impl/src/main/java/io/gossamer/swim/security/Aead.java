package io.gossamer.swim.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens messages with AES-GCM under a {@link Keyring}. A sealed message is
 * {@code [nonce 12][ciphertext][tag 16]}: a fresh random nonce for every message, and the caller's
 * associated data (the packet's header with its label) authenticated but not encrypted, so a
 * sealed message cannot be moved to another cluster, pool or datacenter.
 *
 * <p>Not thread-safe: it reuses one {@link Cipher}. Each engine instance owns one, used on its
 * event loop only.
 */
public final class Aead {

    /** Bytes of the random nonce in front of every sealed message. */
    public static final int NONCE_BYTES = 12;
    /** Bytes of the authentication tag at the end of every sealed message. */
    public static final int TAG_BYTES = 16;
    /** What sealing adds to a message. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;

    private final Cipher cipher;
    private final SecureRandom random;
    private volatile Keyring keyring;

    /** @param random the source of nonces; a {@link SecureRandom} outside tests */
    public Aead(Keyring keyring, SecureRandom random) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.random = Objects.requireNonNull(random, "random");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /** The keys in use. */
    public Keyring keyring() {
        return keyring;
    }

    /** Switches to another keyring, for rotation; takes effect with the next message. */
    public void keyring(Keyring next) {
        keyring = Objects.requireNonNull(next, "keyring");
    }

    /** Seals {@code plaintext} under the primary key, authenticating {@code associated}. */
    public byte[] seal(byte[] plaintext, byte[] associated) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyring.primary(), "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(associated);
            cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
        return out;
    }

    /**
     * Opens {@code sealed[offset, offset + length)} with the first installed key that
     * authenticates it together with {@code associated}; empty if none does (a wrong key, a
     * tampered or truncated message, or other associated data). Never throws for bad input.
     */
    public Optional<byte[]> open(byte[] sealed, int offset, int length, byte[] associated) {
        if (length < OVERHEAD || offset < 0 || offset + length > sealed.length) {
            return Optional.empty();
        }
        GCMParameterSpec nonce = new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES);
        List<byte[]> keys = keyring.keys();
        for (byte[] key : keys) {
            try {
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), nonce);
                cipher.updateAAD(associated);
                return Optional.of(cipher.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES));
            } catch (GeneralSecurityException e) {
                // Not this key (or not authentic): try the next one.
            }
        }
        return Optional.empty();
    }
}
