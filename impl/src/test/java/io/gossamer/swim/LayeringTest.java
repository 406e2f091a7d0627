package io.gossamer.swim;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the engine's packages layered, lowest first: {@code security}, {@code wire}, then
 * {@code config}, {@code metrics} and {@code coordinate} (side by side), {@code core}, {@code transport} and the facade
 * {@code io.gossamer.swim}. A package may use its own classes and those of lower layers only, so
 * the engine has no import circle. Code outside the engine (the CDI layer, the agent, the TCK) uses
 * the facade, {@code config}, {@code metrics} and {@code security}, never the protocol's insides.
 * Reads the repository's sources, so it names the file and the reference that break the rule.
 */
class LayeringTest {

    private static final String ENGINE = "io.gossamer.swim";
    private static final Map<String, Integer> LAYERS = Map.of(
            "security", 0,
            "wire", 1,
            "config", 2,
            "metrics", 2,
            "coordinate", 2,
            "core", 3,
            "transport", 4,
            "", 5);
    private static final List<String> INTERNAL = List.of("core", "wire", "transport", "coordinate");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.gossamer\\.swim((?:\\s*\\.\\s*[\\w$*]+)*)");

    private static Path root;

    @BeforeAll
    static void findRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("api")) && Files.isDirectory(dir.resolve("impl")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a folder holding api/ and impl/ above %s", Path.of("").toAbsolutePath()).isNotNull();
        root = dir;
    }

    @Test
    void noEnginePackageUsesAHigherOne() {
        List<Path> files = javaFiles(root.resolve("impl/src/main/java"));
        assertThat(files).as("the engine's sources").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String code = code(read(file));
            String from = enginePackage(packageOf(code)).orElse(null);
            Integer fromLayer = from == null ? null : LAYERS.get(from);
            if (fromLayer == null) {
                problems.add(name(file) + " is in package " + packageOf(code) + ", which has no layer here");
                continue;
            }
            for (String reference : references(code)) {
                String to = enginePackage(packageName(reference)).orElseThrow();
                Integer toLayer = LAYERS.get(to);
                if (to.equals(from)) {
                    continue;
                }
                if (toLayer == null || toLayer >= fromLayer) {
                    problems.add(name(file) + " (" + describe(from) + ") uses " + reference + " (" + describe(to) + ")");
                }
            }
        }
        assertThat(problems).as("references from a package to a package not below it").isEmpty();
    }

    @Test
    void codeOutsideTheEngineUsesNoneOfItsInsides() throws IOException {
        List<Path> folders = mainSourceFolders();
        assertThat(folders).as("main sources outside impl/").contains(root.resolve("runtime-integration/cdi/src/main/java"));
        List<String> problems = new ArrayList<>();
        for (Path main : folders) {
            for (Path file : javaFiles(main)) {
                for (String reference : references(code(read(file)))) {
                    String to = enginePackage(packageName(reference)).orElseThrow();
                    if (INTERNAL.contains(to)) {
                        problems.add(name(file) + " uses " + reference);
                    }
                }
            }
        }
        assertThat(problems).as("main code outside impl/ referring to %s.%s", ENGINE, INTERNAL).isEmpty();
    }

    /** Every {@code src/main/java} of the repository but the engine's own; build output and .git are not entered. */
    private static List<Path> mainSourceFolders() throws IOException {
        Path engine = root.resolve("impl/src/main/java");
        Path mainJava = Path.of("src", "main", "java");
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = String.valueOf(dir.getFileName());
                if (!dir.equals(root) && (name.equals("target") || name.startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (dir.endsWith(mainJava)) {
                    if (!dir.equals(engine)) {
                        found.add(dir);
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path file) {
        return root.relativize(file).toString();
    }

    private static String packageOf(String code) {
        Matcher m = PACKAGE.matcher(code);
        return m.find() ? m.group(1) : "";
    }

    /** Qualified names of the engine's classes (or packages, for wildcards) the code refers to. */
    private static List<String> references(String code) {
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(PACKAGE.matcher(code).replaceFirst(""));
        while (m.find()) {
            found.add((ENGINE + m.group(1)).replaceAll("\\s", ""));
        }
        return found;
    }

    /** The package part of a qualified name: the segments before the first capitalised one. */
    private static String packageName(String qualified) {
        StringBuilder name = new StringBuilder();
        for (String segment : qualified.split("\\.")) {
            if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            name.append(name.isEmpty() ? "" : ".").append(segment);
        }
        return name.toString();
    }

    /** The engine layer a package belongs to: its first segment below io.gossamer.swim, or "" for the facade. */
    private static Optional<String> enginePackage(String pkg) {
        if (pkg.equals(ENGINE)) {
            return Optional.of("");
        }
        if (!pkg.startsWith(ENGINE + ".")) {
            return Optional.empty();
        }
        return Optional.of(pkg.substring(ENGINE.length() + 1).split("\\.")[0]);
    }

    private static String describe(String layer) {
        return layer.isEmpty() ? "the facade" : layer;
    }

    /** The source with comments, string and character literals blanked out. */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
