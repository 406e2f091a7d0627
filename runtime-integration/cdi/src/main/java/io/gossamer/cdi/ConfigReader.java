package io.gossamer.cdi;

import io.gossamer.swim.Seed;
import io.gossamer.swim.config.Setting;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads MicroProfile Config keys, collecting a problem for each bad value instead of stopping at
 * the first, so that a deployment fails once listing them all. Each problem names the key, the
 * value and what is allowed; a bad value reads as its default, so that reading can go on.
 */
final class ConfigReader {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Config config;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Config config) {
        this.config = config;
    }

    Config config() {
        return config;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** @throws InvalidConfigurationException listing every problem, if there is one */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * The value of {@code key}, stripped; empty when unset. Set to nothing but blanks, it is a
     * problem (see {@link #refuseBlank}) and reads as unset.
     */
    Optional<String> raw(String key) {
        try {
            Optional<String> v = config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
            if (v.isEmpty()) {
                refuseBlank(key);
            }
            return v;
        } catch (RuntimeException e) {
            // An unresolvable expression such as ${missing}: MP Config cannot even give us the text.
            problems.add(key + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The comma-separated values of {@code key}, stripped, blanks dropped. Set to nothing but blanks
     * and commas, it is a problem (see {@link #refuseBlank}) and reads as unset.
     */
    List<String> list(String key) {
        try {
            List<String> values = config.getOptionalValues(key, String.class).orElse(List.of()).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (values.isEmpty()) {
                refuseBlank(key);
            }
            return values;
        } catch (RuntimeException e) {
            problems.add(key + " cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * Records a problem if {@code key} is set in a configuration source to nothing but blanks and
     * commas. MicroProfile Config reads an empty value as no value, so its default would apply
     * without a word: an empty key list would start the node unencrypted, an empty cluster name
     * would join the default cluster. Configured but empty is a mistake, and fails the deployment.
     */
    void refuseBlank(String key) {
        ConfigValue v = config.getConfigValue(key);
        String raw = v == null ? null : v.getRawValue();
        if (raw != null && v.getSourceName() != null && raw.replace(',', ' ').isBlank()) {
            problems.add(key + " is set but empty (in " + v.getSourceName() + "): give it a value, or remove it"
                    + " to use the default");
        }
    }

    void bad(String key, String value, String allowed) {
        problems.add(key + "='" + value + "' is not allowed: expected " + allowed);
    }

    /** A setting of a table ({@link io.gossamer.swim.config.Settings}): its syntax, its range. */
    <T extends Comparable<? super T>> T setting(Setting<T> setting, T def) {
        Optional<String> v = raw(setting.key());
        if (v.isEmpty()) {
            return def;
        }
        try {
            T value = setting.parse(v.get());
            if (setting.allows(value)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        bad(setting.key(), v.get(), setting.syntax());
        return def;
    }

    boolean bool(String key, boolean def) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return def;
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        bad(key, v.get(), "true or false");
        return def;
    }

    String name(String key, String def, Pattern pattern, int max) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return def;
        }
        if (!pattern.matcher(v.get()).matches()) {
            bad(key, v.get(), "1 to " + max + " characters among A-Z a-z 0-9 . _ -");
            return def;
        }
        return v.get();
    }

    /** An IP literal; a name is never looked up. */
    Optional<String> ip(String key) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return v;
        }
        String s = v.get();
        if (IPV4.matcher(s).matches()) {
            return v;
        }
        if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
            try {
                // A string made of hex digits, colons and dots is parsed as a literal, never looked up.
                InetAddress.getByName(s);
                return v;
            } catch (UnknownHostException e) {
                // fall through to the problem
            }
        }
        bad(key, s, "an IPv4 or IPv6 address literal (e.g. 10.0.0.5, 0.0.0.0, ::1)");
        return Optional.empty();
    }

    int integer(String key, int def, int min, int max) {
        OptionalInt v = optionalInteger(key, min, max);
        return v.isPresent() ? v.getAsInt() : def;
    }

    OptionalInt optionalInteger(String key, int min, int max) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad(key, v.get(), "an integer from " + min + " to " + max);
        return OptionalInt.empty();
    }

    /**
     * One of {@code allowed}, exactly: {@code Server} is not {@code server}, so that a value that
     * opens a port or changes timing is never guessed at.
     */
    String choice(String key, String def, List<String> allowed) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return def;
        }
        String s = v.get();
        if (allowed.contains(s)) {
            return s;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        bad(key, s, "one of " + String.join(", ", allowed)
                + (allowed.contains(lower) ? ", in lower case (" + lower + ")" : ""));
        return def;
    }

    /** Seeds as the engine parses them ({@link Seed}); the bad ones are problems, the good ones kept. */
    List<String> seeds(String key) {
        List<String> seeds = new ArrayList<>();
        for (String s : list(key)) {
            Optional<String> why = Seed.problem(s);
            if (why.isPresent()) {
                problems.add(key + " has a bad seed '" + s + "': " + why.get()
                        + "; expected host, host:port, [IPv6] or [IPv6]:port, comma-separated");
            } else {
                seeds.add(s);
            }
        }
        return seeds;
    }
}
