package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import java.util.Map;

/**
 * {@code GET|HEAD /ui/access}: asks {@link AdminGuard} (the same guard as every admin route,
 * with the request's own address and headers) whether this asker may use {@code /admin/*}, and
 * answers it in JSON ({@link UiAccessView}) instead of refusing. It tells nothing a refused admin
 * request would not, and grants nothing: the admin routes check again.
 */
final class UiAccessResource {
    private final HttpConfig config;

    UiAccessResource(HttpConfig config) {
        this.config = config;
    }

    Route route() {
        return Route.at("/ui/access").on("GET", this::access).withHead();
    }

    private Reply access(Request request) {
        String rule = !config.adminToken().isEmpty() ? "token" : config.adminLoopback() ? "loopback" : "off";
        UiAccessView view;
        try {
            AdminGuard.requiring(config.adminToken(), config.adminLoopback()).check(request);
            view = new UiAccessView(true, rule, "");
        } catch (RequestRefusedException refused) {
            view = new UiAccessView(false, rule, refused.reason());
        }
        return Reply.json(200, view).withHeaders(Map.of("Cache-Control", "no-store"));
    }
}
