package io.gossamer.cdi;

import io.gossamer.GossamerConfig;

import org.eclipse.microprofile.config.Config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code gossamer.*} keys set that the node will not use: typos, other keys of the
 * {@code gossamer.} namespace, and the WAN keys on a client. A key within two edits of a Gossamer
 * key (or equal to one but for case and separators) is a typo that would otherwise leave a setting
 * at its default unnoticed, so it fails the deployment with the key meant
 * ({@link #misspelt}); other unknown keys and the WAN keys on a client are warned about (tools and
 * tests use the namespace too; servers and clients often share one configuration file).
 */
public final class KeyAudit {

    /** The keys of the WAN pool, which only a server uses. */
    static final List<String> WAN_KEYS = List.of(GossamerConfig.WAN_BIND_ADDRESS, GossamerConfig.WAN_BIND_PORT,
            GossamerConfig.WAN_ADVERTISE_ADDRESS, GossamerConfig.WAN_ADVERTISE_PORT, GossamerConfig.WAN_SEEDS,
            GossamerConfig.WAN_PROFILE);

    /** How far a misspelling may be from the key it means (Levenshtein distance). */
    private static final int MAX_EDITS = 2;

    private KeyAudit() {
    }

    /**
     * The {@code gossamer.wan.*} keys set in {@code config}, however they are set: a client
     * ignores them, and the extension says so. Each key is looked up rather than the property
     * names listed, so that the environment's {@code GOSSAMER_WAN_SEEDS} counts too.
     */
    public static List<String> wanKeysSet(Config config) {
        List<String> set = new ArrayList<>();
        for (String key : WAN_KEYS) {
            boolean present;
            try {
                present = config.getOptionalValue(key, String.class).isPresent();
            } catch (RuntimeException e) {
                // Set, but not readable: reading the settings has reported it already.
                present = true;
            }
            if (present) {
                set.add(key);
            }
        }
        Collections.sort(set);
        return set;
    }

    /**
     * The {@code gossamer.*} property names that are no key of {@link GossamerConfig}, nor a tag,
     * nor a key as the environment names it: typos ({@link #misspelt}) and others' properties.
     */
    public static List<String> unknownKeys(Config config) {
        return unknownKeys(config, knownKeys());
    }

    /** One warning naming the {@code gossamer.*} names that are no key, if there are any. */
    public static Optional<String> unknownKeysWarning(Config config) {
        List<String> unknown = unknownKeys(config);
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of("configuration keys that are no Gossamer key (ignored): " + unknown);
    }

    private static List<String> unknownKeys(Config config, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(GossamerConfig.PREFIX) && !known.contains(name)
                    && !name.startsWith(GossamerConfig.TAGS_PREFIX) && !seenThroughEnvironment(config, name, known)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return unknown;
    }

    /**
     * A warning if {@code config} does not name the cluster: the node is then in the cluster named
     * {@code default}, with every other node that does not name one and can reach it, which is
     * how two applications end up in one cluster. Allowed, for a first try, but said.
     */
    public static Optional<String> unnamedCluster(Config config) {
        try {
            if (config.getOptionalValue(GossamerConfig.CLUSTER, String.class).isPresent()) {
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // set but unreadable: reading the settings reports it
        }
        return Optional.of(GossamerConfig.CLUSTER + " is not set: this node is in the cluster named 'default', with "
                + "every node that does not name one and can reach it; name the cluster so that separate "
                + "applications never merge into one");
    }

    /**
     * The unknown keys set in {@code config} that are most likely misspellings, each with the
     * key it most likely means ({@code gossamer.bind-prot}: {@code gossamer.bind-port};
     * {@code gossamer.tag.zone}: {@code gossamer.tags.zone}), sorted.
     */
    public static Map<String, String> misspelt(Config config) {
        Set<String> known = knownKeys();
        Map<String, String> misspelt = new TreeMap<>();
        for (String name : unknownKeys(config, known)) {
            meant(name, known).ifPresent(meant -> misspelt.put(name, meant));
        }
        return misspelt;
    }

    /** The key {@code name} most likely means, if one is close enough. */
    static Optional<String> meant(String name, Set<String> known) {
        if (name.startsWith("gossamer.tag.")) {
            return Optional.of(GossamerConfig.TAGS_PREFIX + name.substring("gossamer.tag.".length()));
        }
        String loose = loose(name);
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String k : known) {
            if (k.endsWith(".")) {
                continue; // a prefix, not a key
            }
            int d = loose.equals(loose(k)) ? 0 : distance(name, k);
            if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String loose(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Levenshtein distance: a dozen lines for keys of a few dozen characters, not worth a
     * dependency in the jar an application ships.
     */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /**
     * Whether {@code name} is a Gossamer key as an environment variable names it: SmallRye
     * Config lists {@code GOSSAMER_BIND_PORT} as {@code gossamer.bind.port}, which MicroProfile
     * Config's mapping makes {@code gossamer.bind-port}'s value. Only if the key does read a
     * value: {@code gossamer.bind.port} in a properties file is read by no key.
     */
    private static boolean seenThroughEnvironment(Config config, String name, Set<String> known) {
        String env = environmentName(name);
        for (String k : known) {
            if (environmentName(k).equals(env)) {
                try {
                    return config.getOptionalValue(k, String.class).isPresent();
                } catch (RuntimeException e) {
                    return true; // set but unreadable: reading the settings reports it
                }
            }
        }
        return false;
    }

    /** MicroProfile Config's environment variable for a property: non-alphanumerics as _, upper case. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Every key {@link GossamerConfig} declares: its public string constants. */
    static Set<String> knownKeys() {
        Set<String> known = new HashSet<>();
        for (Field f : GossamerConfig.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    known.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return known;
    }
}
