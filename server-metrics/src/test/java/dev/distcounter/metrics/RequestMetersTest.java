package dev.distcounter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMeters meters = new RequestMeters(registry);

    @Test
    void oneTimerPerRouteMethodAndStatus() {
        meters.answered("/counter", "GET", 200, 1_000_000);
        meters.answered("/counter", "GET", 200, 3_000_000);
        meters.answered("/counter", "HEAD", 200, 1_000_000);
        meters.answered("/increment", "GET", 503, 5_000_000);

        Timer reads = registry.get("http.server.requests")
                .tags("route", "/counter", "method", "GET", "status", "200")
                .timer();
        assertThat(reads.count()).isEqualTo(2);
        assertThat(reads.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
        assertThat(registry.get("http.server.requests").timers()).hasSize(3);
        assertThat(registry.get("http.server.requests")
                        .tags("route", "/increment", "status", "503")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRouteTemplateIsOneTimerWhateverThePathWas() {
        for (int i = 0; i < 100; i++) {
            meters.answered("/kv/get/{key}", "GET", 404, 1_000);
        }
        assertThat(registry.get("http.server.requests").timers()).hasSize(1);
    }

    @Test
    void requestsCutOffAreCountedByReason() {
        meters.refused("headers_timeout");
        meters.refused("headers_timeout");
        meters.refused("readers_busy");
        assertThat(registry.get("http.server.requests.refused")
                        .tag("reason", "headers_timeout")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(registry.get("http.server.requests.refused").counters()).hasSize(2);
    }
}
