package io.gossamer.cdi.tck;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * A MicroProfile {@link Config} over a map of strings: what {@code GossamerSettings.from(Config)}
 * needs to read a peer's configuration. It uses the MicroProfile Config API only, never an
 * implementation, so peers start the same way on Weld embedded (SmallRye Config on the class path)
 * and inside an application server, whose Config implementation the deployment may not see.
 *
 * <p>Values are strings or string arrays (a list: split at commas, {@code \,} escaping one); an
 * empty value counts as missing, as the MicroProfile Config specification says.
 */
final class MapConfig implements Config {

    private static final String SOURCE = "tck-peer";

    private final Map<String, String> values;

    MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException(propertyName + " is not set"));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        String value = values.get(propertyName);
        return new ConfigValue() {
            @Override
            public String getName() {
                return propertyName;
            }

            @Override
            public String getValue() {
                return value;
            }

            @Override
            public String getRawValue() {
                return value;
            }

            @Override
            public String getSourceName() {
                return value == null ? null : SOURCE;
            }

            @Override
            public int getSourceOrdinal() {
                return value == null ? 0 : ConfigSource.DEFAULT_ORDINAL;
            }
        };
    }

    @Override
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        Optional<String> raw = Optional.ofNullable(values.get(propertyName)).filter(v -> !v.isEmpty());
        if (propertyType == String.class) {
            return raw.map(propertyType::cast);
        }
        if (propertyType == String[].class) {
            return raw.map(MapConfig::split).filter(a -> a.length > 0).map(propertyType::cast);
        }
        throw new IllegalArgumentException("only String and String[] values are supported, not " + propertyType);
    }

    @Override
    public <T> Optional<List<T>> getOptionalValues(String propertyName, Class<T> propertyType) {
        if (propertyType != String.class) {
            throw new IllegalArgumentException("only String lists are supported, not " + propertyType);
        }
        return getOptionalValue(propertyName, String[].class)
                .map(a -> List.of(a).stream().map(propertyType::cast).toList());
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return Set.copyOf(values.keySet());
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("a MapConfig is no " + type);
    }

    /** The elements of a list value: split at unescaped commas, empty elements dropped. */
    static String[] split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.stream().filter(p -> !p.isEmpty()).toArray(String[]::new);
    }
}
