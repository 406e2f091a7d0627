package io.gossamer.swim.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AeadTest {

    private static final byte[] LABEL = "prod/lan/dc1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "alive node-1 inc 7".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private static Aead aead(Keyring ring) {
        return new Aead(ring, new SecureRandom());
    }

    @Test
    void roundTripsWithEveryKeySize() {
        for (int size : Keyring.KEY_SIZES) {
            Aead a = aead(Keyring.of(key(size, 5)));
            byte[] sealed = a.seal(TEXT, LABEL);
            assertThat(sealed).hasSize(TEXT.length + Aead.OVERHEAD);
            assertThat(a.open(sealed, 0, sealed.length, LABEL)).hasValue(TEXT);
        }
    }

    @Test
    void aWrongKeyAnotherLabelABitFlipOrATruncationOpenNothing() {
        Aead a = aead(Keyring.of(key(16, 1)));
        byte[] sealed = a.seal(TEXT, LABEL);
        assertThat(aead(Keyring.of(key(16, 2))).open(sealed, 0, sealed.length, LABEL)).isEmpty();
        assertThat(a.open(sealed, 0, sealed.length, "prod/lan/dc2".getBytes(StandardCharsets.UTF_8))).isEmpty();
        for (int i = 0; i < sealed.length; i++) {
            byte[] flipped = sealed.clone();
            flipped[i] ^= 0x10;
            assertThat(a.open(flipped, 0, flipped.length, LABEL)).as("bit flip at %d", i).isEmpty();
        }
        for (int len = 0; len < sealed.length; len++) {
            assertThat(a.open(sealed, 0, len, LABEL)).as("truncated to %d", len).isEmpty();
        }
        assertThat(a.open(sealed, 5, sealed.length, LABEL)).isEmpty();
    }

    @Test
    void everyInstalledKeyOpensOnlyThePrimarySeals() {
        byte[] old = key(16, 1);
        byte[] fresh = key(32, 2);
        Aead before = aead(Keyring.of(old));
        Aead during = aead(Keyring.of(old, fresh));
        Aead after = aead(Keyring.of(fresh, old));
        byte[] fromBefore = before.seal(TEXT, LABEL);
        byte[] fromAfter = after.seal(TEXT, LABEL);
        assertThat(during.open(fromBefore, 0, fromBefore.length, LABEL)).hasValue(TEXT);
        assertThat(during.open(fromAfter, 0, fromAfter.length, LABEL)).hasValue(TEXT);
        assertThat(before.open(fromAfter, 0, fromAfter.length, LABEL)).isEmpty();
        during.keyring(during.keyring().use(fresh));
        byte[] switched = during.seal(TEXT, LABEL);
        assertThat(aead(Keyring.of(fresh)).open(switched, 0, switched.length, LABEL)).hasValue(TEXT);
    }

    @Test
    void everyMessageGetsAFreshNonce() {
        Aead a = aead(Keyring.of(key(16, 1)));
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            byte[] sealed = a.seal(TEXT, LABEL);
            nonces.add(java.util.HexFormat.of().formatHex(sealed, 0, Aead.NONCE_BYTES));
        }
        assertThat(nonces).hasSize(1_000);
    }
}
