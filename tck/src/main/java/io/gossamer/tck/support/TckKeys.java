package io.gossamer.tck.support;

import io.gossamer.GossamerConfig;
import io.gossamer.KeyResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Encryption keys for the key scenarios, and what the TCK computes from them itself: fingerprints
 * ({@link KeyResponse}) and the time limit of a key operation ({@code [keys-time-limit]}).
 *
 * <p>The keys are derived from fixed labels, not random: a scenario's deployment is built where
 * {@code @Deployment} runs, its test may run in another JVM (an application server), and both
 * must name the same keys. Runs never meet anyway: every scenario has a cluster of its own.
 */
public final class TckKeys {

    /** Keys at most one operation asks at once ({@code [keys-time-limit]}). */
    private static final int ASKED_AT_ONCE = 16;

    private TckKeys() {
    }

    /** The 32-byte key number {@code n} (1, 2, 3...), as base64. */
    public static String key(int n) {
        return Base64.getEncoder().encodeToString(sha256(("gossamer-tck-key-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    /** A key of {@code bytes} bytes, as base64 (a wrong length for AES when not 16, 24 or 32). */
    public static String keyOfLength(int bytes) {
        byte[] k = new byte[bytes];
        byte[] seed = sha256(("gossamer-tck-length-" + bytes).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < bytes; i++) {
            k[i] = seed[i % seed.length];
        }
        return Base64.getEncoder().encodeToString(k);
    }

    /** The fingerprint the API names a key by: the first 8 lower-case hex digits of SHA-256 of its bytes. */
    public static String fingerprint(String base64Key) {
        return HexFormat.of().formatHex(sha256(Base64.getDecoder().decode(base64Key))).substring(0, 8);
    }

    /** {@code gossamer.encrypt.keys} set to {@code keys}, the first one primary. */
    public static Map<String, String> keys(String... keys) {
        return Map.of(GossamerConfig.ENCRYPT_KEYS, String.join(",", keys));
    }

    /**
     * The time limit of a key operation asking {@code others} members besides the local one:
     * {@code ceil(others / 16) × tcp-timeout} ({@code [keys-time-limit]}), as a TCK bound.
     */
    public static Duration operation(TckTiming timing, int others) {
        int waves = Math.max(1, (others + ASKED_AT_ONCE - 1) / ASKED_AT_ONCE);
        return TckTiming.bound(timing.duration(GossamerConfig.TCP_TIMEOUT).multipliedBy(waves));
    }

    /**
     * Checks that no message in {@code failure}'s cause chain (suppressed ones included) holds
     * any of {@code keys} ({@code [keys-never-shown]}); returns the messages, for more checks.
     */
    public static String assertNoKeyShown(Throwable failure, List<String> keys) {
        String messages = messages(failure);
        for (String k : keys) {
            assertFalse(messages.contains(k), "a failure message shows a key's value:\n" + messages);
        }
        return messages;
    }

    /** Every message of the cause chain and of suppressed exceptions, one per line. */
    public static String messages(Throwable failure) {
        StringBuilder b = new StringBuilder();
        List<Throwable> todo = new ArrayList<>(List.of(failure));
        List<Throwable> seen = new ArrayList<>();
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || seen.stream().anyMatch(s -> s == t)) {
                continue;
            }
            seen.add(t);
            b.append(t).append('\n');
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
