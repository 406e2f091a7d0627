package io.gossamer.agent;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The agent's MicroProfile {@link Config}: the flags, then system properties, then the environment
 * (found by MicroProfile Config's rules: {@code gossamer.seeds} as {@code gossamer.seeds},
 * {@code gossamer_seeds} or {@code GOSSAMER_SEEDS}), then a properties file, each as MicroProfile
 * Config ranks them (600 for the flags, 400, 300, 100). Values are strings, and lists split at
 * commas ({@code \,} escaping one); an empty value counts as missing.
 *
 * <p>Not SmallRye Config: the settings read nothing but strings and string lists, and the agent is
 * measured by what it takes to start (SmallRye Config took a sixth of the agent's start-up CPU and
 * 110 classes for it).
 */
final class AgentConfig implements Config {

    /** One place values come from, by MicroProfile Config's rank. */
    private record Source(String name, int ordinal, Map<String, String> values) {
    }

    private final List<Source> sources;

    private AgentConfig(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * The agent's configuration: {@code flags}, system properties, the environment, then
     * {@code file} if given (UTF-8 properties).
     *
     * @throws IOException if the file cannot be read
     */
    static AgentConfig of(Map<String, String> flags, Optional<Path> file) throws IOException {
        List<Source> s = new ArrayList<>();
        s.add(new Source("command line", 600, Map.copyOf(flags)));
        Map<String, String> system = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> system.put(k, System.getProperty(k)));
        s.add(new Source("system properties", 400, system));
        s.add(new Source("environment", 300, System.getenv()));
        if (file.isPresent()) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                p.load(in);
            }
            Map<String, String> values = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
            s.add(new Source(file.get().toString(), 100, values));
        }
        return new AgentConfig(s);
    }

    /** The first source that has {@code name}, and its raw value; null if none. */
    private Map.Entry<Source, String> lookup(String name) {
        for (Source s : sources) {
            String v = s.name().equals("environment") ? environment(s.values(), name) : s.values().get(name);
            if (v != null) {
                return Map.entry(s, v);
            }
        }
        return null;
    }

    /** MicroProfile Config's three spellings of a name in the environment. */
    private static String environment(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v != null) {
            return v;
        }
        String sanitized = name.replaceAll("[^A-Za-z0-9_]", "_");
        v = env.get(sanitized);
        return v != null ? v : env.get(sanitized.toUpperCase(Locale.ROOT));
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException(propertyName + " is not set"));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        Map.Entry<Source, String> found = lookup(propertyName);
        return new ConfigValue() {
            @Override
            public String getName() {
                return propertyName;
            }

            @Override
            public String getValue() {
                return found == null ? null : found.getValue();
            }

            @Override
            public String getRawValue() {
                return getValue();
            }

            @Override
            public String getSourceName() {
                return found == null ? null : found.getKey().name();
            }

            @Override
            public int getSourceOrdinal() {
                return found == null ? 0 : found.getKey().ordinal();
            }
        };
    }

    @Override
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        Map.Entry<Source, String> found = lookup(propertyName);
        Optional<String> raw = Optional.ofNullable(found).map(Map.Entry::getValue).filter(v -> !v.isEmpty());
        if (propertyType == String.class) {
            return raw.map(propertyType::cast);
        }
        if (propertyType == String[].class) {
            return raw.map(AgentConfig::split).filter(a -> a.length > 0).map(propertyType::cast);
        }
        throw new IllegalArgumentException("the agent's configuration holds strings and string lists, not "
                + propertyType);
    }

    @Override
    public <T> Optional<List<T>> getOptionalValues(String propertyName, Class<T> propertyType) {
        if (propertyType != String.class) {
            throw new IllegalArgumentException("the agent's configuration holds string lists, not " + propertyType);
        }
        return getOptionalValue(propertyName, String[].class).map(a -> List.of(a).stream().map(propertyType::cast)
                .toList());
    }

    /** Every name some source has; the environment's as they are spelt there. */
    @Override
    public Iterable<String> getPropertyNames() {
        TreeSet<String> names = new TreeSet<>();
        sources.forEach(s -> names.addAll(s.values().keySet()));
        return names;
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
        throw new IllegalArgumentException("the agent's configuration is no " + type);
    }

    /** The elements of a list value: split at unescaped commas, blank elements dropped. */
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
        return parts.stream().map(String::strip).filter(p -> !p.isEmpty()).toArray(String[]::new);
    }
}
