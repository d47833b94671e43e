package dev.distcounter.node.http;

import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestGuard;
import dev.distcounter.common.http.RequestRefusedException;

/**
 * Refuses requests a browser sends on behalf of a page from another origin. Any web page open in
 * a browser on the machine can send a form-like POST to a loopback port; the browser marks it
 * ({@code Sec-Fetch-Site: cross-site}, an {@code Origin} other than the server's), and this guard
 * turns it away (403) before an admin route acts on it. Clients that are not browsers (curl, the
 * operator's tool, other nodes) send neither header and pass; so does the node's own page, whose
 * requests are same-origin.
 */
final class BrowserOriginGuard implements RequestGuard {
    static final String CROSS_ORIGIN =
            "admin endpoints do not answer pages from other origins; use the node's own page (/ui) or a script";

    @Override
    public void check(Request request) {
        if (refuses(request.header("Sec-Fetch-Site"), request.header("Origin"), request.header("Host"))) {
            throw new RequestRefusedException(403, CROSS_ORIGIN);
        }
    }

    /** Whether a request with these headers (null when absent) came from a page of another origin. */
    static boolean refuses(String secFetchSite, String origin, String host) {
        if (secFetchSite != null && !secFetchSite.equals("same-origin") && !secFetchSite.equals("none")) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        return host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host));
    }
}
