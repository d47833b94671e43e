package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * {@code GET|HEAD /}, {@code /ui} and {@code /ui/{file}}: the node's live page, static files
 * from the jar (src/main/resources/ui, and uPlot's script and style from its WebJar). Only the
 * files named here are served, read once at start; any other name is a 404, any method other
 * than GET and HEAD a 405. Every reply carries a Content-Security-Policy that lets the page load
 * nothing but its own files (no inline script or style, no frames, no forms) and connect only to
 * itself and to the hosts of the cluster's members, whose {@code /ui/state} it reads (see
 * {@link UiStateResource}); {@code X-Content-Type-Options: nosniff} keeps each file the type it
 * is served as.
 */
final class UiResource {
    /** uPlot's files in its WebJar, under the version the build resolved (the pom names it once). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webJarVersion() + "/dist/";

    /** A file the page is made of: where it is in the jar and what it is. */
    private record UiFile(String resource, String contentType) {}

    private static final Map<String, UiFile> FILES = Map.of(
            "index.html", new UiFile("ui/index.html", "text/html; charset=utf-8"),
            "app.js", new UiFile("ui/app.js", "text/javascript; charset=utf-8"),
            "app.css", new UiFile("ui/app.css", "text/css; charset=utf-8"),
            "uPlot.iife.min.js", new UiFile(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new UiFile(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    private final Map<String, String> texts;
    private final Supplier<List<String>> connectHosts;

    /** {@code connectHosts}: the hosts the page may fetch {@code /ui/state} from, asked on every page load. */
    UiResource(Supplier<List<String>> connectHosts) {
        this.texts = Map.copyOf(load());
        this.connectHosts = connectHosts;
    }

    List<Route> routes() {
        return List.of(
                Route.at("/").on("GET", request -> file("index.html")).withHead(),
                Route.at("/ui").on("GET", request -> file("index.html")).withHead(),
                Route.at("/ui/{file}").on("GET", this::named).withHead());
    }

    private Reply named(Request request) {
        String name = request.pathParameter("file");
        if (!FILES.containsKey(name)) {
            throw new RequestRefusedException(404, "no such file of the page: /ui/" + name);
        }
        return file(name);
    }

    private Reply file(String name) {
        String text = texts.get(name);
        // A text reply gets a final newline from the server: harmless in html, js and css.
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Reply.text(200, body)
                .withHeaders(Map.of(
                        "Content-Type",
                        FILES.get(name).contentType(),
                        "Content-Security-Policy",
                        contentSecurityPolicy(connectHosts.get()),
                        "X-Content-Type-Options",
                        "nosniff",
                        "Cache-Control",
                        "no-cache"));
    }

    /**
     * Nothing but the page's own files; fetches to itself and to {@code http://HOST:*} for each
     * of {@code hosts} (the members' hosts, where the other nodes' {@code /ui/state} is).
     */
    static String contentSecurityPolicy(List<String> hosts) {
        StringBuilder connect = new StringBuilder("'self'");
        for (String host : hosts) {
            if (host.matches("[A-Za-z0-9.\\-]+")) {
                connect.append(" http://").append(host).append(":*");
            } else if (host.matches("[0-9A-Fa-f:]+")) {
                connect.append(" http://[").append(host).append("]:*");
            }
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String webJarVersion() {
        String properties = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
        try (InputStream in = UiResource.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks uPlot's WebJar (" + properties + ")");
            }
            Properties read = new Properties();
            read.load(in);
            return read.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> load() {
        Map<String, String> loaded = new HashMap<>();
        for (Map.Entry<String, UiFile> file : FILES.entrySet()) {
            try (InputStream in = UiResource.class
                    .getClassLoader()
                    .getResourceAsStream(file.getValue().resource())) {
                if (in == null) {
                    throw new IllegalStateException(
                            "the jar lacks " + file.getValue().resource());
                }
                loaded.put(file.getKey(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }
}
