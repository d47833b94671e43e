package dev.distcounter.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.transport.ChaosSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET|POST /admin/chaos}: the faults this node injects into its outbound frames, and
 * setting them with a JSON body such as {@code {"drop":0.3,"delay":"10ms-50ms","blocked":[...]}}
 * (fields present replace the current ones, absent ones stay). Admin only: see {@link AdminGuard}.
 */
final class ChaosResource {
    private final CounterOperations node;
    private final HttpConfig config;

    ChaosResource(CounterOperations node, HttpConfig config) {
        this.node = node;
        this.config = config;
    }

    Route route() {
        return Route.at("/admin/chaos")
                .on("GET", request -> chaos())
                .on("POST", this::setChaos)
                .guardedBy(AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
    }

    private Reply chaos() {
        ChaosView chaos = node.chaos();
        return Reply.ok(text(chaos), chaos);
    }

    /** {@code Chaos: drop 0.3, delay 10ms-50ms, blocked [localhost:9002]; so far 6 frames blocked, 20 dropped, 0 delayed}. */
    static String text(ChaosView chaos) {
        return "Chaos: drop " + chaos.drop() + ", delay " + chaos.delay() + ", blocked " + chaos.blocked()
                + "; so far " + chaos.framesBlocked() + " frames blocked, " + chaos.framesDropped() + " dropped, "
                + chaos.framesDelayed() + " delayed";
    }

    private Reply setChaos(Request request) {
        node.applyChaos(parse(request.body(), node.chaosSettings()));
        return chaos();
    }

    private static ChaosSettings parse(byte[] body, ChaosSettings current) {
        try {
            JsonNode request = Json.MAPPER.readTree(body);
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object such as"
                        + " {\"drop\":0.3,\"delay\":\"10ms-50ms\",\"blocked\":[\"localhost:9001\"]}");
            }
            double drop = current.drop();
            if (request.has("drop")) {
                if (!request.get("drop").isNumber()) {
                    throw new IllegalArgumentException("drop must be a number from 0 to 1");
                }
                drop = request.get("drop").asDouble();
            }
            Duration[] delay = {current.minDelay(), current.maxDelay()};
            if (request.has("delay")) {
                delay = ChaosSettings.parseDelay(request.get("delay").asText());
            }
            Set<NodeAddress> blocked = current.blocked();
            if (request.has("blocked")) {
                if (!request.get("blocked").isArray()) {
                    throw new IllegalArgumentException("blocked must be a list of host:port addresses");
                }
                Set<NodeAddress> parsed = new TreeSet<>();
                for (JsonNode item : request.get("blocked")) {
                    parsed.add(NodeAddress.parse(item.asText()));
                }
                blocked = parsed;
            }
            return new ChaosSettings(drop, delay[0], delay[1], blocked);
        } catch (IOException e) {
            throw RequestRefusedException.badRequest(
                    "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        }
    }
}
