package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that is appending with fsync on (SIGKILL: no shutdown hook, no close) and
 * checks that every record it acknowledged is replayed. Three rounds on the same directory, so
 * recovery of a crashed log is itself crashed and recovered.
 *
 * <p>Guarantees: docs/guarantees.md §3 and §7.
 */
class CrashRecoveryTest {
    static final int ACKS_PER_ROUND = 1_500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Set<Long> acknowledged = new HashSet<>();
        for (int run = 1; run <= 3; run++) {
            acknowledged.addAll(runAndKill(run));
            Replayed state = Replayed.open(WalConfig.defaults(dir));
            Set<Long> replayed = new HashSet<>(state.ids);
            assertThat(state.sequences)
                    .as("each record replayed once, in order")
                    .isEqualTo(LongStream.rangeClosed(
                                    state.snapshotSequence + 1, state.snapshotSequence + state.sequences.size())
                            .boxed()
                            .toList());
            assertThat(replayed).as("no id applied twice").hasSameSizeAs(state.ids);
            assertThat(replayed).as("after kill %d", run).containsAll(acknowledged);
        }
    }

    private List<Long> runAndKill(int run) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingAppender.class.getName(),
                        dir.toString(),
                        Integer.toString(run))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        reader.start();
        List<Long> acks = new ArrayList<>();
        try {
            String ready = lines.poll(60, TimeUnit.SECONDS);
            assertThat(ready).as("child started").startsWith("READY");
            assertThatThrownBy(() -> WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE))
                    .as("the child holds the directory")
                    .isInstanceOf(WalLockedException.class);
            await("child acknowledged appends").atMost(Duration.ofSeconds(60)).until(() -> {
                for (String line = lines.poll(); line != null; line = lines.poll()) {
                    if (line.startsWith("ACK ")) {
                        acks.add(Long.parseLong(line.substring(4)));
                    }
                }
                return acks.size() >= ACKS_PER_ROUND;
            });
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        // acknowledgements printed before the kill but not yet read
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                acks.add(Long.parseLong(line.substring(4)));
            }
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return acks;
    }
}
