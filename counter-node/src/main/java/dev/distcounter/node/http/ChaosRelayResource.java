package dev.distcounter.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code POST /admin/cluster-chaos}: reads or sets {@code /admin/chaos} on several nodes for the
 * page, which may talk to its own node only (no CORS on {@code /admin/*}); a partition needs every
 * node's blocked peers. Body: {@code {"targets":[{"http":"127.0.0.1:8011","chaos":{"blocked":[..]}}]}},
 * a target without {@code chaos} is read. Answers {@link ChaosRelayView}.
 *
 * <p>It can do nothing its caller could not do directly: it answers only callers on loopback who
 * pass this node's admin guard (with its cross-origin check), sends each target only
 * {@code /admin/chaos} with the caller's own {@code X-Admin-Token} or {@code Authorization}, and
 * only to hosts of the cluster ({@link ClusterHosts}); each target applies its own guard. It asks
 * for {@code Content-Type: application/json}, which no page of another origin can send without a
 * preflight that nothing here answers.
 */
final class ChaosRelayResource {
    static final int MAX_TARGETS = 64;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpConfig config;
    private final Supplier<ClusterHosts> hosts;
    private final HttpClient client;

    ChaosRelayResource(HttpConfig config, Supplier<ClusterHosts> hosts) {
        this.config = config;
        this.hosts = hosts;
        this.client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Route route() {
        return Route.at("/admin/cluster-chaos")
                .onAsync("POST", this::relay)
                .guardedBy(AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
    }

    private CompletionStage<Reply> relay(Request request) {
        if (!request.fromLoopback()) {
            throw new RequestRefusedException(
                    403,
                    "/admin/cluster-chaos answers only requests from loopback; set each node's /admin/chaos instead");
        }
        String type = request.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw new RequestRefusedException(415, "send the body as Content-Type: application/json");
        }
        List<CompletableFuture<ChaosRelayView.Answer>> answers = new ArrayList<>();
        for (JsonNode target : targets(request.body())) {
            answers.add(send(target, request));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> Reply.json(
                        200,
                        new ChaosRelayView(
                                answers.stream().map(CompletableFuture::join).toList())));
    }

    private List<JsonNode> targets(byte[] body) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw RequestRefusedException.badRequest(
                    "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (parsed == null || !parsed.path("targets").isArray()) {
            throw RequestRefusedException.badRequest(
                    "body must be {\"targets\":[{\"http\":\"HOST:PORT\",\"chaos\":{...}}, ...]}");
        }
        if (parsed.get("targets").size() > MAX_TARGETS) {
            throw RequestRefusedException.badRequest("at most " + MAX_TARGETS + " targets");
        }
        ClusterHosts cluster = hosts.get();
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode target : parsed.get("targets")) {
            String http = target.path("http").asText("");
            NodeAddress address;
            try {
                address = NodeAddress.parse(http);
            } catch (IllegalArgumentException e) {
                throw RequestRefusedException.badRequest("target " + http + ": " + e.getMessage());
            }
            if (!cluster.containsHost(address.host())) {
                throw RequestRefusedException.badRequest(
                        "target " + http + " is not on a host of the cluster " + cluster.sorted());
            }
            if (target.has("chaos") && !target.get("chaos").isObject()) {
                throw RequestRefusedException.badRequest("target " + http + ": chaos must be a JSON object");
            }
            targets.add(target);
        }
        return targets;
    }

    private CompletableFuture<ChaosRelayView.Answer> send(JsonNode target, Request caller) {
        String http = target.get("http").asText();
        NodeAddress address = NodeAddress.parse(http);
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://" + host + ":" + address.port() + "/admin/chaos"))
                .timeout(TIMEOUT)
                .header("Accept", "application/json");
        for (String header : List.of("X-Admin-Token", "Authorization")) {
            String value = caller.header(header);
            if (value != null) {
                builder.header(header, value);
            }
        }
        if (target.has("chaos")) {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            target.get("chaos").toString()));
        } else {
            builder.GET();
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response ->
                        new ChaosRelayView.Answer(http, response.statusCode(), parseOrNull(response.body()), null))
                .exceptionally(failure -> new ChaosRelayView.Answer(
                        http,
                        0,
                        null,
                        failure.getCause() != null ? failure.getCause().toString() : failure.toString()));
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
