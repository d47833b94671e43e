package dev.distcounter.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.ring.RingState;
import java.io.IOException;

/**
 * {@code POST /admin/remove?node=HOST:PORT} (or a body {@code {"node":"HOST:PORT"}}): takes a
 * member that died for good off the ring. The survivors stream its ranges from the other
 * replicas to the new owners. 400 for a bad address, 404 for a node the ring does not know, 409
 * for this node itself (use {@code /admin/leave}). Removing a node that is still running keeps
 * it off the ring until it restarts. Admin only: see {@link AdminGuard}.
 */
final class RemoveResource {
    private final CounterOperations node;
    private final HttpConfig config;

    RemoveResource(CounterOperations node, HttpConfig config) {
        this.node = node;
        this.config = config;
    }

    Route route() {
        return Route.at("/admin/remove")
                .on("POST", this::remove)
                .guardedBy(AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
    }

    /** What {@code /admin/remove} answers. */
    record Removed(String removed) {}

    private Reply remove(Request request) {
        NodeAddress member = member(request);
        RingState.Removal removal = node.remove(member);
        return switch (removal) {
            case UNKNOWN -> throw new RequestRefusedException(404, member + " is not a member of this node's ring");
            case SELF ->
                throw new RequestRefusedException(
                        409, member + " is this node: to take it off the ring, POST /admin/leave to it");
            case REMOVED ->
                Reply.ok(
                        "Removed " + member + " from the ring; its ranges are rebuilt from the other replicas",
                        new Removed(member.toString()));
        };
    }

    private static NodeAddress member(Request request) {
        String text = request.query().has("node") ? request.query().text("node") : fromBody(request.body());
        try {
            return NodeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest("node: " + e.getMessage());
        }
    }

    private static String fromBody(byte[] body) {
        String usage = "name the member to remove: ?node=HOST:PORT, or a body {\"node\":\"HOST:PORT\"}";
        if (body.length == 0) {
            throw RequestRefusedException.badRequest(usage);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || !json.isObject() || !json.path("node").isTextual()) {
                throw RequestRefusedException.badRequest(usage);
            }
            return json.get("node").asText();
        } catch (IOException e) {
            throw RequestRefusedException.badRequest(
                    "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
