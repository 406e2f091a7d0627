package io.gossamer.agent;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A {@code microprofile-config.properties} file outside the class path, read once. Its ordinal is
 * the one MP Config gives such files, 100 (below the environment, 300, and system properties,
 * 400), unless the file sets {@code config_ordinal} itself.
 */
final class FileConfigSource implements ConfigSource {

    private final String name;
    private final Map<String, String> properties;

    FileConfigSource(Path file) throws IOException {
        Properties p = new Properties();
        // MP Config implementations read these files as UTF-8, not ISO-8859-1 as Properties would.
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        this.properties = Map.copyOf(map);
        this.name = "FileConfigSource[" + file.toAbsolutePath().normalize() + "]";
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String getValue(String propertyName) {
        // ConfigSource's contract: null when absent.
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }
}
