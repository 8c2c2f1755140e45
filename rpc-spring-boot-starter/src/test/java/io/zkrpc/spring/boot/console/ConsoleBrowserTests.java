package io.zkrpc.spring.boot.console;

import static io.zkrpc.spring.boot.console.ConsoleCluster.address;
import static io.zkrpc.spring.boot.console.ConsoleCluster.consoleUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;

/**
 * The console page in a real headless Chromium (Debian's package, which {@code .ci/run} installs)
 * against a running provider and consumer: the provider's state, the services, instances and live
 * figures appear, what providers write into their metadata shows as text, and screenshots are saved
 * under {@code target/console/} for a person to look at. Without Chromium the tests are skipped, except in
 * CI (the variable {@code CI} set), where they fail so that CI never skips them silently.
 */
class ConsoleBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path ARTEFACTS = Path.of("target", "console");
    private static final Path LOGS = ARTEFACTS.resolve("logs");
    private static final Duration CHROMIUM_DEADLINE = Duration.ofSeconds(90);
    private static final Pattern IN_FLIGHT = Pattern.compile("<td class=\"num in-flight( busy)?\" data-value=\"[0-9]+\">[0-9]+</td>");
    private static final Pattern FIGURE = Pattern.compile("<td class=\"num (rate|p50|p99)\" data-value=\"([0-9.Ee+-]+)\">");

    private static ConsoleCluster cluster;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                fail(CHROMIUM + " is missing: .ci/run installs Debian's chromium package");
            }
            return;
        }
        cluster = new ConsoleCluster();
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(cluster != null, CHROMIUM + " is missing (apt-get install chromium): the console's browser tests are skipped outside CI");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void consumerPageShowsTheSessionTheSubscribedServicesAndTheirInstances() throws Exception {
        String dom = dumpDom(consoleUrl(cluster.consumer));
        assertThat(dom).contains("shop-frontend", "CONNECTED", "io.zkrpc.spring.boot.e2e.api.CatalogService@default",
                "io.zkrpc.spring.boot.e2e.api.PingService@default", "Isolated until", "In flight",
                "in rotation", "blue", "zone=eu-west-1a");
        assertThat(dom).as("a consumer has no provider state").contains("<div id=\"provider\" class=\"provider\" hidden=\"\">");
        for (String address : List.of(address(cluster.consoleProvider), address(cluster.plainProvider))) {
            assertThat(dom).as("a cell of instance %s", address).contains("\">" + address + "</td>");
        }
        assertThat(IN_FLIGHT.matcher(dom).results().count()).as("a calls-in-flight cell per instance of two services")
                .isEqualTo(4);
        assertThat(dom).doesNotContain("Could not load the figures");
    }

    @Test
    void providerMetadataIsShownAsTextNeverRunAsMarkup() throws Exception {
        String dom = dumpDom(consoleUrl(cluster.consumer));
        assertThat(dom).contains("note=&lt;script&gt;document.title='owned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(dom).doesNotContain("<script>document.title", "<img src=\"x\"", "<img src=x", "<title>owned");
    }

    @Test
    void providerPageShowsItOnlineAndItsExportedServicesAsRegistered() throws Exception {
        String dom = dumpDom(consoleUrl(cluster.consoleProvider));
        assertThat(dom).contains("catalog-provider", "CatalogService@default", "PingService@default", "ClockService", "registered",
                        "<span id=\"provider-state\" class=\"badge ok\">online</span>",
                        "<span id=\"provider-instance\">" + address(cluster.consoleProvider) + "</span>")
                .containsPattern("<span id=\"provider-in-flight\" class=\"muted\">[0-9]+ call\\(s\\) in flight</span>")
                .doesNotContain("not registered", "This instance exports no service.");
    }

    /** Taken offline through the zkrpc endpoint, the provider's header says so in the warning colour, and its services are out. */
    @Test
    void providerTakenOfflineShowsOfflineInItsHeader() throws Exception {
        assertThat(cluster.changeState(cluster.consoleProvider, "offline").body()).contains("\"state\":\"offline\"");
        try {
            String dom = dumpDom(consoleUrl(cluster.consoleProvider));
            assertThat(dom).contains("<span id=\"provider-state\" class=\"badge warn\">offline</span>", "not registered")
                    .doesNotContain("\">registered</td>");
            screenshot(consoleUrl(cluster.consoleProvider), "console-provider-offline.png");
        } finally {
            cluster.backOnline();
        }
    }

    /**
     * Needs the timers {@code zkrpc.client.requests} and {@code zkrpc.server.requests}: calls per
     * second above zero and a latency, on the consumer's page and the provider's, and a screenshot.
     */
    @Test
    void pagesShowLiveCallsPerSecondAndLatenciesPerMethod() throws Exception {
        awaitRate(cluster.consumer, "client");
        awaitRate(cluster.consoleProvider, "server");

        String consumerDom = dumpDom(consoleUrl(cluster.consumer));
        assertLiveFigures(consumerDom, "whoAmI");
        assertLiveFigures(consumerDom, "ping");
        assertLiveFigures(dumpDom(consoleUrl(cluster.consoleProvider)), "whoAmI");

        Path screenshot = screenshot(consoleUrl(cluster.consumer), "console.png");
        assertThat(Files.size(screenshot)).as("screenshot %s", screenshot).isGreaterThan(10_000);
        screenshot(consoleUrl(cluster.consoleProvider), "console-provider.png");
    }

    /** Polls the data URL, as the page does, until a method of {@code side} has a rate above zero (rates span a second or more). */
    private static void awaitRate(org.springframework.context.ConfigurableApplicationContext context, String side) {
        String url = consoleUrl(context) + "data";
        await("calls per second of the " + side + " side at " + url).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JSONObject data = JSON.parseObject(cluster.get(url).body());
                    return data.getJSONArray("methods").stream().map(JSONObject.class::cast)
                            .anyMatch(row -> side.equals(row.getString("side")) && row.getDoubleValue("callsPerSecond") > 0);
                });
    }

    private static void assertLiveFigures(String dom, String method) {
        int at = dom.indexOf("<td class=\"method\">" + method + "</td>");
        assertThat(at).as("a row of method %s in the page", method).isNotNegative();
        String row = dom.substring(at, dom.indexOf("</tr>", at));
        List<String> kinds = new ArrayList<>();
        Matcher figure = FIGURE.matcher(row);
        while (figure.find()) {
            assertThat(Double.parseDouble(figure.group(2))).as("%s of %s in %s", figure.group(1), method, row).isPositive();
            kinds.add(figure.group(1));
        }
        assertThat(kinds).as("figures of %s in %s", method, row).containsExactly("rate", "p50", "p99");
    }

    private static String dumpDom(String url) throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path out = Files.createTempFile(LOGS, "dom-", ".html");
        run(url, out, "--dump-dom");
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(dom).as("DOM of %s", url).contains("</html>");
        return dom;
    }

    private static Path screenshot(String url, String name) throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path target = ARTEFACTS.resolve(name).toAbsolutePath();
        Files.deleteIfExists(target);
        run(url, Files.createTempFile(LOGS, "screenshot-", ".log"), "--screenshot=" + target);
        assertThat(target).as("screenshot of %s", url).exists();
        return target;
    }

    /**
     * Runs Chromium on {@code url} with a fresh profile, its standard output into {@code out}; ended
     * by its process id (and its own child processes) when it overruns the deadline.
     */
    private static void run(String url, Path out, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("zkrpc-console-chromium-");
        try {
            List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1366,900",
                    "--virtual-time-budget=6000", action, url);
            Path errors = Files.createTempFile(LOGS, "chromium-", ".log");
            Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
            if (!chromium.waitFor(CHROMIUM_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
                chromium.waitFor(10, TimeUnit.SECONDS);
                fail("Chromium did not finish within " + CHROMIUM_DEADLINE + " on " + url + "; its log: " + errors.toAbsolutePath());
            }
            assertThat(chromium.exitValue()).as("Chromium's exit code on %s (its log: %s)", url, errors.toAbsolutePath()).isZero();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
