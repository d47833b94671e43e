package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A single node (no discovery server) with tiny WAL segments and no snapshot in sight: after
 * 1,000 increments and 300 decrements its WAL is many segments; a SIGKILL and restart, and
 * later a graceful SIGTERM and restart, bring back exactly the same value and version.
 *
 * <p>Guarantees: docs/guarantees.md §7.
 */
class WalRotationRestartIT extends ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One round: +1 +2 -1 +3 -2 +4, i.e. +10 and -3; 100 rounds are 1,000 up and 300 down. */
    private static final long[] ROUND = {1, 2, -1, 3, -2, 4};

    private static final int ROUNDS = 100;
    private static final int MIN_SEGMENTS = 5;

    @Test
    void manySegmentsReplayToTheSameValueAfterSigkillAndAfterSigterm() throws Exception {
        NodeProcess node = cluster.startNode("node", "--wal-max-size=4096", "--wal-snapshot-every=1000000");
        awaitLogLine(node, "WARN", "discovery server");

        CounterReading afterFirstBatch = applyMix(node, new CounterReading(0, 0));
        assertThat(afterFirstBatch).isEqualTo(new CounterReading(700, 1300));
        long segments = walSegments(node);
        System.out.println(
                "[WalRotationRestartIT] after 1,000 up / 300 down: " + segments + " .wal segments in " + node.walDir());
        assertThat(segments).as(".wal segments in " + node.walDir()).isGreaterThanOrEqualTo(MIN_SEGMENTS);

        node.sigkill();
        cluster.restart(node);
        assertThat(cluster.client().counter(node))
                .as("/counter after SIGKILL and restart")
                .isEqualTo(afterFirstBatch);
        System.out.println("[WalRotationRestartIT] after SIGKILL: " + walDetails(node));
        assertThat(walDetails(node).get("replayedAtStart").asLong())
                .as("records replayed at start")
                .isGreaterThanOrEqualTo(ROUNDS);

        CounterReading afterSecondBatch = applyMix(node, afterFirstBatch);
        assertThat(afterSecondBatch).isEqualTo(new CounterReading(1400, 2600));
        assertThat(walSegments(node)).as(".wal segments in " + node.walDir()).isGreaterThanOrEqualTo(MIN_SEGMENTS);

        long stopStart = System.nanoTime();
        int exitCode = node.sigterm(Duration.ofSeconds(10));
        System.out.printf(
                "[WalRotationRestartIT] SIGTERM: exit code %d after %d ms%n",
                exitCode, (System.nanoTime() - stopStart) / 1_000_000);
        assertThat(exitCode).as("exit code after SIGTERM").isZero();
        cluster.restart(node);
        assertThat(cluster.client().counter(node))
                .as("/counter after SIGTERM and restart")
                .isEqualTo(afterSecondBatch);
        System.out.println("[WalRotationRestartIT] after SIGTERM: " + walDetails(node));
        assertThat(node.replicaIncarnations())
                .as("replica incarnations over three starts")
                .doesNotHaveDuplicates()
                .hasSize(3);
    }

    /** 100 rounds of {@link #ROUND}, checking every reply against the running total. */
    private CounterReading applyMix(NodeProcess node, CounterReading start) throws Exception {
        long value = start.value();
        long version = start.version();
        for (int round = 0; round < ROUNDS; round++) {
            for (long step : ROUND) {
                value += step;
                version += Math.abs(step);
                CounterReading reply = step > 0
                        ? cluster.client().increment(node, step)
                        : cluster.client().decrement(node, -step);
                assertThat(reply)
                        .as("reply to step %d of round %d", step, round)
                        .isEqualTo(new CounterReading(value, version));
            }
        }
        return new CounterReading(value, version);
    }

    private static long walSegments(NodeProcess node) throws IOException {
        try (Stream<Path> files = Files.list(node.walDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".wal"))
                    .count();
        }
    }

    private JsonNode walDetails(NodeProcess node) throws Exception {
        HttpReply health = cluster.client().get(node.uri("/health"), "Accept", "application/json");
        assertThat(health.status()).isEqualTo(200);
        return JSON.readTree(health.body()).get("walDetails");
    }

    private static void awaitLogLine(NodeProcess node, String... parts) {
        await(node + " logging a line with " + String.join(" + ", parts))
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(node.logLines().stream()
                                .anyMatch(line -> Stream.of(parts).allMatch(line::contains)))
                        .as(() -> node + " logged a line with " + String.join(" + ", parts) + "; log tail:\n"
                                + node.logTail(20))
                        .isTrue());
    }
}
