package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestBodyReaderTest {
    final AtomicInteger handled = new AtomicInteger();
    RoutedHttpServer server;
    LoopbackClient client;

    @BeforeEach
    void start() throws Exception {
        server = RoutedHttpServer.start(
                new ServerSettings("127.0.0.1", 0, 2, "body-http", "test", Duration.ofSeconds(1)),
                Routes.answeringUnknownPaths(path -> "none")
                        .with(Route.at("/echo").on("POST", request -> {
                            handled.incrementAndGet();
                            return Reply.ok("got " + request.body().length + " bytes", null);
                        })),
                RequestObserver.NONE);
        client = new LoopbackClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBodyUpTo64KiBReachesTheHandler() throws Exception {
        assertThat(client.send("POST", "/echo", null, "x".repeat(65536)).body()).isEqualTo("got 65536 bytes\n");
        assertThat(client.send("POST", "/echo", null, null).body()).isEqualTo("got 0 bytes\n");
    }

    @Test
    void aLargerBodyIsDrainedAndAnswered413OnAConnectionThatStaysUsable() throws Exception {
        // Half a MiB: far more than the JDK drains by itself when a handler leaves a body unread,
        // so without the server's own draining the client would get a reset, not the 413.
        HttpResponse<String> r = client.send("POST", "/echo", null, "x".repeat(512 * 1024));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("request body larger than 65536 bytes\n");
        assertThat(r.headers().firstValue("Connection")).isEmpty();
        assertThat(handled).hasValue(0);
        assertThat(client.send("POST", "/echo", null, "ok").body()).isEqualTo("got 2 bytes\n");
    }

    @Test
    void aClientThatReadsOnlyAfterSendingItsWholeBodyStillGetsThe413() throws Exception {
        // A client that writes everything before it reads: had the server closed with unread
        // bytes, the kernel's reset would have thrown the 413 away before this read.
        int size = 512 * 1024;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[size]);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aBodyBeyond1MiBIsCutOffAndTheServerStaysUp() throws Exception {
        try {
            HttpResponse<String> r = client.send("POST", "/echo", null, "x".repeat(4 * 1024 * 1024));
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Connection")).hasValue("close");
        } catch (IOException connectionCutOff) {
            // the kernel may reset the connection before the client reads the 413; never a 200
            assertThat(connectionCutOff).isNotInstanceOf(java.net.http.HttpTimeoutException.class);
        }
        assertThat(handled).hasValue(0);
        assertThat(client.send("POST", "/echo", null, "ok").body()).isEqualTo("got 2 bytes\n");
    }
}
