package io.gossamer.cdi;

import io.gossamer.GossamerConfig;

import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The file of {@value GossamerConfig#ENCRYPT_KEY_FILE}: one base64 key per line, the primary
 * first, blank lines and {@code #} comments ignored. Problems name the file and the line, never
 * a key.
 */
final class KeyFile {

    /** The largest key file read: a keyring of 16 keys with comments fits many times over. */
    static final int MAX_BYTES = 64 * 1024;

    /**
     * The keys of a file, each with where it was written.
     *
     * @param keys    base64 keys, the primary first
     * @param sources for each key, {@code gossamer.encrypt.key-file (<file>, line <n>)}
     */
    record Keys(List<String> keys, List<String> sources) {
        Keys {
            keys = List.copyOf(keys);
            sources = List.copyOf(sources);
        }
    }

    private KeyFile() {
    }

    /** What a problem about the file {@code name} starts with. */
    static String describe(String name) {
        return GossamerConfig.ENCRYPT_KEY_FILE + " (" + name + ")";
    }

    /** The keys of the file {@code name}, or nothing after telling {@code problems} why. */
    static Optional<Keys> read(String name, Consumer<String> problems) {
        String what = describe(name);
        List<String> lines;
        try {
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                problems.accept(what + " is not a readable file");
                return Optional.empty();
            }
            if (Files.size(path) > MAX_BYTES) {
                problems.accept(what + " is larger than " + MAX_BYTES + " bytes: not a key file");
                return Optional.empty();
            }
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | SecurityException e) {
            problems.accept(what + " cannot be read: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(line);
                sources.add(GossamerConfig.ENCRYPT_KEY_FILE + " (" + name + ", line " + (i + 1) + ")");
            }
        }
        if (keys.isEmpty()) {
            problems.accept(what + " holds no key: expected one base64 key per line, the primary first");
            return Optional.empty();
        }
        return Optional.of(new Keys(keys, sources));
    }

    /**
     * The key file, if one is configured and other users of the host may read it (POSIX
     * permissions): worth a warning, not a failure.
     */
    static Optional<Path> readableByOthers(Config config) {
        try {
            Optional<String> file = config.getOptionalValue(GossamerConfig.ENCRYPT_KEY_FILE, String.class)
                    .map(String::strip).filter(f -> !f.isEmpty());
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Path path = Path.of(file.get());
            var permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ) ? Optional.of(path) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
