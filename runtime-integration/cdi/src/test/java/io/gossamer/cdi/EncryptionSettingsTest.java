package io.gossamer.cdi;

import io.gossamer.Pool;
import io.gossamer.swim.config.SwimConfig;
import io.gossamer.swim.security.Keyring;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code gossamer.encrypt.*} keys: read, checked, and never shown. */
class EncryptionSettingsTest {

    static final byte[] K1 = key(32, 1);
    static final byte[] K2 = key(16, 2);

    static byte[] key(int size, int fill) {
        byte[] k = new byte[size];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    private static GossamerSettings settings(Map<String, String> properties) {
        return GossamerSettings.from(config(properties));
    }

    @Test
    void noKeysNoEncryption() {
        GossamerSettings s = settings(Map.of());
        assertThat(s.encryption()).isEqualTo(GossamerSettings.Encryption.OFF);
        assertThat(EngineConfigs.config(s, Pool.LAN).keyring()).isEmpty();
    }

    @Test
    void keysAreBase64CommaSeparatedThePrimaryFirstAndVerifyBothWaysByDefault() {
        GossamerSettings s = settings(Map.of("gossamer.encrypt.keys", b64(K1) + ", " + b64(K2)));
        assertThat(s.encryption().keyring()).contains(Keyring.of(K1, K2));
        assertThat(s.encryption().verifyIncoming()).isTrue();
        assertThat(s.encryption().verifyOutgoing()).isTrue();
        SwimConfig lan = EngineConfigs.config(s, Pool.LAN);
        assertThat(lan.keyring()).contains(Keyring.of(K1, K2));
        assertThat(lan.verifyIncoming()).isTrue();
        // Both pools of a server start with the same keys.
        GossamerSettings server = settings(Map.of("gossamer.encrypt.keys", b64(K1), "gossamer.role", "server",
                "gossamer.encrypt.verify-incoming", "false"));
        SwimConfig wan = EngineConfigs.config(server, Pool.WAN);
        assertThat(wan.keyring()).contains(Keyring.of(K1));
        assertThat(wan.verifyIncoming()).isFalse();
        assertThat(wan.verifyOutgoing()).isTrue();
        // Nothing of a key shows in the settings' text.
        assertThat(s.toString()).doesNotContain(b64(K1)).doesNotContain(b64(K2)).contains(Keyring.fingerprint(K1));
    }

    @Test
    void aKeyFileHoldsOneKeyPerLineWithCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-11-26\n\n" + b64(K2) + "\n  " + b64(K1) + "  \n");
        GossamerSettings s = settings(Map.of("gossamer.encrypt.key-file", file.toString()));
        assertThat(s.encryption().keyring()).contains(Keyring.of(K2, K1));
    }

    @Test
    void badKeysAreNamedByPositionAndSourceNeverByValue(@TempDir Path dir) throws IOException {
        String shortKey = b64(key(20, 7));
        String notBase64 = "this-is-not*base64";
        Map<String, String> p = new HashMap<>();
        p.put("gossamer.encrypt.keys", b64(K1) + "," + shortKey + "," + notBase64);
        assertThatThrownBy(() -> settings(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gossamer.encrypt.keys: key #2 is 20 bytes")
                .hasMessageContaining("gossamer.encrypt.keys: key #3 is not valid base64")
                .hasMessageNotContaining(shortKey).hasMessageNotContaining(notBase64)
                .hasMessageNotContaining(b64(K1));

        Path file = dir.resolve("keys");
        Files.writeString(file, b64(K1) + "\n# old\n" + shortKey + "\n");
        assertThatThrownBy(() -> settings(Map.of("gossamer.encrypt.key-file", file.toString())))
                .hasMessageContaining("gossamer.encrypt.key-file (" + file + ", line 3): key #2 is 20 bytes")
                .hasMessageNotContaining(shortKey);
        Files.writeString(file, b64(K1) + "\n" + b64(K1) + "\n");
        assertThatThrownBy(() -> settings(Map.of("gossamer.encrypt.key-file", file.toString())))
                .hasMessageContaining("key #2 is the same as key #1").hasMessageNotContaining(b64(K1));
        Files.writeString(file, "# nothing yet\n");
        assertThatThrownBy(() -> settings(Map.of("gossamer.encrypt.key-file", file.toString())))
                .hasMessageContaining("holds no key");
        assertThatThrownBy(() -> settings(Map.of("gossamer.encrypt.key-file", dir.resolve("missing").toString())))
                .hasMessageContaining("is not a readable file");
    }

    @Test
    void inconsistentSwitchesAreReportedTogether(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, b64(K1) + "\n");
        Map<String, String> both = Map.of("gossamer.encrypt.keys", b64(K1), "gossamer.encrypt.key-file", file.toString());
        assertThatThrownBy(() -> settings(both)).hasMessageContaining("are both set");

        assertThatThrownBy(() -> settings(Map.of("gossamer.encrypt.verify-incoming", "true")))
                .hasMessageContaining("gossamer.encrypt.verify-incoming=true needs keys");
        Map<String, String> incomingOnly = Map.of("gossamer.encrypt.keys", b64(K1),
                "gossamer.encrypt.verify-outgoing", "false", "gossamer.bind-port", "70000");
        assertThatThrownBy(() -> settings(incomingOnly))
                .hasMessageContaining("verify-incoming=true needs gossamer.encrypt.verify-outgoing=true")
                .hasMessageContaining("gossamer.bind-port");
        // The steps of turning encryption on are all valid.
        GossamerSettings step1 = settings(Map.of("gossamer.encrypt.keys", b64(K1),
                "gossamer.encrypt.verify-incoming", "false", "gossamer.encrypt.verify-outgoing", "false"));
        assertThat(step1.encryption().verifyOutgoing()).isFalse();
        // Switching off without keys is harmless (the last step of turning encryption off).
        assertThat(settings(Map.of("gossamer.encrypt.verify-incoming", "false")).encryption())
                .isEqualTo(GossamerSettings.Encryption.OFF);
    }

    @Test
    void aKeyFileOthersCanReadIsNoticed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, b64(K1) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Config config = config(Map.of("gossamer.encrypt.key-file", file.toString()));
        assertThat(KeyFile.readableByOthers(config)).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyFile.readableByOthers(config)).contains(file);
    }

    @Test
    void tagsWithControlCharactersOrSpacedNamesFailTheDeployment() {
        Map<String, String> p = Map.of("gossamer.tags.zone", "eu\nwest", "gossamer.tags.rack", "r 1");
        assertThatThrownBy(() -> settings(p)).hasMessageContaining("gossamer.tags.zone: the value holds U+000A");
        assertThat(settings(Map.of("gossamer.tags.rack", "r 1")).tags()).containsEntry("rack", "r 1");
        List<String> unknown = KeyAudit.unknownKeys(config(Map.of("gossamer.encrypt.keys", b64(K1),
                "gossamer.encrypt.key-file", "x", "gossamer.encrypt.verify-incoming", "true",
                "gossamer.encrypt.verify-outgoing", "true")));
        assertThat(unknown).isEmpty();
    }
}
