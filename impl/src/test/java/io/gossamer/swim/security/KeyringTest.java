package io.gossamer.swim.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyringTest {

    private static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void acceptsAes128192And256KeysPrimaryFirst() {
        Keyring ring = Keyring.fromBase64(List.of(b64(key(32, 1)), b64(key(16, 2)), b64(key(24, 3))));
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.primary()).isEqualTo(key(32, 1));
        assertThat(ring.keys()).containsExactly(key(32, 1), key(16, 2), key(24, 3));
    }

    @Test
    void badKeysAreNamedByPositionNeverByValue() {
        String secretLooking = b64(key(20, 7));
        assertThatThrownBy(() -> Keyring.fromBase64(List.of(b64(key(16, 1)), secretLooking)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key #2").hasMessageContaining("20 bytes")
                .hasMessageNotContaining(secretLooking);
        assertThatThrownBy(() -> Keyring.fromBase64(List.of("not base64!")))
                .hasMessageContaining("key #1").hasMessageContaining("base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> Keyring.fromBase64(List.of())).hasMessageContaining("no key");
        assertThatThrownBy(() -> Keyring.fromBase64(List.of(b64(key(16, 1)), b64(key(16, 1)))))
                .hasMessageContaining("key #2 is the same as key #1");
    }

    @Test
    void rotationInstallsUsesThenRemoves() {
        byte[] old = key(16, 1);
        byte[] fresh = key(32, 9);
        Keyring ring = Keyring.of(old);
        Keyring installed = ring.install(fresh);
        assertThat(installed.primary()).isEqualTo(old);
        assertThat(installed.contains(fresh)).isTrue();
        assertThat(installed.install(fresh)).isSameAs(installed);
        Keyring switched = installed.use(fresh);
        assertThat(switched.primary()).isEqualTo(fresh);
        assertThat(switched.contains(old)).isTrue();
        Keyring removed = switched.remove(old);
        assertThat(removed.keys()).containsExactly(fresh);
        assertThat(ring.keys()).containsExactly(old);
    }

    @Test
    void thePrimaryCannotBeRemovedNorAnUnknownKeyUsed() {
        Keyring ring = Keyring.of(key(16, 1), key(16, 2));
        assertThatThrownBy(() -> ring.remove(key(16, 1))).hasMessageContaining("primary");
        assertThatThrownBy(() -> ring.use(key(16, 3))).hasMessageContaining("not installed");
        assertThatThrownBy(() -> ring.remove(key(16, 3))).hasMessageContaining("not installed");
    }

    @Test
    void keyMaterialNeverShowsInToStringAndCopiesAreDefensive() {
        byte[] k = key(16, 0x41);
        Keyring ring = Keyring.of(k);
        assertThat(ring.toString()).doesNotContain(b64(k)).contains(Keyring.fingerprint(k));
        ring.primary()[0] = 0;
        k[1] = 0;
        assertThat(ring.primary()).isEqualTo(key(16, 0x41));
        assertThat(Keyring.fingerprint(k)).hasSize(8);
    }
}
