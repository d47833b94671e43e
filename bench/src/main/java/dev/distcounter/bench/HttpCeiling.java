package dev.distcounter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.http.HttpConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP ceiling of the benchmark suite: the smallest server the node's own stack allows, to
 * measure the node against in the same run (issue 5, item 1).
 *
 * <p>The server comes from {@link CounterHttpApi#createServer}, the node's own factory, so it has
 * the node's settings: the JDK HttpServer, TCP_NODELAY (the factory sets it before the JDK's
 * server reads its configuration), a backlog of 1024 and the same thread pool. Its only context reads the request
 * body as the node does and answers {@code 200 Counter: 0 (version 0)} as text, the node's
 * {@code /counter} reply with nothing behind it. Run it with the node's JVM flags and its default
 * {@code --http-threads}; {@code bench/run-bench.sh} does.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.HttpCeiling --port 27311 [--threads 8] [--bind 127.0.0.1]
 * </pre>
 *
 * Runs until killed (SIGTERM stops it cleanly).
 */
public final class HttpCeiling {
    /** The node reads at most this much of a body (CounterHttpApi.MAX_BODY_BYTES). */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private static final byte[] BODY = "Counter: 0 (version 0)\n".getBytes(StandardCharsets.UTF_8);

    private HttpCeiling() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "HttpCeiling", "--port P [--threads 8] [--bind 127.0.0.1]", args, "port", "threads", "bind");
        int port = flags.integer("port", -1);
        int threads = flags.integer("threads", 8);
        String bind = flags.text("bind", "127.0.0.1");
        if (port < 0 || port > 65535 || threads < 1) {
            System.err.println("HttpCeiling: --port (0-65535) is required and --threads must be at least 1");
            System.exit(2);
        }

        HttpServer server =
                CounterHttpApi.createServer(new HttpConfig(bind, port, threads, Duration.ofSeconds(10), "", false));
        server.createContext("/", HttpCeiling::handle);
        server.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop(0);
                            ((ExecutorService) server.getExecutor()).shutdownNow();
                        },
                        "http-ceiling-stop"));
        System.out.printf(
                "HttpCeiling listening on %s:%d (threads %d, sun.net.httpserver.nodelay=%s, JDK %s)%n",
                bind,
                server.getAddress().getPort(),
                threads,
                System.getProperty("sun.net.httpserver.nodelay"),
                Runtime.version());
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) {
        try (exchange) {
            exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        } catch (IOException e) {
            // the client went away; nothing to do
        }
    }
}
