package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM stops a WAL node cleanly: exit code 0 within 10 s, and it deregisters, so the discovery
 * server (whose own cleanup is set far beyond the test) stops listing it at once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulStopIT extends ClusterIT {
    @Test
    void sigtermExitsZeroAndDeregisters() throws Exception {
        CounterClient client = cluster.client();
        // A 60 s cleanup: only a deregistration can remove the node within this test.
        DiscoveryProcess discovery = cluster.startDiscovery("--cleanup=60s");
        NodeProcess stopping = cluster.startNode("stopping", "--wal=true", "--wal-fsync=true");
        NodeProcess staying = cluster.startNode("staying");
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        assertThat(discovery.peers(client)).contains(stopping.addr(), staying.addr());
        for (int i = 0; i < 5; i++) {
            client.increment(stopping, 1);
        }
        cluster.awaitConvergence(5, Duration.ofSeconds(15));

        long start = System.nanoTime();
        int exitCode = stopping.sigterm(Duration.ofSeconds(10));
        Duration stopTime = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("[GracefulStopIT] SIGTERM: exit code %d after %d ms%n", exitCode, stopTime.toMillis());
        assertThat(exitCode)
                .as("exit code after SIGTERM; log tail:\n" + stopping.logTail(20))
                .isZero();
        assertThat(stopping.logLines())
                .as("log of the stopped node")
                .anyMatch(l -> l.contains("deregistered from discovery server"));

        await("discovery no longer listing " + stopping.addr())
                .atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(discovery.peers(client))
                        .as("discovery /peers after the deregistration")
                        .doesNotContain(stopping.addr()));
        // It stays gone: no late heartbeat registers it again (heartbeat interval 1 s).
        await("discovery listing only " + staying.addr() + " for 2 s")
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(discovery.peers(client))
                        .as("discovery /peers after the deregistration")
                        .containsExactly(staying.addr()));
        assertThat(client.counter(staying)).isEqualTo(new CounterReading(5, 5));
    }
}
