package dev.distcounter.node.http;

import dev.distcounter.common.http.RequestGuard;
import dev.distcounter.common.http.RequestRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the admin endpoints. With an admin token ({@code --admin-token-file} or
 * {@code --admin-token}): requests from anywhere that carry it, in {@code X-Admin-Token} or as
 * {@code Authorization: Bearer <token>} (anything else is 401). Without one, nobody (403), unless
 * the operator opted into {@code --admin-loopback}: then requests from loopback. Loopback alone
 * is not an identity: every user of the machine has it. Either way, a request a browser sends for
 * a page of another origin is refused first ({@link BrowserOriginGuard}).
 */
final class AdminGuard {
    static final String DISABLED = "admin endpoints are off: start the node with --admin-token-file FILE (requests"
            + " then carry X-Admin-Token), or with --admin-loopback to allow any local user without a token";
    static final String LOOPBACK_ONLY = "admin endpoints answer only requests from loopback (--admin-loopback); start"
            + " the node with --admin-token-file to allow others";
    static final String NEEDS_TOKEN = "admin endpoints need the admin token (X-Admin-Token header)";

    private AdminGuard() {}

    /** The guard of the admin routes: refuses with 403 or 401 and a one-line reason. */
    static RequestGuard requiring(String configuredToken, boolean loopbackAllowed) {
        RequestGuard sameOrigin = new BrowserOriginGuard();
        return request -> {
            sameOrigin.check(request);
            int status = refusal(
                    configuredToken,
                    loopbackAllowed,
                    request.fromLoopback(),
                    request.header("X-Admin-Token"),
                    request.header("Authorization"));
            if (status == 403) {
                throw new RequestRefusedException(403, loopbackAllowed ? LOOPBACK_ONLY : DISABLED);
            }
            if (status != 0) {
                throw new RequestRefusedException(401, NEEDS_TOKEN);
            }
        };
    }

    /** The HTTP status to refuse with, or 0 to let the request through. */
    static int refusal(
            String configuredToken,
            boolean loopbackAllowed,
            boolean fromLoopback,
            String xAdminToken,
            String authorization) {
        if (configuredToken.isEmpty()) {
            return loopbackAllowed && fromLoopback ? 0 : 403;
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
