package io.gossamer.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's live page in a real browser (Debian's Chromium, headless, driven by Selenium; the
 * build installs it if missing: {@code src/test/browser/install-chromium.sh}): what a person
 * watching it sees. Three agents; the page of the first shows all three ALIVE with their round
 * trips, and when the third is killed its row turns DEAD and the timeline says so, without the page
 * being reloaded.
 */
class AgentPageIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private final List<AgentProcess> agents = new ArrayList<>();
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        agents.forEach(AgentProcess::close);
    }

    private AgentProcess start(Path dir, String cluster, String name, String seed) throws Exception {
        List<String> args = new ArrayList<>(List.of("agent", "--node", name, "--cluster", cluster,
                "--bind", "127.0.0.1:0", "--profile", "local"));
        if (seed != null) {
            args.addAll(List.of("--join", seed));
        }
        AgentProcess p = AgentProcess.start(dir, Map.of(), AgentProcess.classPathAgent(), args);
        agents.add(p);
        return p;
    }

    private static AgentLine started(AgentProcess p) {
        return AgentLine.parse(p.awaitLine(l -> l.contains(" STARTED "), STEP, "STARTED")).orElseThrow();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledMemberTurnsDeadOnThePageWithoutAReload(@TempDir Path dir) throws Exception {
        String cluster = "page-" + Long.toHexString(System.nanoTime());
        AgentProcess first = start(dir, cluster, "web-1", null);
        AgentLine firstStarted = started(first);
        String seed = firstStarted.startedAddress().orElseThrow();
        start(dir, cluster, "web-2", seed);
        AgentProcess third = start(dir, cluster, "web-3", seed);
        started(third);

        browser = chromium();
        browser.get("http://" + firstStarted.startedHttp().orElseThrow() + "/");
        WebDriverWait wait = new WebDriverWait(browser, STEP);
        wait.until(d -> states(d).equals(Map.of("web-1", "ALIVE", "web-2", "ALIVE", "web-3", "ALIVE")));
        assertThat(browser.findElement(By.id("node")).getText()).isEqualTo("web-1");
        wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        // Round trips appear once web-1 has probed the others (the page polls every few seconds).
        wait.until(d -> !cell(d, "web-2", "rtt").isEmpty() && !cell(d, "web-3", "rtt").isEmpty());
        assertThat(cell(browser, "web-2", "rtt")).matches("\\d+\\.\\d{3} ms");
        // A mark on this page: a reload would lose it.
        ((JavascriptExecutor) browser).executeScript("window.gossamerTestMark = 'still the same page';");

        third.process().destroyForcibly();
        wait.until(d -> cell(d, "web-3", "state").equals("DEAD"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.gossamerTestMark;"))
                .isEqualTo("still the same page");
        assertThat(states(browser)).containsEntry("web-1", "ALIVE").containsEntry("web-2", "ALIVE");
        assertThat(browser.findElements(By.cssSelector("#timeline li")).stream().map(WebElement::getText))
                .anySatisfy(t -> assertThat(t).contains("DEAD").contains("web-3 (was SUSPECT)"))
                .anySatisfy(t -> assertThat(t).contains("SUSPECTED").contains("web-3 (was ALIVE)"));
    }

    /**
     * Each row's member and its state, as shown; read in one script, since the page redraws its
     * rows as events come (an element found in one call may be gone in the next).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> states(WebDriver d) {
        return new java.util.TreeMap<>((Map<String, String>) ((JavascriptExecutor) d).executeScript(
                "const m = {}; document.querySelectorAll('#members tbody tr').forEach(r =>"
                        + " m[r.dataset.member] = r.querySelector('td.state').innerText); return m;"));
    }

    private static String cell(WebDriver d, String member, String column) {
        Object text = ((JavascriptExecutor) d).executeScript("const c = document.querySelector("
                + "'#members tr[data-member=\"' + arguments[0] + '\"] td.' + arguments[1]); return c ? c.innerText : '';",
                member, column);
        return String.valueOf(text);
    }

    /** Headless Chromium, the Debian packages' binaries; Selenium Manager is not asked to download anything. */
    private static WebDriver chromium() {
        File browser = onPath("chromium").orElseThrow(() -> new IllegalStateException(
                "no chromium on the PATH: src/test/browser/install-chromium.sh installs it (the build runs it)"));
        File driver = onPath("chromedriver").orElseThrow(() -> new IllegalStateException(
                "no chromedriver on the PATH: src/test/browser/install-chromium.sh installs it (the build runs it)"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<File> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toFile());
            }
        }
        return Optional.empty();
    }
}
