package io.gossamer.tck;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps three things in step: the assertion ids in the API's javadoc, the ids each TCK test
 * method's javadoc cites, and the coverage table in the TCK's README.
 */
class CoverageTableTest {

    private static final Pattern API_ID = Pattern.compile("\\{@code \\[([a-z0-9-]+)]}");
    private static final Pattern CITED_ID = Pattern.compile("\\[([a-z0-9-]+)]");
    private static final Pattern TEST_METHOD = Pattern.compile(
            "(/\\*\\*(?:(?!\\*/).)*\\*/)?\\s*@Test\\b(?:\\s*@\\w+(?:\\([^)]*\\))?)*\\s*public void (\\w+)", Pattern.DOTALL);
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `\\[([a-z0-9-]+)]` \\| (.+) \\|$", Pattern.MULTILINE);
    private static final Pattern CLASS_NAME = Pattern.compile("`(\\w+)`");
    /** A row without tests: {@code not portable: <why>}. */
    private static final Pattern NOT_PORTABLE = Pattern.compile("not portable: (\\S.{19,})");

    private static Set<String> apiIds;
    /** Class simple name → ids its test methods cite. */
    private static Map<String, Set<String>> citedByClass;
    /** id → classes the README lists for it. */
    private static Map<String, Set<String>> table;
    /** id → the README's reason why no test can check it portably, for rows that list no class. */
    private static Map<String, String> notPortable;
    private static List<String> methodsWithoutIds;

    @BeforeAll
    static void read() {
        apiIds = new TreeSet<>();
        for (Path p : javaFiles(Path.of("..", "api", "src", "main", "java"))) {
            Matcher m = API_ID.matcher(text(p));
            while (m.find()) {
                apiIds.add(m.group(1));
            }
        }
        citedByClass = new TreeMap<>();
        methodsWithoutIds = new ArrayList<>();
        for (Path p : javaFiles(Path.of("src", "main", "java"))) {
            String cls = p.getFileName().toString().replace(".java", "");
            Matcher m = TEST_METHOD.matcher(text(p));
            while (m.find()) {
                Set<String> ids = new TreeSet<>();
                Matcher id = CITED_ID.matcher(m.group(1) == null ? "" : m.group(1));
                while (id.find()) {
                    ids.add(id.group(1));
                }
                if (ids.isEmpty()) {
                    methodsWithoutIds.add(cls + "." + m.group(2));
                }
                citedByClass.computeIfAbsent(cls, k -> new TreeSet<>()).addAll(ids);
            }
        }
        table = new TreeMap<>();
        notPortable = new TreeMap<>();
        Matcher row = TABLE_ROW.matcher(text(Path.of("README.md")));
        while (row.find()) {
            Set<String> classes = new TreeSet<>();
            Matcher why = NOT_PORTABLE.matcher(row.group(2));
            if (why.matches()) {
                notPortable.put(row.group(1), why.group(1));
            } else {
                Matcher c = CLASS_NAME.matcher(row.group(2));
                while (c.find()) {
                    classes.add(c.group(1));
                }
            }
            table.put(row.group(1), classes);
        }
    }

    @Test
    void theApiHasAssertionIdsAndTheTckHasTests() {
        assertTrue(apiIds.size() >= 10, "assertion ids found in the API: " + apiIds);
        assertTrue(citedByClass.size() >= 10, "test classes found: " + citedByClass.keySet());
    }

    @Test
    void everyTestMethodCitesAnAssertionId() {
        assertEquals(List.of(), methodsWithoutIds);
    }

    @Test
    void everyCitedIdExistsInTheApi() {
        Set<String> unknown = new TreeSet<>();
        citedByClass.values().forEach(unknown::addAll);
        unknown.removeAll(apiIds);
        assertEquals(Set.of(), unknown, "ids cited by tests but not defined in the API's javadoc");
    }

    @Test
    void theTableListsEveryApiIdAndNoOther() {
        assertEquals(apiIds, table.keySet());
    }

    /**
     * A promise no test checks must say why no portable test can (at least 20 characters of
     * reason); a row that lists no class and gives no reason is a promise left unchecked.
     */
    @Test
    void everyIdHasATestOrSaysWhyNot() {
        List<String> unchecked = new ArrayList<>();
        table.forEach((id, classes) -> {
            if (classes.isEmpty() && !notPortable.containsKey(id)) {
                unchecked.add(id);
            }
        });
        assertEquals(List.of(), unchecked, "ids with no test and no 'not portable: <why>'");
    }

    /** A reason given for an id that tests do check is stale. */
    @Test
    void noTestedIdIsCalledNotPortable() {
        Set<String> both = new TreeSet<>(notPortable.keySet());
        Set<String> cited = new TreeSet<>();
        citedByClass.values().forEach(cited::addAll);
        both.retainAll(cited);
        assertEquals(Set.of(), both, "ids both cited by tests and marked not portable");
    }

    @Test
    void theTableListsExactlyTheClassesThatCiteEachId() {
        Map<String, Set<String>> actual = new TreeMap<>();
        citedByClass.forEach((cls, ids) -> ids.forEach(id -> actual.computeIfAbsent(id, k -> new TreeSet<>()).add(cls)));
        Map<String, Set<String>> listed = new HashMap<>(table);
        listed.values().removeIf(Set::isEmpty);
        assertEquals(actual, new TreeMap<>(listed));
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
