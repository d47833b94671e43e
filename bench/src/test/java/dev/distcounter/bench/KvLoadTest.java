package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.Json;
import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The keyspace's preloader: the keys and bodies wrk-kv.lua uses too, each key put once, failures counted. */
class KvLoadTest {

    @Test
    void keysArePaddedToTheDigitsOfTheLastOne() {
        // as wrk-kv.lua: prefix .. string.format("%0" .. #tostring(keys - 1) .. "d", i)
        assertThat(KvLoad.key("bench-", 10_000, 0)).isEqualTo("bench-0000");
        assertThat(KvLoad.key("bench-", 10_000, 9_999)).isEqualTo("bench-9999");
        assertThat(KvLoad.key("bench-", 10_001, 7)).isEqualTo("bench-00007");
        assertThat(KvLoad.key("k", 1, 0)).isEqualTo("k0");
    }

    @Test
    void theBodyIsThePutApisJson() throws IOException {
        JsonNode body = Json.MAPPER.readTree(KvLoad.body("bench-0042", "vvv"));

        assertThat(body.get("key").asText()).isEqualTo("bench-0042");
        assertThat(body.get("value").asText()).isEqualTo("vvv");
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void everyKeyIsPutOnceAndFailuresAreCountedNotRetried() throws Exception {
        Map<String, Integer> puts = new ConcurrentHashMap<>();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), LoopbackPorts.next()), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/kv/put", exchange -> {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            String key = body.get("key").asText();
            puts.merge(key, 1, Integer::sum);
            boolean refuse = key.endsWith("7");
            byte[] answer = (refuse ? "{\"ok\":false,\"error\":\"write quorum not reached\"}" : "{\"ok\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refuse ? 503 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            KvLoadResult result = KvLoad.load("127.0.0.1", server.getAddress().getPort(), 100, 8, 10, "t-");

            assertThat(puts)
                    .hasSize(100)
                    .allSatisfy((key, count) -> assertThat(count).isOne());
            assertThat(result.keys()).isEqualTo(100);
            assertThat(result.connections()).isEqualTo(8);
            assertThat(result.failed()).isEqualTo(10);
            assertThat(result.firstFailure())
                    .matches("t-\\d7: 503 \\{\"ok\":false,\"error\":\"write quorum not reached\"}");
        } finally {
            server.stop(0);
        }
    }
}
