package io.gossamer.tck;

import io.gossamer.tck.spi.Peer;
import io.gossamer.tck.spi.PeerObserver;
import io.gossamer.tck.spi.Peers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPI listing in the TCK's README is the SPI: each interface its {@code java} blocks declare
 * is one of {@code io.gossamer.tck.spi}, with the same supertypes and exactly the same methods
 * (return and parameter types, default or not), so that code written from the README compiles.
 */
class SpiListingTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INTERFACE = Pattern.compile("public interface (\\w+)(?: extends ([\\w, ]+))?\\s*\\{");
    private static final Pattern METHOD = Pattern.compile("(default\\s+)?(.+?)\\s+(\\w+)\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern PACKAGES = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+");

    @Test
    void theReadmesListingDeclaresTheSpi() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, List<String>> listed = new TreeMap<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        while (block.find()) {
            String code = block.group(1).replaceAll("//[^\\n]*", "");
            Matcher decl = INTERFACE.matcher(code);
            while (decl.find()) {
                String body = bodyFrom(code, decl.end());
                List<String> signatures = new ArrayList<>();
                for (String supertype : decl.group(2) == null ? new String[0] : decl.group(2).split(",")) {
                    signatures.add("extends " + supertype.strip());
                }
                for (String member : withoutBodies(body).split(";")) {
                    if (!member.isBlank()) {
                        signatures.add(signature(member.strip()));
                    }
                }
                listed.put(decl.group(1), signatures.stream().sorted().toList());
            }
        }
        Map<String, List<String>> spi = new TreeMap<>();
        for (Class<?> c : List.of(Peers.class, PeerObserver.class, Peer.class)) {
            spi.put(c.getSimpleName(), declared(c));
        }
        assertTrue(listed.keySet().containsAll(spi.keySet()), "the README lists " + listed.keySet());
        assertEquals(spi, listed, "the README's SPI listing vs io.gossamer.tck.spi");
    }

    /** The text between the brace just before {@code from} and its matching closing brace. */
    private static String bodyFrom(String code, int from) {
        int depth = 1;
        for (int i = from; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return code.substring(from, i);
            }
        }
        throw new AssertionError("an interface in the README is not closed: " + code.substring(from));
    }

    /** Default methods' bodies replaced by the {@code ;} an abstract method ends with. */
    private static String withoutBodies(String body) {
        return body.replaceAll("\\{[^{}]*}", ";");
    }

    private static String signature(String member) {
        Matcher m = METHOD.matcher(member);
        assertTrue(m.matches(), "not a method declaration: " + member);
        List<String> params = new ArrayList<>();
        for (String p : splitTopLevel(m.group(4))) {
            String param = p.strip();
            params.add(type(param.substring(0, param.lastIndexOf(' '))));
        }
        return (m.group(1) == null ? "" : "default ") + type(m.group(2)) + " " + m.group(3) + "(" + String.join(",", params) + ")";
    }

    private static List<String> splitTopLevel(String params) {
        List<String> parts = new ArrayList<>();
        if (params.isBlank()) {
            return parts;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < params.length(); i++) {
            char ch = params.charAt(i);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(params.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(params.substring(start));
        return parts;
    }

    private static List<String> declared(Class<?> c) {
        TreeSet<String> signatures = new TreeSet<>();
        for (Class<?> supertype : c.getInterfaces()) {
            signatures.add("extends " + supertype.getSimpleName());
        }
        for (Method m : c.getDeclaredMethods()) {
            if (m.isSynthetic() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            List<String> params = Arrays.stream(m.getGenericParameterTypes()).map(SpiListingTest::type).toList();
            signatures.add((m.isDefault() ? "default " : "") + type(m.getGenericReturnType()) + " " + m.getName()
                    + "(" + String.join(",", params) + ")");
        }
        return List.copyOf(signatures);
    }

    private static String type(Type t) {
        return type(t.getTypeName());
    }

    /** A type as written in a listing: simple names, no spaces. */
    private static String type(String name) {
        return PACKAGES.matcher(name).replaceAll("").replace(" ", "");
    }
}
