package io.gossamer.cdi;

import io.gossamer.GossamerConfig;
import io.gossamer.swim.Tags;
import io.gossamer.swim.config.Profile;
import io.gossamer.swim.config.Setting;
import io.gossamer.swim.config.Settings;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the documentation writes of each setting's defaults and range agrees with the one table
 * ({@link Settings}, and the node's own settings in {@link GossamerSettings}): the javadoc of
 * {@link GossamerConfig} (read from its source), the key table of runtime-integration/cdi/README.md
 * and the profile table of impl/README.md.
 */
class SettingsDocumentationTest {

    private static final Pattern JAVADOC_CONSTANT = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final String \\w+ = \"([^\"]+)\";", Pattern.DOTALL);
    private static final Pattern JAVADOC_DEFAULT = Pattern.compile("(?:\\{@code lan}:|Default) \\{@code ([^}]+)}");
    private static final String VALUE = "(\\d[\\d,]*(?:ms|s|m|h|d)?)";
    private static final Pattern RANGE = Pattern.compile(VALUE + "–" + VALUE);
    private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| (.*?) \\|$",
            Pattern.MULTILINE);
    private static final Pattern PROFILE_ROW = Pattern.compile(
            "^\\| ([a-z-]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$",
            Pattern.MULTILINE);

    /** A row of the profile table in GossamerConfig's class javadoc. */
    private static final Pattern JAVADOC_PROFILE_ROW = Pattern.compile(
            "<tr><th scope=\"row\">\\{@link #\\w+ ([a-z.-]+)}</th><td>\\{@code ([^}]+)}</td>"
                    + "<td>\\{@code ([^}]+)}</td><td>\\{@code ([^}]+)}</td><td>\\{@code ([^}]+)}</td></tr>");

    private static Map<String, String> javadoc;
    /** Key → its lan, wan and local values in GossamerConfig's class javadoc. */
    private static Map<String, List<String>> javadocProfiles;
    private static Map<String, List<String>> readme;
    private static Map<String, List<String>> profiles;
    private static String configSource;

    /** The repository's root: the nearest directory upwards holding the api and impl modules. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("api")) && Files.isDirectory(p.resolve("impl"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    @BeforeAll
    static void read() throws IOException {
        Path root = root();
        configSource = Files.readString(root.resolve("api/src/main/java/io/gossamer/GossamerConfig.java"));
        javadoc = new LinkedHashMap<>();
        Matcher m = JAVADOC_CONSTANT.matcher(configSource);
        while (m.find()) {
            String text = m.group(1).replaceAll("\\n\\s*\\* ?", " ").replaceAll("\\s+", " ").strip();
            javadoc.put(m.group(2), text);
        }
        int classStart = configSource.indexOf("public final class GossamerConfig");
        javadocProfiles = rows(JAVADOC_PROFILE_ROW, configSource.substring(0, classStart));
        readme = rows(README_ROW, Files.readString(root.resolve("runtime-integration/cdi/README.md")));
        String impl = Files.readString(root.resolve("impl/README.md"));
        int section = impl.indexOf("\n## Profiles\n");
        assertThat(section).as("impl/README.md has a section Profiles").isNotNegative();
        int end = impl.indexOf("\n## ", section + 1);
        profiles = rows(PROFILE_ROW, impl.substring(section, end < 0 ? impl.length() : end));
    }

    private static Map<String, List<String>> rows(Pattern row, String markdown) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher m = row.matcher(markdown);
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            for (int i = 2; i <= m.groupCount(); i++) {
                cells.add(m.group(i).strip());
            }
            rows.put(m.group(1), cells);
        }
        return rows;
    }

    private static Stream<Setting<?>> everySetting() {
        return Stream.concat(Settings.all().stream(),
                Stream.of(GossamerSettings.LEAVE_TIMEOUT, GossamerSettings.READINESS_MIN_MEMBERS,
                        GossamerSettings.JOIN_REFUSED_BACKOFF, GossamerSettings.JOIN_REFUSED_MAX_BACKOFF));
    }

    /** A value as the documentation writes it: {@code 500ms}, {@code 100,000}, a bare {@code 0} for no time. */
    private static <T extends Comparable<? super T>> T parse(Setting<T> s, String text) {
        String t = text.replace(",", "").replace(" ", "").strip();
        if (s.type() == java.time.Duration.class && t.matches("\\d+")) {
            assertThat(t).as("%s: a duration written without unit", s.key()).isEqualTo("0");
            t = "0s";
        }
        return s.parse(t);
    }

    private static <T extends Comparable<? super T>> void assertRange(Setting<T> s, String where, String text) {
        if (s.type() == Boolean.class) {
            return;
        }
        Matcher range = RANGE.matcher(text);
        assertThat(range.find()).as("%s in %s gives a range: %s", s.key(), where, text).isTrue();
        assertThat(parse(s, range.group(1))).as("%s: the minimum in %s", s.key(), where).isEqualTo(s.min());
        assertThat(parse(s, range.group(2))).as("%s: the maximum in %s", s.key(), where).isEqualTo(s.max());
    }

    @Test
    void gossamerConfigJavadocGivesEachSettingsLanDefaultAndRange() {
        everySetting().forEach(s -> check(s, javadoc.get(s.key())));
    }

    private static <T extends Comparable<? super T>> void check(Setting<T> s, String doc) {
        assertThat(doc).as("javadoc of %s", s.key()).isNotNull();
        Matcher d = JAVADOC_DEFAULT.matcher(doc);
        assertThat(d.find()).as("%s javadoc gives a default: %s", s.key(), doc).isTrue();
        assertThat(parse(s, d.group(1))).as("%s: the default in the javadoc", s.key())
                .isEqualTo(s.defaultFor(Profile.LAN));
        assertRange(s, "the javadoc", doc.substring(d.end()));
    }

    @Test
    void readmeKeyTableGivesEachSettingsLanDefaultAndRange() {
        everySetting().forEach(SettingsDocumentationTest::checkReadme);
    }

    private static <T extends Comparable<? super T>> void checkReadme(Setting<T> s) {
        List<String> row = readme.get(s.key());
        assertThat(row).as("README row of %s", s.key()).isNotNull();
        String def = row.get(0);
        assertThat(def).as("%s default in the README", s.key()).matches("`[^`]+`");
        assertThat(parse(s, def.substring(1, def.length() - 1))).as("%s: the default in the README", s.key())
                .isEqualTo(s.defaultFor(Profile.LAN));
        if (s.type() == Boolean.class) {
            assertThat(row.get(1)).startsWith("`true`, `false`");
        } else {
            assertRange(s, "the README", row.get(1));
        }
    }

    /** impl/README.md's profile table has a row for each setting of the engine's table, and only those. */
    @Test
    void implReadmeProfileTableGivesEachProfilesDefaults() {
        Map<String, List<String>> table = new LinkedHashMap<>(profiles);
        table.remove("setting");
        table.remove("n");
        table.remove("---");
        List<String> engine = Settings.all().stream().map(s -> s.key().substring(GossamerConfig.PREFIX.length()))
                .toList();
        assertThat(table.keySet()).containsExactlyElementsOf(engine);
        Settings.all().forEach(SettingsDocumentationTest::checkProfiles);
    }

    /**
     * GossamerConfig's class javadoc has a row of lan, wan, local and lan-fast values for each setting a
     * profile sets (the timings), and only those: the API's own statement of the profiles.
     */
    @Test
    void gossamerConfigJavadocProfileTableGivesEachProfilesTimings() {
        List<Setting<?>> timings = Settings.all().stream().filter(s -> s.scope() == Setting.Scope.PROFILE).toList();
        assertThat(javadocProfiles.keySet()).containsExactlyElementsOf(timings.stream().map(Setting::key).toList());
        timings.forEach(SettingsDocumentationTest::checkJavadocProfiles);
    }

    private static <T extends Comparable<? super T>> void checkJavadocProfiles(Setting<T> s) {
        List<String> row = javadocProfiles.get(s.key());
        Profile[] order = {Profile.LAN, Profile.WAN, Profile.LOCAL, Profile.LAN_FAST};
        for (int i = 0; i < order.length; i++) {
            assertThat(parse(s, row.get(i))).as("%s in the %s column of GossamerConfig's javadoc", s.key(), order[i])
                    .isEqualTo(s.defaultFor(order[i]));
        }
    }

    private static <T extends Comparable<? super T>> void checkProfiles(Setting<T> s) {
        List<String> row = profiles.get(s.key().substring(GossamerConfig.PREFIX.length()));
        Profile[] order = {Profile.LAN, Profile.WAN, Profile.LOCAL, Profile.LAN_FAST};
        for (int i = 0; i < order.length; i++) {
            String cell = row.get(i).replaceAll("\\(.*\\)", "").replaceAll(" B$", "");
            assertThat(parse(s, cell)).as("%s in the %s column of impl/README.md", s.key(), order[i])
                    .isEqualTo(s.defaultFor(order[i]));
        }
    }

    /** The tags limit is one for all tags together, as the engine enforces it, and said so everywhere. */
    @Test
    void tagsAreLimitedInAll() {
        assertThat(configSource).doesNotContainPattern("\\d+ bytes each");
        assertThat(javadoc.get(GossamerConfig.TAGS_PREFIX)).contains("At most " + Tags.MAX_BYTES + " bytes encoded in all");
        assertThat(readme.get(GossamerConfig.TAGS_PREFIX + "<name>").get(1))
                .contains("at most " + Tags.MAX_BYTES + " bytes encoded in all");
    }
}
