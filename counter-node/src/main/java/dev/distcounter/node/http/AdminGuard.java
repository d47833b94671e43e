package dev.distcounter.node.http;

import dev.distcounter.common.http.RequestGuard;
import dev.distcounter.common.http.RequestRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the admin endpoints. Without {@code --admin-token}: requests from loopback only
 * (anything else is 403). With it: requests from anywhere that carry the token, in
 * {@code X-Admin-Token} or as {@code Authorization: Bearer <token>} (anything else is 401).
 */
final class AdminGuard {
    private AdminGuard() {}

    /** The guard of the admin routes: refuses with 403 or 401 and a one-line reason. */
    static RequestGuard requiring(String configuredToken) {
        return request -> {
            int status = refusal(
                    configuredToken,
                    request.fromLoopback(),
                    request.header("X-Admin-Token"),
                    request.header("Authorization"));
            if (status == 403) {
                throw new RequestRefusedException(
                        403,
                        "admin endpoints answer only requests from loopback; start the node with"
                                + " --admin-token to allow others");
            }
            if (status != 0) {
                throw new RequestRefusedException(401, "admin endpoints need the admin token (X-Admin-Token header)");
            }
        };
    }

    /** The HTTP status to refuse with, or 0 to let the request through. */
    static int refusal(String configuredToken, boolean fromLoopback, String xAdminToken, String authorization) {
        if (configuredToken.isEmpty()) {
            return fromLoopback ? 0 : 403;
        }
        String given = xAdminToken;
        if (given == null && authorization != null && authorization.startsWith("Bearer ")) {
            given = authorization.substring("Bearer ".length());
        }
        // Constant-time comparison: the time taken does not tell how much of a guess was right.
        boolean match = given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), configuredToken.getBytes(StandardCharsets.UTF_8));
        return match ? 0 : 401;
    }
}
