package dev.distcounter.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.InFlightRequests;
import dev.distcounter.node.crdt.CounterOverflowException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.storage.StoreFailedException;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FaultStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API, with the original's paths and text:
 *
 * <pre>
 * GET|POST /increment[?by=N]  Counter incremented to X (version V)
 * GET|POST /decrement[?by=N]  Counter decremented to X (version V)
 * GET      /counter           Counter: X (version V)
 * GET      /peers             Peers (N): [a b]
 * GET      /health            OK ...
 * GET      /cluster           Leader: ... (term T), then one line per member with its state
 * GET|POST /admin/chaos       the faults this node injects; POST {"drop":0.3,"delay":"10ms-50ms","blocked":[...]}
 * </pre>
 *
 * Admin endpoints answer only requests from loopback, unless {@code --admin-token} is set: then
 * only requests that carry it ({@code X-Admin-Token: <token>} or {@code Authorization: Bearer <token>}).
 *
 * Send {@code Accept: application/json} for JSON. A write answers 200 only once its log record
 * is durable (DESIGN.md promise 3); 503 means the outcome is unknown (it may or may not count,
 * never twice) unless its reason starts with "not counted" (the log had already failed, nothing
 * was applied). Bad input gets a 4xx with a one-line reason; nothing a client sends can stop the
 * node.
 */
