package io.gossamer.swim.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A value for every setting of {@link Settings}: a profile's defaults, some of them overridden.
 * Immutable. Ranges are not checked here but where the values are used ({@link SwimConfig}), so
 * that whoever reads configuration can report every bad value at once.
 */
public final class Tuning {

    private final Map<Setting<?>, Object> values;

    private Tuning(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** The defaults of {@code profile}. */
    public static Tuning of(Profile profile) {
        Objects.requireNonNull(profile, "profile");
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) {
            values.put(s, s.defaultFor(profile));
        }
        return new Tuning(values);
    }

    /** The value of {@code setting}. */
    public <T extends Comparable<? super T>> T get(Setting<T> setting) {
        return setting.type().cast(known(setting));
    }

    /** These values with {@code setting} set to {@code value}. */
    public <T extends Comparable<? super T>> Tuning with(Setting<T> setting, T value) {
        known(setting);
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, Objects.requireNonNull(value, setting.name()));
        return new Tuning(copy);
    }

    /**
     * These values with the timings ({@link Setting.Scope#PROFILE}) of {@code profile} instead:
     * what a server's WAN pool runs, the node's own settings kept.
     */
    public Tuning withTimingsOf(Profile profile) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        for (Setting<?> s : Settings.all()) {
            if (s.scope() == Setting.Scope.PROFILE) {
                copy.put(s, s.defaultFor(profile));
            }
        }
        return new Tuning(copy);
    }

    private Object known(Setting<?> setting) {
        Object v = values.get(Objects.requireNonNull(setting, "setting"));
        if (v == null) {
            throw new IllegalArgumentException(setting.name() + " is not a setting of the engine's table");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuning t && t.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner sj = new StringJoiner(", ", "Tuning[", "]");
        values.forEach((s, v) -> sj.add(s.name() + "=" + text(s, v)));
        return sj.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<? super T>> String text(Setting<T> s, Object v) {
        return s.text((T) v);
    }
}
