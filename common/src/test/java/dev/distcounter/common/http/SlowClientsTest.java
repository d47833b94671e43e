package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that send a request's first byte (or its headers) and then nothing: they hold reader
 * threads, never the 2 workers, until the read timeout cuts them off. Guarantees: docs/guarantees.md
 * (slow clients cannot stop the API).
 */
class SlowClientsTest {
    final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    final List<Socket> slow = new ArrayList<>();
    RoutedHttpServer server;
    LoopbackClient client;

    void start(int readers, Duration readTimeout) throws IOException {
        server = RoutedHttpServer.start(
                new ServerSettings(
                        "127.0.0.1",
                        0,
                        2,
                        "slow-http",
                        "slow",
                        Duration.ofSeconds(1),
                        readers,
                        readTimeout,
                        ServerSettings.DEFAULT_BODY_BUDGET),
                Routes.answeringUnknownPaths(path -> "no " + path)
                        .with(Route.at("/counter").on("GET", request -> Reply.ok("Counter: 0", null)))
                        .with(Route.at("/increment")
                                .on("POST", request -> Reply.ok("incremented " + request.body().length, null))),
                new RequestObserver() {
                    @Override
                    public void answered(String route, String method, int status, long nanos) {}

                    @Override
                    public void refused(String reason) {
                        refused.computeIfAbsent(reason, r -> new AtomicInteger())
                                .incrementAndGet();
                    }
                });
        client = new LoopbackClient(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A connection that sends {@code text} and then waits. */
    Socket sendAndWait(String text) throws IOException {
        Socket s = new Socket();
        slow.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    int refusedFor(String reason) {
        AtomicInteger n = refused.get(reason);
        return n == null ? 0 : n.get();
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 64})
    void connectionsThatSendOneByteAndWaitDoNotStopTheApi(int connections) throws Exception {
        // A read timeout far longer than the test: the requests below are answered while every
        // slow connection is still held, not after they were cut.
        start(ServerSettings.DEFAULT_READERS, Duration.ofMinutes(5));
        for (int i = 0; i < connections; i++) {
            sendAndWait("G");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.get("/counter").body()).isEqualTo("Counter: 0\n");
            assertThat(client.send("POST", "/increment", null, "{}").body()).isEqualTo("incremented 2\n");
        });
        assertThat(refused).isEmpty();
    }

    @Test
    void connectionsThatSendHeadersAndThenNoBodyDoNotStopTheApi() throws Exception {
        start(ServerSettings.DEFAULT_READERS, Duration.ofMinutes(5));
        for (int i = 0; i < 8; i++) {
            sendAndWait("POST /increment HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                client.send("POST", "/increment", null, "{}").statusCode())
                        .isEqualTo(200));
    }

    @Test
    void headersThatDoNotArriveInTimeAreCutOffAndCounted() throws Exception {
        start(ServerSettings.DEFAULT_READERS, Duration.ofMillis(300));
        Socket s = sendAndWait("GET /coun");
        await().atMost(Duration.ofSeconds(20)).until(() -> closedByServer(s));
        // The reader counts the cut after closing the socket: the client may see the close first.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(refusedFor(RequestObserver.HEADERS_TIMEOUT)).isEqualTo(1));
        assertThat(client.get("/counter").statusCode())
                .as("the reader thread is free again")
                .isEqualTo(200);
        assertThat(client.get("/counter").statusCode()).isEqualTo(200);
        assertThat(refusedFor(RequestObserver.HEADERS_TIMEOUT))
                .as("a request answered in time never carries the interrupt of a past deadline")
                .isEqualTo(1);
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsCutOffAndCounted() throws Exception {
        start(ServerSettings.DEFAULT_READERS, Duration.ofMillis(300));
        Socket s = sendAndWait("POST /increment HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{");
        await().atMost(Duration.ofSeconds(20)).until(() -> closedByServer(s));
        // The reader counts the cut after closing the socket: the client may see the close first.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(refusedFor(RequestObserver.BODY_TIMEOUT)).isEqualTo(1));
        assertThat(client.send("POST", "/increment", null, "{}").body()).isEqualTo("incremented 2\n");
    }

    @Test
    void whenEveryReaderIsBusyANewConnectionIsClosedAndCounted() throws Exception {
        start(4, Duration.ofMinutes(5));
        for (int i = 0; i < 4; i++) {
            sendAndWait("G");
        }
        // The fifth request finds every reader busy: its connection is closed, unread.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket fifth = new Socket("127.0.0.1", server.port())) {
                fifth.getOutputStream()
                        .write("GET /counter HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return closedByServer(fifth);
            }
        });
        assertThat(refusedFor(RequestObserver.READERS_BUSY)).isPositive();
        for (Socket s : slow) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(client.get("/counter").statusCode())
                        .as("readers are free again once the slow clients are gone")
                        .isEqualTo(200));
    }

    /** Whether the server closed the connection (end of stream or reset), reading what it sent. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            while (in.read() != -1) {
                // skip whatever was sent before the close
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && !e.getMessage().contains("timed out");
        }
    }
}