public final class CounterHttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CounterHttpApi.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> WRITE_METHODS = Set.of("GET", "POST");
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final Set<String> ADMIN_METHODS = Set.of("GET", "POST");

    static {
        // Without TCP_NODELAY every response waits ~40 ms for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** How long a stopping node lets requests in flight finish. */
    private static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(2);

    private final HttpConfig config;
    private final CounterOperations node;
    private final InFlightRequests inFlight = new InFlightRequests();
    private HttpServer server;
    private ExecutorService executor;

    public CounterHttpApi(HttpConfig config, CounterOperations node) {
        this.config = config;
        this.node = node;
    }

    public void start() throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 1024);
        } catch (IOException e) {
            throw new IOException("cannot listen for HTTP on " + config.bind() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "http-" + config.port() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", this::handle).getFilters().add(inFlight);
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** A response: status, one line of text, and the same as JSON fields. */
    private record Reply(int status, String text, Map<String, Object> json, String allow) {
        static Reply ok(String text, Map<String, Object> json) {
            return new Reply(200, text, json, null);
        }

        static Reply error(int status, String reason) {
            return new Reply(status, reason, Map.of("error", reason), null);
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange);
            } catch (RuntimeException e) {
                log.warn("{}: {} {} failed: {}", node.address(), exchange.getRequestMethod(),
                        exchange.getRequestURI(), e.toString(), e);
                reply = Reply.error(500, "internal error: " + e.getMessage());
            }
            send(exchange, reply);
        } catch (IOException e) {
            log.debug("{}: could not answer {}: {}", node.address(), exchange.getRequestURI(), e.toString());
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Set<String> allowed = switch (path) {
            case "/increment", "/decrement" -> WRITE_METHODS;
            case "/counter", "/peers", "/health", "/cluster" -> READ_METHODS;
            case "/admin/chaos" -> ADMIN_METHODS;
            default -> null;
        };
        if (allowed == null) {
            return Reply.error(404, "no such endpoint: " + path
                    + " (try /increment, /decrement, /counter, /peers, /health, /cluster)");
        }
        if (path.startsWith("/admin/")) {
            Reply refused = adminRefusal(exchange);
            if (refused != null) {
                return refused;
            }
        }
        if (!allowed.contains(method)) {
            String allow = String.join(", ", allowed.stream().sorted().toList());
            return new Reply(405, "method " + method + " not allowed on " + path + "; use " + allow,
                    Map.of("error", "method not allowed"), allow);
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return Reply.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return switch (path) {
            case "/increment" -> write(exchange, 1, "incremented");
            case "/decrement" -> write(exchange, -1, "decremented");
            case "/counter" -> counter();
            case "/peers" -> peers();
            case "/cluster" -> cluster();
            case "/admin/chaos" -> method.equals("POST") ? setChaos(body) : chaos();
            default -> health();
        };
    }

    private Reply write(HttpExchange exchange, int sign, String verb) {
        long by;
        try {
            by = parseBy(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        LocalUpdate update;
        try {
            update = node.add(sign * by);
        } catch (CounterOverflowException e) {
            return Reply.error(400, e.getMessage());
        } catch (StoreFailedException e) {
            return Reply.error(503, "not counted: " + e.getMessage());
        }
        try {
            update.durable().get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Reply.error(503, "outcome unknown: the write-ahead log did not confirm within "
                    + config.writeTimeout().toMillis() + " ms; the operation may or may not be counted");
        } catch (ExecutionException e) {
            return Reply.error(503, "outcome unknown: the write-ahead log failed (" + e.getCause().getMessage()
                    + "); the operation may or may not be counted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "outcome unknown: interrupted while waiting for the write-ahead log");
        }
        PNCounter state = update.state();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", state.value());
        json.put("version", state.version());
        json.put("node", node.address().toString());
        json.put("operation", sign > 0 ? "increment" : "decrement");
        json.put("by", by);
        return Reply.ok(String.format("Counter %s to %d (version %d)", verb, state.value(), state.version()), json);
    }

    /** The {@code by} query parameter: a whole number from 1 to 2^63-1; 1 when absent. */
    static long parseBy(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return 1;
        }
        String by = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals("by")) {
                if (by != null) {
                    throw new IllegalArgumentException("parameter 'by' given more than once");
                }
                by = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        if (by == null) {
            return 1;
        }
        long value;
        try {
            value = Long.parseLong(by);
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException("bad 'by' parameter \"" + by
                    + "\": must be a whole number from 1 to " + Long.MAX_VALUE);
        }
        return value;
    }

    private Reply counter() {
        PNCounter state = node.current();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", state.value());
        json.put("version", state.version());
        json.put("node", node.address().toString());
        return Reply.ok(String.format("Counter: %d (version %d)", state.value(), state.version()), json);
    }

    private Reply peers() {
        List<NodeAddress> peers = node.peers();
        List<String> names = peers.stream().map(NodeAddress::toString).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", names.size());
        json.put("peers", names);
        return Reply.ok("Peers (" + names.size() + "): [" + String.join(" ", names) + "]", json);
    }

    /** 200 "OK ..." while the node can take writes; 503 "FAILING ..." once it cannot (its WAL failed). */
    private Reply health() {
        Map<String, Object> json = node.health();
        boolean ok = "ok".equals(json.get("status"));
        String text = (ok ? "OK " : "FAILING ") + json.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof Map) && !(e.getValue() instanceof List))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return new Reply(ok ? 200 : 503, text, json, null);
    }

    /** Reads a request body; null if it is too large to accept. */
    private static byte[] readBody(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return null;
        }
        return bytes;
    }

    /** Null when the request may use admin endpoints; otherwise the 401 or 403 to answer (see {@link AdminGuard}). */
    private Reply adminRefusal(HttpExchange exchange) {
        int status = AdminGuard.refusal(config.adminToken(),
                exchange.getRemoteAddress().getAddress().isLoopbackAddress(),
                exchange.getRequestHeaders().getFirst("X-Admin-Token"),
                exchange.getRequestHeaders().getFirst("Authorization"));
        return switch (status) {
            case 0 -> null;
            case 403 -> Reply.error(403, "admin endpoints answer only requests from loopback; start the node with"
                    + " --admin-token to allow others");
            default -> Reply.error(401, "admin endpoints need the admin token (X-Admin-Token header)");
        };
    }

    private Reply cluster() {
        Map<String, Object> json = node.cluster();
        StringBuilder text = new StringBuilder("Leader: ").append(json.get("leader") == null ? "none" : json.get("leader"))
                .append(" (term ").append(json.get("term")).append(")");
        Object members = json.get("members");
        if (members instanceof List<?> list) {
            text.append("\nMembers (").append(list.size()).append("):");
            for (Object row : list) {
                if (row instanceof Map<?, ?> m) {
                    text.append("\n  ").append(m.get("addr")).append(" ").append(m.get("state"))
                            .append(" (id ").append(m.get("nodeId")).append(", silent ").append(m.get("silenceMs"))
                            .append(" ms)");
                }
            }
        }
        return Reply.ok(text.toString(), json);
    }

    private Reply chaos() {
        ChaosSettings chaos = node.chaos();
        FaultStats stats = node.faultStats();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("drop", chaos.drop());
        json.put("delay", ChaosSettings.formatDelay(chaos.minDelay(), chaos.maxDelay()));
        json.put("blocked", chaos.blocked().stream().map(NodeAddress::toString).sorted().toList());
        json.put("framesBlocked", stats.blocked());
        json.put("framesDropped", stats.lost());
        json.put("framesDelayed", stats.delayed());
        return Reply.ok("Chaos: " + chaos + "; so far " + stats.blocked() + " frames blocked, " + stats.lost()
                + " dropped, " + stats.delayed() + " delayed", json);
    }

    /** Fields present in the JSON body replace the current ones; absent fields stay as they are. */
    private Reply setChaos(byte[] body) {
        ChaosSettings current = node.chaos();
        ChaosSettings next;
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
            java.time.Duration[] delay = {current.minDelay(), current.maxDelay()};
            if (request.has("delay")) {
                delay = ChaosSettings.parseDelay(request.get("delay").asText());
            }
            Set<NodeAddress> blocked = current.blocked();
            if (request.has("blocked")) {
                if (!request.get("blocked").isArray()) {
                    throw new IllegalArgumentException("blocked must be a list of host:port addresses");
                }
                Set<NodeAddress> parsed = new java.util.TreeSet<>();
                for (JsonNode item : request.get("blocked")) {
                    parsed.add(NodeAddress.parse(item.asText()));
                }
                blocked = parsed;
            }
            next = new ChaosSettings(drop, delay[0], delay[1], blocked);
        } catch (IOException e) {
            return Reply.error(400, "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        node.applyChaos(next);
        return chaos();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean json = accept != null && accept.contains("application/json");
        byte[] body = json
                ? Json.MAPPER.writeValueAsBytes(reply.json())
                : (reply.text() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                json ? "application/json" : "text/plain; charset=utf-8");
        if (reply.allow() != null) {
            exchange.getResponseHeaders().set("Allow", reply.allow());
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Lets requests in flight finish (up to two seconds: a write waits for its log record), then
     * closes every connection and stops the threads.
     */
    @Override
    public void close() {
        if (server != null) {
            try {
                if (!inFlight.awaitIdle(STOP_GRACE)) {
                    log.warn("{}: stopping HTTP with requests still in flight", node.address());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
