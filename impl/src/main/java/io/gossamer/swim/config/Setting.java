package io.gossamer.swim.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One tunable setting: its configuration key, its default in each {@link Profile} and the range a
 * value must lie in. Declared once, in {@link Settings}; {@link SwimConfig} refuses a value out of
 * range, and the CDI extension reports one naming the key, the value and {@link #syntax()}.
 *
 * @param name     the {@link SwimConfig} component (and builder method) it sets, e.g. {@code probeInterval}
 * @param key      its MicroProfile Config key, a constant of {@link io.gossamer.GossamerConfig}
 * @param type     {@link Duration}, {@link Integer} or {@link Boolean}
 * @param scope    whether a server's WAN pool takes it from its own profile or from the node
 * @param defaults the default in each profile
 * @param min      the smallest value allowed
 * @param max      the largest value allowed
 * @param <T>      the value's type
 */
public record Setting<T extends Comparable<? super T>>(String name, String key, Class<T> type, Scope scope,
                                                         Map<Profile, T> defaults, T min, T max) {

    /** Where a pool's value comes from. */
    public enum Scope {
        /**
         * One of the profile's timings: the configured value tunes the LAN pool; a server's WAN
         * pool takes the value of its own profile.
         */
        PROFILE,
        /** The node's: one value, the same in every profile, for both pools. */
        NODE
    }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        defaults = Map.copyOf(defaults);
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (type != Duration.class && type != Integer.class && type != Boolean.class) {
            throw new IllegalArgumentException(name + ": unsupported type " + type.getName());
        }
        if (!defaults.keySet().equals(EnumSet.allOf(Profile.class))) {
            throw new IllegalArgumentException(name + ": a default for every profile is needed: " + defaults);
        }
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": min " + min + " above max " + max);
        }
        for (T d : defaults.values()) {
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": default " + d + " out of its own range");
            }
        }
    }

    /** A duration of the node, the same in every profile; each argument in {@link Durations}' syntax. */
    public static Setting<Duration> duration(String name, String key, String value, String min, String max) {
        return duration(name, key, Scope.NODE, value, value, value, value, min, max);
    }

    /** A count of the node, the same in every profile. */
    public static Setting<Integer> integer(String name, String key, int value, int min, int max) {
        return integer(name, key, Scope.NODE, value, value, value, value, min, max);
    }

    static Setting<Duration> duration(String name, String key, Scope scope, String lan, String wan, String local,
                                      String lanFast, String min, String max) {
        return new Setting<>(name, key, Duration.class, scope, perProfile(Durations.parse(lan),
                Durations.parse(wan), Durations.parse(local), Durations.parse(lanFast)), Durations.parse(min),
                Durations.parse(max));
    }

    static Setting<Integer> integer(String name, String key, Scope scope, int lan, int wan, int local, int lanFast,
                                    int min, int max) {
        return new Setting<>(name, key, Integer.class, scope, perProfile(lan, wan, local, lanFast), min, max);
    }

    static Setting<Boolean> flag(String name, String key, boolean value) {
        return new Setting<>(name, key, Boolean.class, Scope.NODE, perProfile(value, value, value, value), false,
                true);
    }

    private static <T> Map<Profile, T> perProfile(T lan, T wan, T local, T lanFast) {
        Map<Profile, T> m = new EnumMap<>(Profile.class);
        m.put(Profile.LAN, lan);
        m.put(Profile.WAN, wan);
        m.put(Profile.LOCAL, local);
        m.put(Profile.LAN_FAST, lanFast);
        return m;
    }

    /** The value in {@code profile} when nothing else is configured. */
    public T defaultFor(Profile profile) {
        return defaults.get(profile);
    }

    /** Whether {@code value} lies in the range. */
    public boolean allows(T value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /**
     * {@code value}, if it lies in the range.
     *
     * @throws IllegalArgumentException naming this setting, the value and the range otherwise
     */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        if (!allows(value)) {
            throw new IllegalArgumentException(name + " must be " + range() + ": " + text(value));
        }
        return value;
    }

    /** The range in words: {@code from 10ms to 1m}; for a switch, {@code true or false}. */
    public String range() {
        return type == Boolean.class ? "true or false" : "from " + text(min) + " to " + text(max);
    }

    /** What the configuration accepts, for a message about a value it refused. */
    public String syntax() {
        if (type == Duration.class) {
            return Durations.FORMAT + ", " + range();
        }
        return type == Integer.class ? "an integer " + range() : range();
    }

    /** {@code value} as the configuration writes it ({@code 500ms}, {@code 3}, {@code true}). */
    public String text(T value) {
        return value instanceof Duration d ? Durations.format(d) : value.toString();
    }

    /**
     * A configured value, range not checked.
     *
     * @throws IllegalArgumentException if {@code text} is not of the type's syntax
     */
    public T parse(String text) {
        String s = text.strip();
        if (type == Duration.class) {
            return type.cast(Durations.parse(s));
        }
        if (type == Integer.class) {
            return type.cast(Integer.valueOf(s));
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> type.cast(Boolean.TRUE);
            case "false" -> type.cast(Boolean.FALSE);
            default -> throw new IllegalArgumentException("not true or false: " + s);
        };
    }
}
