package io.gossamer.tck;

import io.gossamer.GossamerConfig;
import io.gossamer.tck.support.TckTiming;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link TckTiming#forProfile(String)} holds exactly the profile table of {@link GossamerConfig}'s
 * javadoc (which the implementation's build holds to its own settings): a bound computed for a
 * profile is computed from the values the API promises.
 */
class ProfileTableTest {

    private static final Pattern ROW = Pattern.compile(
            "<tr><th scope=\"row\">\\{@link #\\w+ ([a-z.-]+)}</th><td>\\{@code ([^}]+)}</td>"
                    + "<td>\\{@code ([^}]+)}</td><td>\\{@code ([^}]+)}</td><td>\\{@code ([^}]+)}</td></tr>");
    private static final List<String> PROFILES = List.of("lan", "wan", "local", "lan-fast");

    @Test
    void forProfileHoldsTheApisProfileTable() throws IOException {
        String source = Files.readString(Path.of("..", "api", "src", "main", "java", "io", "gossamer",
                "GossamerConfig.java"));
        String classJavadoc = source.substring(0, source.indexOf("public final class GossamerConfig"));
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        PROFILES.forEach(p -> table.put(p, new LinkedHashMap<>()));
        Matcher row = ROW.matcher(classJavadoc);
        while (row.find()) {
            for (int i = 0; i < PROFILES.size(); i++) {
                table.get(PROFILES.get(i)).put(row.group(1), asProperty(row.group(i + 2)));
            }
        }
        assertFalse(table.get("lan").isEmpty(), "GossamerConfig's javadoc has a profile table");
        for (String profile : PROFILES) {
            Map<String, String> expected = new LinkedHashMap<>(table.get(profile));
            expected.put(GossamerConfig.PROFILE, profile);
            Map<String, String> actual = TckTiming.forProfile(profile).properties();
            assertEquals(new TreeMap<>(expected), new TreeMap<>(actual), "profile " + profile);
        }
    }

    /** A table cell as {@link TckTiming#properties()} writes it: durations in milliseconds. */
    private static String asProperty(String cell) {
        Matcher d = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(cell);
        if (!d.matches()) {
            return cell;
        }
        long n = Long.parseLong(d.group(1));
        long ms = switch (d.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return ms + "ms";
    }
}
