package dev.distcounter.tool.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.tool.cluster.ClusterLayout;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The nodes' ring admin requests: {@code POST /admin/leave}, which answers only once the node's
 * keys are handed over (up to a minute, so it waits longer than every other request), and
 * {@code POST /admin/remove?node=ADDR}. With the cluster's admin token, as every admin request.
 */
public final class RingAdmin implements RingRequests {
    /** The node's own wait for acknowledgements (a minute), and some. */
    public static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(90);

    private final ClusterLayout layout;
    private final Optional<String> adminToken;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(NodeHttpClient.TIMEOUT)
            .build();

    public RingAdmin(ClusterLayout layout) {
        this.layout = layout;
        this.adminToken = AdminToken.read(layout.adminTokenFile());
    }

    @Override
    public Answer leave(int node) {
        return post(layout.nodeUrl(node).resolve("/admin/leave"), LEAVE_TIMEOUT);
    }

    @Override
    public Answer remove(int through, String member) {
        String query = "/admin/remove?node=" + URLEncoder.encode(member, StandardCharsets.UTF_8);
        return post(layout.nodeUrl(through).resolve(query), NodeHttpClient.TIMEOUT);
    }

    private Answer post(URI uri, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
        adminToken.ifPresent(token -> request.header("X-Admin-Token", token));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(0, null, NodeHttpClient.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        String problem =
                body != null && body.hasNonNull("error") ? body.get("error").asText() : "";
        if (problem.isEmpty() && (body == null || !body.isObject())) {
            problem = response.body().strip();
        }
        return new Answer(response.statusCode(), body, problem);
    }
}
