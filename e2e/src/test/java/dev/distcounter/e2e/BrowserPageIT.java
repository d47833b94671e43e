package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The node's page (GET /ui) in a real browser: a 3-node cluster on loopback, the page of node 1
 * opened in headless Chromium. What the page shows (members, leaders, every node's value) must
 * match the nodes' JSON; its buttons must do what the API does: increment changes every node's
 * value, partition splits the cluster into two leaders, heal brings it back to one. A screenshot
 * of the page at each stage goes to {@code target/browser-page-*.png}. Skipped (with the reason)
 * where Chromium is not installed or cannot start.
 */
class BrowserPageIT extends ClusterIT {
    private static final Duration SHOWN = Duration.ofSeconds(15);
    private static final Duration SPLIT = Duration.ofSeconds(40);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Path SCREENSHOTS = Path.of("target");

    /** What the page shows, read from its DOM: the same structure every time. */
    private static final String READ_PAGE = """
            const rows = (selector) => [...document.querySelectorAll(selector)];
            return {
              members: rows('#members tbody tr').map((r) => r.dataset.addr + ' ' + r.dataset.state),
              leaders: rows('#leaders li').map((li) => li.dataset.leader),
              values: Object.fromEntries(rows('#values tbody tr').map((r) => [r.dataset.node, r.dataset.value || 'none'])),
              admin: !document.querySelector('#admin').hidden,
              status: document.querySelector('#status').textContent,
              lastAction: document.querySelector('#last-action').textContent,
            };""";

    private static final String TOKEN = "e2e-admin-token-of-BrowserPageIT";
    private static final String TOKEN_STATE = """
            return {
              asks: !document.querySelector('#token-entry').hidden,
              buttons: !document.querySelector('#admin').hidden,
            };""";

    @Test
    void thePageShowsTheClusterAndItsButtonsDriveIt() throws Exception {
        List<NodeProcess> nodes = startThree();
        try (HeadlessChromium browser = HeadlessChromium.start(workDir.resolve("chromedriver.log"))) {
            browser.open(pageUrl(nodes));

            await("the page showing what the nodes' JSON says")
                    .atMost(SHOWN)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertShowsTheCluster(browser, nodes));
            assertThat(browser.script(READ_PAGE).path("admin").asBoolean())
                    .as("admin buttons on a page from loopback with --admin-loopback")
                    .isTrue();
            browser.screenshot(SCREENSHOTS.resolve("browser-page-1-loaded.png"));

            Map<String, Long> before = values(nodes);
            browser.click("#increment");
            await("every node's value shown one higher after a click on increment")
                    .atMost(SHOWN)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(shownValues(browser))
                            .isEqualTo(plusOne(before))
                            .isEqualTo(values(nodes)));

            browser.click("#partition");
            await("two leaders shown after a click on partition")
                    .atMost(SPLIT)
                    .pollInterval(POLL)
                    .untilAsserted(() -> {
                        assertThat(shownLeaders(browser)).hasSize(2).isEqualTo(leaders(nodes));
                    });
            browser.screenshot(SCREENSHOTS.resolve("browser-page-2-partitioned.png"));

            browser.click("#heal");
            await("one leader shown after a click on heal")
                    .atMost(SPLIT)
                    .pollInterval(POLL)
                    .untilAsserted(() -> {
                        assertThat(shownLeaders(browser)).hasSize(1).isEqualTo(leaders(nodes));
                        assertShowsTheCluster(browser, nodes);
                    });
            browser.screenshot(SCREENSHOTS.resolve("browser-page-3-healed.png"));
        }
    }

    /**
     * A node with an admin token, as {@code run-cluster.sh} starts them: the page hides its
     * buttons and asks for the token; once it is typed in, the buttons work.
     */
    @Test
    void withAnAdminTokenThePageAsksForIt() throws Exception {
        NodeProcess node = cluster.startNodeWithoutDiscovery("node1", "--admin-token=" + TOKEN);
        try (HeadlessChromium browser = HeadlessChromium.start(workDir.resolve("chromedriver.log"))) {
            browser.open("http://127.0.0.1:" + node.httpPort() + "/ui");
            await("the page asking for the token")
                    .atMost(SHOWN)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(
                                    browser.script(TOKEN_STATE).path("asks").asBoolean())
                            .isTrue());
            assertThat(browser.script(TOKEN_STATE).path("buttons").asBoolean()).isFalse();

            browser.type("#token", TOKEN);
            browser.click("#use-token");
            await("the buttons once the token is given")
                    .atMost(SHOWN)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(
                                    browser.script(TOKEN_STATE).path("buttons").asBoolean())
                            .isTrue());
            long before = cluster.client().counter(node).value();
            browser.click("#increment");
            await("the increment sent with the token")
                    .atMost(SHOWN)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(shownValues(browser)).containsEntry(node.addr(), before + 1));
        }
    }

    /** Node 1, then 2 and 3 seeded with it; ids 1..3, so node 3 leads while it is reachable. */
    private List<NodeProcess> startThree() throws Exception {
        NodeProcess first = cluster.startNodeWithoutDiscovery("node1", "--node-id=1");
        List<NodeProcess> nodes = new ArrayList<>(List.of(first));
        for (int i = 2; i <= 3; i++) {
            nodes.add(cluster.startNodeWithoutDiscovery("node" + i, "--node-id=" + i, "--seeds=" + first.addr()));
        }
        cluster.awaitFullPeerViews(ClusterProcesses.READY_TIMEOUT);
        return nodes;
    }

    /** Node 1's page, told every node's HTTP port (the test's ports are not 8010 + gossip port - 9000). */
    private static String pageUrl(List<NodeProcess> nodes) {
        String ports = nodes.stream().map(n -> n.tcpPort() + ":" + n.httpPort()).collect(Collectors.joining(","));
        return "http://127.0.0.1:" + nodes.get(0).httpPort() + "/ui?http=" + ports;
    }

    private void assertShowsTheCluster(HeadlessChromium browser, List<NodeProcess> nodes) throws Exception {
        JsonNode page = browser.script(READ_PAGE);
        ClusterView own = ClusterView.fetch(cluster.client(), nodes.get(0));
        List<String> members = new ArrayList<>();
        members.add(own.node() + " alive");
        own.members().stream()
                .sorted((a, b) -> a.addr().compareTo(b.addr()))
                .forEach(m -> members.add(m.addr() + " " + m.state()));
        assertThat(texts(page.path("members")))
                .as("members; status: %s", page.path("status"))
                .isEqualTo(members);
        assertThat(shownLeaders(page)).as("leaders").isEqualTo(leaders(nodes));
        assertThat(shownValues(page)).as("values").isEqualTo(values(nodes));
    }

    private static Set<String> shownLeaders(HeadlessChromium browser) throws Exception {
        return shownLeaders(browser.script(READ_PAGE));
    }

    private static Set<String> shownLeaders(JsonNode page) {
        return new TreeSet<>(texts(page.path("leaders")));
    }

    private static Map<String, Long> shownValues(HeadlessChromium browser) throws Exception {
        return shownValues(browser.script(READ_PAGE));
    }

    private static Map<String, Long> shownValues(JsonNode page) {
        Map<String, Long> values = new TreeMap<>();
        page.path("values")
                .properties()
                .forEach(e -> values.put(e.getKey(), e.getValue().asLong(Long.MIN_VALUE)));
        return values;
    }

    /** The leader each node's /cluster names, as a set. */
    private Set<String> leaders(List<NodeProcess> nodes) throws Exception {
        Set<String> leaders = new TreeSet<>();
        for (NodeProcess node : nodes) {
            String leader = ClusterView.fetch(cluster.client(), node).leader();
            leaders.add(leader == null ? "none" : leader);
        }
        return leaders;
    }

    /** Every node's /counter value, by gossip address. */
    private Map<String, Long> values(List<NodeProcess> nodes) throws Exception {
        Map<String, Long> values = new TreeMap<>();
        for (NodeProcess node : nodes) {
            values.put(node.addr(), cluster.client().counter(node).value());
        }
        return values;
    }

    private static Map<String, Long> plusOne(Map<String, Long> values) {
        Map<String, Long> next = new LinkedHashMap<>();
        values.forEach((node, value) -> next.put(node, value + 1));
        return new TreeMap<>(next);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
