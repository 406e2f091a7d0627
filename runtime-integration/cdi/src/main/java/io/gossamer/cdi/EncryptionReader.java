package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.swim.security.Keyring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code gossamer.encrypt.*} keys: the keys, inline or from a {@link KeyFile}, and the
 * two verify switches. Problems name a bad key by its position and source (the key, or the file
 * and line), never by its value.
 */
final class EncryptionReader {

    private final ConfigReader r;

    private EncryptionReader(ConfigReader r) {
        this.r = r;
    }

    static GossamerSettings.Encryption read(ConfigReader r) {
        return new EncryptionReader(r).read();
    }

    private GossamerSettings.Encryption read() {
        List<String> inline = inlineKeys();
        Optional<String> file = r.raw(GossamerConfig.ENCRYPT_KEY_FILE);
        Optional<Keyring> keyring = Optional.empty();
        if (!inline.isEmpty() && file.isPresent()) {
            r.problem(GossamerConfig.ENCRYPT_KEYS + " and " + GossamerConfig.ENCRYPT_KEY_FILE
                    + " are both set: set one of them");
        } else if (!inline.isEmpty()) {
            keyring = keyring(inline, Collections.nCopies(inline.size(), GossamerConfig.ENCRYPT_KEYS),
                    GossamerConfig.ENCRYPT_KEYS);
        } else if (file.isPresent()) {
            keyring = KeyFile.read(file.get(), r::problem)
                    .flatMap(k -> keyring(k.keys(), k.sources(), KeyFile.describe(file.get())));
        }
        boolean keys = keyring.isPresent();
        Optional<String> incomingRaw = r.raw(GossamerConfig.ENCRYPT_VERIFY_INCOMING);
        Optional<String> outgoingRaw = r.raw(GossamerConfig.ENCRYPT_VERIFY_OUTGOING);
        boolean incoming = r.bool(GossamerConfig.ENCRYPT_VERIFY_INCOMING, keys);
        boolean outgoing = r.bool(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, keys);
        if (inline.isEmpty() && file.isEmpty()) {
            for (var flag : List.of(Map.entry(GossamerConfig.ENCRYPT_VERIFY_INCOMING, incomingRaw),
                    Map.entry(GossamerConfig.ENCRYPT_VERIFY_OUTGOING, outgoingRaw))) {
                if (flag.getValue().map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
                    r.problem(flag.getKey() + "=true needs keys: set " + GossamerConfig.ENCRYPT_KEYS + " or "
                            + GossamerConfig.ENCRYPT_KEY_FILE + " (without keys nothing is sealed)");
                }
            }
            return GossamerSettings.Encryption.OFF;
        }
        if (incoming && !outgoing) {
            r.problem(GossamerConfig.ENCRYPT_VERIFY_INCOMING + "=true needs "
                    + GossamerConfig.ENCRYPT_VERIFY_OUTGOING + "=true: a node that accepts sealed input only "
                    + "must seal its own (turn verify-outgoing on everywhere first, then verify-incoming)");
        }
        return new GossamerSettings.Encryption(keyring, incoming, outgoing);
    }

    private List<String> inlineKeys() {
        try {
            List<String> keys = r.config().getOptionalValues(GossamerConfig.ENCRYPT_KEYS, String.class)
                    .orElse(List.of()).stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
            if (keys.isEmpty()) {
                // Empty must not mean "encryption off" without a word.
                r.refuseBlank(GossamerConfig.ENCRYPT_KEYS);
            }
            return keys;
        } catch (RuntimeException e) {
            // Not the message: it might quote the value.
            r.problem(GossamerConfig.ENCRYPT_KEYS + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return List.of();
        }
    }

    /** The keyring of {@code keys} (base64), each problem naming the key's source and position. */
    private Optional<Keyring> keyring(List<String> keys, List<String> sources, String what) {
        List<byte[]> decoded = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < keys.size(); i++) {
            try {
                decoded.add(Keyring.decode(keys.get(i), i + 1));
            } catch (IllegalArgumentException e) {
                // Keyring's messages name the key by position only ("key #2 is 20 bytes ...").
                r.problem(sources.get(i) + ": " + e.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        try {
            return Optional.of(Keyring.of(decoded.get(0), decoded.subList(1, decoded.size()).toArray(byte[][]::new)));
        } catch (IllegalArgumentException e) {
            r.problem(what + ": " + e.getMessage());
            return Optional.empty();
        } finally {
            decoded.forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }
}
