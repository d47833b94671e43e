package dev.distcounter.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestGuard;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import java.io.IOException;

/**
 * The keyring's admin endpoints, the same on a node and on the discovery server, in the manner of
 * Serf's {@code keys list|install|use|remove}:
 *
 * <pre>
 * GET  /admin/keys                                          the fingerprints, and the primary
 * POST /admin/keys/install {"key":"&lt;base64 of 32 bytes&gt;"}    accept this key too
 * POST /admin/keys/use     {"fingerprint":"5e6f7a8b"}       sign with this installed key
 * POST /admin/keys/remove  {"fingerprint":"1a2b3c4d"}       refuse this key (never the primary: 409)
 * </pre>
 *
 * Every answer is the keyring after the request, fingerprints only: no answer and no log line
 * ever carries a key. A process without a key answers 409 to every change. Admin only: the
 * caller passes the guard of its other admin endpoints.
 */
public final class KeysResource {
    private final LiveKeyring keyring;
    private final RequestGuard guard;

    public KeysResource(LiveKeyring keyring, RequestGuard guard) {
        this.keyring = keyring;
        this.guard = guard;
    }

    /** {@code GET /admin/keys}. */
    public Route listing() {
        return Route.at("/admin/keys")
                .on("GET", request -> reply(keyring.current()))
                .guardedBy(guard);
    }

    /** {@code POST /admin/keys/install|use|remove}. */
    public Route changes() {
        return Route.at("/admin/keys/{action}").on("POST", this::change).guardedBy(guard);
    }

    private Reply change(Request request) {
        String action = request.pathParameter("action");
        JsonNode body = body(request);
        try {
            return switch (action) {
                case "install" -> reply(keyring.install(key(body)));
                case "use" -> reply(keyring.use(fingerprint(body)));
                case "remove" -> reply(keyring.remove(fingerprint(body)));
                default ->
                    throw new RequestRefusedException(
                            404, "no such key action: " + action + " (try install, use, remove)");
            };
        } catch (KeyringException e) {
            throw new RequestRefusedException(
                    e.kind() == KeyringException.Kind.UNKNOWN_KEY ? 400 : 409, e.getMessage());
        }
    }

    private static Reply reply(Keyring keyring) {
        KeyringView view = KeyringView.of(keyring);
        return Reply.ok(view.text(), view);
    }

    private static JsonNode body(Request request) {
        try {
            JsonNode body = Json.MAPPER.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw RequestRefusedException.badRequest(
                        "body must be a JSON object: {\"key\":\"<base64>\"} or {\"fingerprint\":\"1a2b3c4d\"}");
            }
            return body;
        } catch (IOException e) {
            throw RequestRefusedException.badRequest(
                    "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static ClusterKey key(JsonNode body) {
        JsonNode key = body.get("key");
        if (key == null || !key.isTextual()) {
            throw RequestRefusedException.badRequest("missing \"key\": the new key in base64, as in a key file");
        }
        try {
            return ClusterKey.parse(key.asText());
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        }
    }

    private static String fingerprint(JsonNode body) {
        JsonNode fingerprint = body.get("fingerprint");
        if (fingerprint == null || !fingerprint.isTextual()) {
            throw RequestRefusedException.badRequest("missing \"fingerprint\": 8 hex digits, as keys list shows");
        }
        return fingerprint.asText();
    }
}
