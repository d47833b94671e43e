package dev.distcounter.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven through {@code chromedriver} over the W3C WebDriver HTTP
 * protocol, with the JDK's HTTP client and Jackson (no Selenium). {@link #start} skips the
 * calling test (a JUnit assumption) when {@code chromium} or {@code chromedriver} is not
 * installed or Chromium cannot start; {@link #close} ends the session and stops chromedriver and
 * what it started, each by its PID.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** The W3C key of an element reference. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String session;

    private HeadlessChromium(Process driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** Starts chromedriver on a free loopback port and a headless Chromium session; its log goes to {@code log}. */
    static HeadlessChromium start(Path log) throws IOException, InterruptedException {
        Path chromium = installed("chromium");
        Path chromedriver = installed("chromedriver");
        int port = LoopbackPorts.next();
        Process process = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HeadlessChromium browser = new HeadlessChromium(process, URI.create("http://127.0.0.1:" + port));
        try {
            browser.awaitReady();
            browser.session = browser.newSession(chromium);
            return browser;
        } catch (IOException | RuntimeException e) {
            browser.close();
            Assumptions.abort("headless Chromium could not start (" + e.getMessage() + "); chromedriver's log: "
                    + Files.readString(log).lines().limit(20).toList());
            throw e;
        }
    }

    private static Path installed(String program) {
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            Assumptions.abort(program + " is not installed: apt-get install chromium chromium-driver (.ci/run does)");
        }
        return found.get();
    }

    private void awaitReady() {
        try {
            await("chromedriver answering /status")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> call("GET", "/status", null).path("ready").asBoolean());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("chromedriver did not answer within " + START_TIMEOUT, e);
        }
    }

    private String newSession(Path chromium) throws IOException, InterruptedException {
        ObjectNode options = JSON.createObjectNode().put("binary", chromium.toString());
        options.putArray("args")
                .add("--headless")
                .add("--no-sandbox")
                .add("--disable-gpu")
                .add("--disable-dev-shm-usage")
                .add("--window-size=1400,1100");
        ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        return call("POST", "/session", capabilities).path("sessionId").asText();
    }

    void open(String url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body that returns a value) in the page; returns what it returned. */
    JsonNode script(String script) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** Clicks the element {@code cssSelector} finds, as a user would (it must be visible). */
    void click(String cssSelector) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + element(cssSelector) + "/click", JSON.createObjectNode());
    }

    /** Types {@code text} into the field {@code cssSelector} finds, as a user would. */
    void type(String cssSelector, String text) throws IOException, InterruptedException {
        call(
                "POST",
                "/session/" + session + "/element/" + element(cssSelector) + "/value",
                JSON.createObjectNode().put("text", text));
    }

    private String element(String cssSelector) throws IOException, InterruptedException {
        ObjectNode find = JSON.createObjectNode().put("using", "css selector").put("value", cssSelector);
        return call("POST", "/session/" + session + "/element", find)
                .path(ELEMENT)
                .asText();
    }

    void screenshot(Path png) throws IOException, InterruptedException {
        String base64 = call("GET", "/session/" + session + "/screenshot", null).asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(base64));
    }

    /** A WebDriver command; returns its {@code value}, fails with the driver's message on an error. */
    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " answered " + response.statusCode() + ": "
                    + value.path("error").asText() + ": "
                    + value.path("message").asText().lines().findFirst().orElse(""));
        }
        return value;
    }

    /** Ends the session (Chromium exits), then stops chromedriver and anything of it still running, by PID. */
    @Override
    public void close() {
        if (session != null) {
            try {
                call("DELETE", "/session/" + session, null);
            } catch (IOException e) {
                // Stopped by PID below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // and still stop the processes below
            }
        }
        List<ProcessHandle> children = driver.descendants().toList();
        driver.destroy();
        try {
            if (!driver.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            driver.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }
}
