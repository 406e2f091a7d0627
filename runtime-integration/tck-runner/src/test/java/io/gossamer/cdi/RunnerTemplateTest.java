package io.gossamer.cdi;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCK's runner template ({@code tck/runner-template}) has no parent, so that a vendor can copy
 * it: it writes out every version a runner needs. They must stay the ones the rest of the build
 * uses (the root pom's), or the template would certify against other versions than ours.
 */
class RunnerTemplateTest {

    private static final Path ROOT = Path.of("../..");

    @Test
    void theTemplateUsesTheBuildsVersions() throws Exception {
        Document root = parse(ROOT.resolve("pom.xml"));
        Document template = parse(ROOT.resolve("tck/runner-template/pom.xml"));
        Map<String, String> properties = properties(root);
        Map<String, String> managed = new HashMap<>();
        for (String tag : new String[] {"dependency", "plugin"}) {
            forEach(root, tag, e -> {
                if (!text(e, "version").isEmpty()) {
                    managed.put(key(e), resolve(text(e, "version"), properties));
                }
            });
        }
        // Weld 6 needs the CDI 4.1 API; our modules compile against 4.0 and swap 4.1 in for tests.
        String cdiForTests = properties.get("cdi-api-test.version");

        Map<String, String> written = new LinkedHashMap<>();
        forEach(template, "dependency", d -> written.put(key(d), text(d, "version")));
        forEach(template, "plugin", p -> written.put(key(p), text(p, "version")));
        written.values().removeIf(v -> v.isEmpty() || v.equals("${gossamer.version}"));
        assertThat(written).as("versions the template writes").hasSizeGreaterThan(15);
        written.forEach((ga, version) -> {
            String ours = ga.startsWith("jakarta.enterprise:") ? cdiForTests : managed.get(ga);
            assertThat(version).as("%s in the template against the root pom", ga).isEqualTo(ours);
        });
        assertThat(text(template.getDocumentElement(), "version")).as("the template's own version")
                .isEqualTo(text(root.getDocumentElement(), "version"));
        assertThat(properties(template).get("gossamer.version")).as("the Gossamer version the template runs")
                .isEqualTo(text(root.getDocumentElement(), "version"));
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> p = new HashMap<>();
        NodeList blocks = pom.getDocumentElement().getElementsByTagName("properties");
        Node block = blocks.item(0);
        for (Node n = block.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                p.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return p;
    }

    private static void forEach(Document pom, String tag, Consumer<Element> action) {
        NodeList all = pom.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element e && !text(e, "artifactId").isEmpty()) {
                action.accept(e);
            }
        }
    }

    private static String key(Element e) {
        String group = text(e, "groupId");
        return (group.isEmpty() ? "org.apache.maven.plugins" : group) + ":" + text(e, "artifactId");
    }

    /** The text of {@code e}'s own child {@code tag}, or "". */
    private static String text(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c.getTextContent().trim();
            }
        }
        return "";
    }

    private static String resolve(String value, Map<String, String> properties) {
        if (value.startsWith("${") && value.endsWith("}")) {
            return properties.getOrDefault(value.substring(2, value.length() - 1), value);
        }
        return value;
    }
}
