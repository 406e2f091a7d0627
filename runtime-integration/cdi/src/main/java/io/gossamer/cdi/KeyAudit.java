package io.gossamer.cdi;

import io.gossamer.GossamerConfig;

import org.eclipse.microprofile.config.Config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code gossamer.*} keys set that the node will not use: typos, and the WAN keys on a
 * client. Worth a warning each, never a failure (a newer application may carry keys of a newer
 * Gossamer; servers and clients often share one configuration file).
 */
public final class KeyAudit {

    /** The keys of the WAN pool, which only a server uses. */
    static final List<String> WAN_KEYS = List.of(GossamerConfig.WAN_BIND_ADDRESS, GossamerConfig.WAN_BIND_PORT,
            GossamerConfig.WAN_ADVERTISE_ADDRESS, GossamerConfig.WAN_ADVERTISE_PORT, GossamerConfig.WAN_SEEDS,
            GossamerConfig.WAN_PROFILE);

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
     * The {@code gossamer.*} property names that are no key of {@link GossamerConfig} (nor a
     * tag): most likely typos, which would otherwise be silently ignored.
     */
    public static List<String> unknownKeys(Config config) {
        Set<String> known = knownKeys();
        List<String> unknown = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(GossamerConfig.PREFIX) && !known.contains(name)
                    && !name.startsWith(GossamerConfig.TAGS_PREFIX)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return unknown;
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
