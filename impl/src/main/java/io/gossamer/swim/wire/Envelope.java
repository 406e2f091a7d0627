package io.gossamer.swim.wire;

import io.gossamer.swim.security.Aead;
import io.gossamer.swim.security.Keyring;

import java.util.Objects;
import java.util.Optional;

/**
 * What one node does to the bytes behind the header of every datagram and stream frame: seal
 * them with AES-GCM under its primary key, or send them in plaintext; accept only sealed input,
 * or plaintext too. The two switches are Consul's {@code verify_outgoing} and
 * {@code verify_incoming}, which let a running cluster turn encryption on (and off) node by node:
 *
 * <table>
 * <caption>What a node sends and accepts</caption>
 * <tr><th>keys</th><th>verify-outgoing</th><th>verify-incoming</th><th>sends</th><th>accepts</th></tr>
 * <tr><td>none</td><td>-</td><td>-</td><td>plaintext</td><td>plaintext</td></tr>
 * <tr><td>yes</td><td>false</td><td>false</td><td>plaintext</td><td>plaintext and sealed</td></tr>
 * <tr><td>yes</td><td>true</td><td>false</td><td>sealed</td><td>plaintext and sealed</td></tr>
 * <tr><td>yes</td><td>true</td><td>true</td><td>sealed</td><td>sealed</td></tr>
 * </table>
 *
 * <p>A sealed input is opened with any installed key; one no key opens is dropped
 * ({@link DropReason#DECRYPT_FAILED}), as is a plaintext input where only sealed input is accepted
 * ({@link DropReason#UNENCRYPTED}). Key operations (message types 11 and 12) are sealed whatever
 * verify-outgoing says, and accepted only sealed whatever verify-incoming says: a key must never
 * travel in plaintext, nor be installed by someone who holds none.
 *
 * <p>Not thread-safe when it holds keys (the {@link Aead} reuses one cipher): one per node, used
 * on the node's event loop only. The keyring can be swapped there, for rotation.
 */
public final class Envelope {

    /** What sealing adds to a datagram or a frame: a 12-byte nonce and a 16-byte tag. */
    public static final int OVERHEAD = Aead.OVERHEAD;

    private static final Envelope PLAINTEXT = new Envelope(null, false, false);

    private final Aead aead;
    private final boolean verifyIncoming;
    private final boolean verifyOutgoing;

    private Envelope(Aead aead, boolean verifyIncoming, boolean verifyOutgoing) {
        this.aead = aead;
        this.verifyIncoming = verifyIncoming;
        this.verifyOutgoing = verifyOutgoing;
    }

    /** No keys: everything is sent and accepted in plaintext; sealed input is dropped. */
    public static Envelope plaintext() {
        return PLAINTEXT;
    }

    /**
     * Keys held by {@code aead}.
     *
     * @param verifyIncoming accept sealed input only
     * @param verifyOutgoing seal everything sent
     * @throws IllegalArgumentException if {@code verifyIncoming} is set without {@code verifyOutgoing}:
     *                                  such a node refuses what it sends itself, so two of them could
     *                                  never talk (Consul allows it; no enablement step needs it)
     */
    public static Envelope sealed(Aead aead, boolean verifyIncoming, boolean verifyOutgoing) {
        Objects.requireNonNull(aead, "aead");
        if (verifyIncoming && !verifyOutgoing) {
            throw new IllegalArgumentException("verify-incoming needs verify-outgoing: a node that accepts only "
                    + "sealed input must seal its own output");
        }
        return new Envelope(aead, verifyIncoming, verifyOutgoing);
    }

    /** Whether this node holds keys at all. */
    public boolean hasKeys() {
        return aead != null;
    }

    /** Whether ordinary datagrams and frames go out sealed. */
    public boolean sealsOutgoing() {
        return aead != null && verifyOutgoing;
    }

    /** Whether plaintext input is accepted (key operations never are). */
    public boolean acceptsPlaintext() {
        return aead == null || !verifyIncoming;
    }

    /** The keys in use, if any. */
    public Optional<Keyring> keyring() {
        return aead == null ? Optional.empty() : Optional.of(aead.keyring());
    }

    /**
     * Switches to another keyring (rotation); the next message is sealed with its primary key.
     *
     * @throws IllegalStateException if this node has no keys
     */
    public void keyring(Keyring next) {
        if (aead == null) {
            throw new IllegalStateException("encryption is not enabled on this node");
        }
        aead.keyring(next);
    }

    /** Seals {@code plain[offset, offset + length)} into {@code out} at {@code outOffset}; see {@link Aead}. */
    void seal(byte[] plain, int offset, int length, byte[] associated, int aadLength, byte[] out, int outOffset) {
        aead.seal(plain, offset, length, associated, 0, aadLength, out, outOffset);
    }

    /**
     * Opens a sealed payload into {@code out} (from 0, {@code length - OVERHEAD} bytes), which the
     * caller allocated; false if no installed key opens it with this associated data.
     */
    boolean open(byte[] sealed, int offset, int length, byte[] associated, int aadOffset, int aadLength, byte[] out) {
        return aead.open(sealed, offset, length, associated, aadOffset, aadLength, out, 0);
    }

    /** Opens a sealed payload; null if no installed key opens it with this associated data. */
    byte[] open(byte[] sealed, int offset, int length, byte[] associated, int aadOffset, int aadLength) {
        return aead.open(sealed, offset, length, associated, aadOffset, aadLength).orElse(null);
    }

    @Override
    public String toString() {
        return aead == null ? "Envelope[plaintext]" : "Envelope[" + aead.keyring() + ", verify-incoming="
                + verifyIncoming + ", verify-outgoing=" + verifyOutgoing + "]";
    }
}
