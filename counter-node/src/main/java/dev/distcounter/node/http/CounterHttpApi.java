package dev.distcounter.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.GoDuration;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * GET      /counter?atLeast=V[&wait=5s]   the same, once this node holds version V (or after the wait)
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
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final HttpConfig config;
    private final CounterOperations node;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final ConcurrentLinkedQueue<PendingWrite> pendingWrites = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService timeouts;
    private HttpServer server;
    private ExecutorService executor;

    public CounterHttpApi(HttpConfig config, CounterOperations node) {
        this.config = config;
        this.node = node;
    }

    public void start() throws IOException {
        server = createServer(config);
        executor = (ExecutorService) server.getExecutor();
        timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-" + config.port() + "-timeouts");
            t.setDaemon(true);
            return t;
        });
        long sweepMillis = Math.max(10, config.writeTimeout().toMillis() / 10);
        timeouts.scheduleWithFixedDelay(this::sweepTimedOutWrites, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * An HTTP server (not started) with the node's settings: TCP_NODELAY, a backlog of 1024, a
     * pool of {@code config.threads()} daemon threads. The benchmark's HTTP ceiling is built
     * here too, so the node is always compared with the same stack, configured the same way.
     */
    public static HttpServer createServer(HttpConfig config) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 1024);
        } catch (IOException e) {
            throw new IOException(
                    "cannot listen for HTTP on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        server.setExecutor(new ThreadPoolExecutor(
                config.threads(), config.threads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "http-" + config.port() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }));
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** A response: status, one line of text, and the same as JSON fields (built only when JSON is asked for). */
    private record Reply(int status, String text, Supplier<Map<String, Object>> json, String allow) {
        static Reply ok(String text, Map<String, Object> json) {
            return new Reply(200, text, () -> json, null);
        }

        static Reply ok(String text, Supplier<Map<String, Object>> json) {
            return new Reply(200, text, json, null);
        }

        static Reply error(int status, String reason) {
            return new Reply(status, reason, () -> Map.of("error", reason), null);
        }
    }

    /**
     * Answers at once when the reply is ready (reads, refusals); a write is answered later, on
     * the pool, when its log record is durable, so no thread waits for an fsync.
     */
    private void handle(HttpExchange exchange) {
        inFlight.enter();
        CompletableFuture<Reply> reply;
        try {
            reply = route(exchange);
        } catch (IOException e) {
            log.debug("{}: could not read {}: {}", node.address(), exchange.getRequestURI(), e.toString());
            exchange.close();
            inFlight.exit();
            return;
        } catch (RuntimeException e) {
            log.warn(
                    "{}: {} {} failed: {}",
                    node.address(),
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    e.toString(),
                    e);
            reply = CompletableFuture.completedFuture(Reply.error(500, "internal error: " + e.getMessage()));
        }
        if (reply.isDone()) {
            answer(exchange, reply.join());
        } else {
            reply.whenCompleteAsync(
                    (r, e) -> answer(exchange, r != null ? r : Reply.error(500, "internal error: " + e.getMessage())),
                    executor);
        }
    }

    private void answer(HttpExchange exchange, Reply reply) {
        try (exchange) {
            send(exchange, reply);
        } catch (IOException e) {
            log.debug("{}: could not answer {}: {}", node.address(), exchange.getRequestURI(), e.toString());
        } finally {
            inFlight.exit();
        }
    }

    private CompletableFuture<Reply> route(HttpExchange exchange) throws IOException {
        Reply ready = routeNow(exchange);
        if (ready != null) {
            return CompletableFuture.completedFuture(ready);
        }
        return exchange.getRequestURI().getPath().equals("/counter") ? awaitCounter(exchange) : write(exchange);
    }

    /** Longest {@code wait} a reader may ask for. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /**
     * {@code /counter?atLeast=V}: answers once this node holds version V, or after {@code wait}
     * (default 5 s, at most 30 s) with whatever it holds; the version in the answer tells which.
     * A client that wrote version V on one node can read its own write on any other this way.
     */
    private CompletableFuture<Reply> awaitCounter(HttpExchange exchange) {
        long atLeast;
        Duration wait;
        try {
            atLeast = parseLong(exchange.getRequestURI().getRawQuery(), "atLeast", 0, 0);
            String waitText = queryParameter(exchange.getRequestURI().getRawQuery(), "wait");
            wait = waitText == null ? Duration.ofSeconds(5) : GoDuration.parse(waitText);
            if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
                throw new IllegalArgumentException("bad 'wait' parameter \"" + waitText + "\": must be from 0s to 30s");
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Reply.error(400, e.getMessage()));
        }
        CompletableFuture<PNCounter> reached = node.awaitVersion(atLeast);
        if (!reached.isDone()) {
            timeouts.schedule(() -> reached.complete(node.current()), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return reached.thenApply(this::counterReply);
    }

    /**
     * The reply to anything answered at once, or null for a valid write (answered by {@link #write})
     * or a waiting read (answered by {@link #awaitCounter}).
     */
    private Reply routeNow(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Set<String> allowed = switch (path) {
            case "/increment", "/decrement" -> WRITE_METHODS;
            case "/counter", "/peers", "/health", "/cluster" -> READ_METHODS;
            case "/admin/chaos" -> ADMIN_METHODS;
            default -> null;
        };
        if (allowed == null) {
            return Reply.error(
                    404,
                    "no such endpoint: " + path + " (try /increment, /decrement, /counter, /peers, /health, /cluster)");
        }
        if (path.startsWith("/admin/")) {
            Reply refused = adminRefusal(exchange);
            if (refused != null) {
                return refused;
            }
        }
        if (!allowed.contains(method)) {
            String allow = String.join(", ", allowed.stream().sorted().toList());
            return new Reply(
                    405,
                    "method " + method + " not allowed on " + path + "; use " + allow,
                    () -> Map.of("error", "method not allowed"),
                    allow);
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return Reply.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return switch (path) {
            case "/increment", "/decrement" -> null;
            case "/counter" -> waits(exchange.getRequestURI().getRawQuery()) ? null : counter();
            case "/peers" -> peers();
            case "/cluster" -> cluster();
            case "/admin/chaos" -> method.equals("POST") ? setChaos(body) : chaos();
            default -> health();
        };
    }

    /** Applies an increment or decrement; the reply completes when its record is durable. */
    private CompletableFuture<Reply> write(HttpExchange exchange) {
        boolean increment = exchange.getRequestURI().getPath().equals("/increment");
        long by;
        try {
            by = parseBy(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Reply.error(400, e.getMessage()));
        }
        LocalUpdate update;
        try {
            update = node.add(increment ? by : -by);
        } catch (CounterOverflowException e) {
            return CompletableFuture.completedFuture(Reply.error(400, e.getMessage()));
        } catch (StoreFailedException e) {
            return CompletableFuture.completedFuture(Reply.error(503, "not counted: " + e.getMessage()));
        }
        PNCounter state = update.state();
        CompletableFuture<Reply> reply = update.durable()
                .thenApply(durable -> written(state, increment, by))
                .exceptionally(this::unknownOutcome);
        pendingWrites.add(new PendingWrite(System.nanoTime(), reply));
        return reply;
    }

    /** A write whose answer waits for the log; see {@link #sweepTimedOutWrites()}. */
    private record PendingWrite(long startedNanos, CompletableFuture<Reply> reply) {}

    /**
     * Answers 503 "outcome unknown" to every write the log has not confirmed within the write
     * timeout. Writes are confirmed nearly in arrival order, so one periodic sweep from the
     * oldest replaces a timer per request (which cost about a tenth of the write throughput).
     */
    private void sweepTimedOutWrites() {
        long now = System.nanoTime();
        long limit = config.writeTimeout().toNanos();
        for (PendingWrite w = pendingWrites.peek(); w != null; w = pendingWrites.peek()) {
            if (!w.reply().isDone()) {
                if (now - w.startedNanos() < limit) {
                    return;
                }
                w.reply().complete(unknownOutcome(new TimeoutException()));
            }
            pendingWrites.poll();
        }
    }

    private Reply written(PNCounter state, boolean increment, long by) {
        return Reply.ok(
                "Counter " + (increment ? "incremented" : "decremented") + " to " + state.value() + " (version "
                        + state.version() + ")",
                () -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("value", state.value());
                    json.put("version", state.version());
                    json.put("node", node.address().toString());
                    json.put("operation", increment ? "increment" : "decrement");
                    json.put("by", by);
                    return json;
                });
    }

    private Reply unknownOutcome(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return Reply.error(
                    503,
                    "outcome unknown: the write-ahead log did not confirm within "
                            + config.writeTimeout().toMillis() + " ms; the operation may or may not be counted");
        }
        return Reply.error(
                503,
                "outcome unknown: the write-ahead log failed (" + cause.getMessage()
                        + "); the operation may or may not be counted");
    }

    /** The {@code by} query parameter: a whole number from 1 to 2^63-1; 1 when absent. */
    static long parseBy(String rawQuery) {
        return parseLong(rawQuery, "by", 1, 1);
    }

    /** A whole-number query parameter of at least {@code min}, or {@code absent} when it is not given. */
    static long parseLong(String rawQuery, String name, long min, long absent) {
        String text = queryParameter(rawQuery, name);
        if (text == null) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min) {
            throw new IllegalArgumentException("bad '" + name + "' parameter \"" + text
                    + "\": must be a whole number from " + min + " to " + Long.MAX_VALUE);
        }
        return value;
    }

    /** Whether a {@code /counter} query asks to wait ({@code atLeast} or {@code wait}); checked strictly later. */
    private static boolean waits(String rawQuery) {
        return rawQuery != null && (rawQuery.contains("atLeast") || rawQuery.contains("wait"));
    }

    /** A query parameter's decoded value, null when absent; given twice is an error. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        String value = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("parameter '" + name + "' given more than once");
                }
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    private Reply counter() {
        return counterReply(node.current());
    }

    private Reply counterReply(PNCounter state) {
        return Reply.ok("Counter: " + state.value() + " (version " + state.version() + ")", () -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("value", state.value());
            json.put("version", state.version());
            json.put("node", node.address().toString());
            return json;
        });
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
        String text = (ok ? "OK " : "FAILING ")
                + json.entrySet().stream()
                        .filter(e -> !(e.getValue() instanceof Map) && !(e.getValue() instanceof List))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "));
        return new Reply(ok ? 200 : 503, text, () -> json, null);
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
        int status = AdminGuard.refusal(
                config.adminToken(),
                exchange.getRemoteAddress().getAddress().isLoopbackAddress(),
                exchange.getRequestHeaders().getFirst("X-Admin-Token"),
                exchange.getRequestHeaders().getFirst("Authorization"));
        return switch (status) {
            case 0 -> null;
            case 403 ->
                Reply.error(
                        403,
                        "admin endpoints answer only requests from loopback; start the node with"
                                + " --admin-token to allow others");
            default -> Reply.error(401, "admin endpoints need the admin token (X-Admin-Token header)");
        };
    }

    private Reply cluster() {
        Map<String, Object> json = node.cluster();
        StringBuilder text = new StringBuilder("Leader: ")
                .append(json.get("leader") == null ? "none" : json.get("leader"))
                .append(" (term ")
                .append(json.get("term"))
                .append(")");
        Object members = json.get("members");
        if (members instanceof List<?> list) {
            text.append("\nMembers (").append(list.size()).append("):");
            for (Object row : list) {
                if (row instanceof Map<?, ?> m) {
                    text.append("\n  ")
                            .append(m.get("addr"))
                            .append(" ")
                            .append(m.get("state"))
                            .append(" (id ")
                            .append(m.get("nodeId"))
                            .append(", silent ")
                            .append(m.get("silenceMs"))
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
        json.put(
                "blocked",
                chaos.blocked().stream().map(NodeAddress::toString).sorted().toList());
        json.put("framesBlocked", stats.blocked());
        json.put("framesDropped", stats.lost());
        json.put("framesDelayed", stats.delayed());
        return Reply.ok(
                "Chaos: " + chaos + "; so far " + stats.blocked() + " frames blocked, " + stats.lost() + " dropped, "
                        + stats.delayed() + " delayed",
                json);
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
            Duration[] delay = {current.minDelay(), current.maxDelay()};
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
            return Reply.error(
                    400, "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
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
                ? Json.MAPPER.writeValueAsBytes(reply.json().get())
                : (reply.text() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", json ? "application/json" : "text/plain; charset=utf-8");
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
        if (timeouts != null) {
            timeouts.shutdownNow();
        }
    }
}
