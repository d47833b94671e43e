package dev.distcounter.node.membership;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.LimitWarning;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.auth.RequestSignature;
import dev.distcounter.node.time.Scheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node registered with the discovery server and feeds the peers it lists into the
 * {@link PeerTable}: a heartbeat and a poll every interval (the original only asked once, at
 * start). If the server is down the node carries on with the peers it knows and retries every
 * interval, logging only when the server goes away and when it comes back. With a cluster key,
 * every request carries an {@code X-Cluster-Auth} signature under the primary key
 * ({@link RequestSignature}).
 */
public final class DiscoveryClient {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryClient.class);

    private final NodeAddress self;
    private final URI base;
    private final Duration interval;
    private final PeerTable peers;
    private final Scheduler scheduler;
    private final HttpClient http;
    private final LiveKeyring keyring;
    private final Random random = new Random();
    private final Counter ignored;
    private final LimitWarning ignoredWarning = new LimitWarning(log, Duration.ofSeconds(30));
    private Scheduler.Cancellable ticker;
    private volatile boolean started;
    private Boolean reachable; // null until the first attempt; scheduler thread only

    /** {@code keyring}: the node's; requests are signed with its primary key, if it has one. */
    public DiscoveryClient(
            NodeAddress self,
            NodeAddress server,
            Duration interval,
            PeerTable peers,
            Scheduler scheduler,
            LiveKeyring keyring,
            MeterRegistry registry) {
        this.self = self;
        this.base = URI.create("http://" + server);
        this.interval = interval;
        this.peers = peers;
        this.scheduler = scheduler;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        this.keyring = keyring;
        this.ignored = Counter.builder("membership.discovery.peers.ignored")
                .description("new peers listed by the discovery server and not taken: the node has enough members")
                .register(registry);
    }

    public void start() {
        started = true;
        scheduler.execute(() -> beat("/register"));
        ticker = scheduler.scheduleAtFixedRate(interval, interval, () -> beat("/heartbeat"));
    }

    /**
     * Stops the heartbeats and tells the server this node is leaving (best effort, one second).
     * A node that never started says nothing: the address may belong to another live node.
     */
    public void stop() {
        if (!started) {
            return;
        }
        if (ticker != null) {
            ticker.cancel();
        }
        try {
            post("/deregister");
            log.info("{}: deregistered from discovery server {}", self, base.getAuthority());
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.info("{}: could not deregister from discovery server {}: {}", self, base.getAuthority(), e.toString());
        }
    }

    private void beat(String path) {
        try {
            post(path);
            listPeers();
            if (!Boolean.TRUE.equals(reachable)) {
                log.info("{}: registered with discovery server {}", self, base.getAuthority());
            }
            reachable = true;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!Boolean.FALSE.equals(reachable)) {
                log.warn(
                        "{}: discovery server {} unreachable ({}); carrying on with known peers, retrying every {}",
                        self,
                        base.getAuthority(),
                        e.getMessage() == null ? e.toString() : e.getMessage(),
                        dev.distcounter.common.GoDuration.format(interval));
            }
            reachable = false;
        }
    }

    private void post(String path) throws IOException, InterruptedException {
        byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("addr", self.toString()));
        HttpRequest request = signed(HttpRequest.newBuilder(base.resolve(path)), "POST", path, body)
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": "
                    + response.body().strip());
        }
    }

    /** The request with its signature under the primary key; unchanged without a key. */
    private HttpRequest.Builder signed(HttpRequest.Builder request, String method, String path, byte[] body) {
        keyring.current()
                .primary()
                .ifPresent(key -> request.header(
                        RequestSignature.HEADER,
                        RequestSignature.sign(key, method, path, System.currentTimeMillis(), body)));
        return request;
    }

    private void listPeers() throws IOException, InterruptedException {
        HttpRequest request = signed(HttpRequest.newBuilder(base.resolve("/peers")), "GET", "/peers", new byte[0])
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/peers answered " + response.statusCode());
        }
        JsonNode list = Json.MAPPER.readTree(response.body());
        if (!list.isArray()) {
            throw new IOException("/peers did not answer a JSON array");
        }
        long now = scheduler.nowMillis();
        List<NodeAddress> listed = new ArrayList<>();
        for (JsonNode item : list) {
            String addr = item.path("addr").asText("");
            try {
                listed.add(NodeAddress.parse(addr));
            } catch (IllegalArgumentException e) {
                log.debug("{}: ignoring bad peer address {} from discovery: {}", self, addr, e.getMessage());
            }
        }
        DiscoveredPeers.Choice choice = DiscoveredPeers.choose(
                listed, peer -> peer.equals(self) || peers.state(peer).isPresent(), random);
        for (NodeAddress peer : choice.take()) {
            peers.learned(peer, PeerSource.DISCOVERY, now);
        }
        if (choice.ignored() > 0) {
            ignored.increment(choice.ignored());
            ignoredWarning.hit(n -> self + ": discovery lists " + listed.size() + " nodes; took at most "
                    + DiscoveredPeers.MAX_NEW_PER_REPLY + " new ones per reply (" + choice.ignored()
                    + " left out of this reply, "
                    + n + " replies cut)");
        }
    }
}
