package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.VirtualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node asked to stand in for a replica that is down (KV_HINTED_WRITE) keeps the write as a hint
 * and says STORED only with its own {@code --sloppy-quorum} on; with it off, or when asked to stand
 * in for itself, it refuses (FAILED) and keeps nothing (docs/guarantees.md, sloppy quorum). The
 * in-JVM clusters give every node the same settings, so this rule is tested here, on one node.
 */
class StandInTest {
    private static final String SELF = "sim-1:9001";
    private static final String HOME = "sim-2:9002";
    private static final Versioned WRITE = Versioned.value(new Version(5, "sim-0:9000", 5), "v");

    private final HintStore store = HintStore.inMemory(HintConfig.defaults());
    // The ring and the channel are for replaying hints, which these tests never reach.
    private final HintedHandoff handoff = new HintedHandoff(
            SELF,
            store,
            null,
            3,
            null,
            new Rounds(new VirtualScheduler(0), Duration.ofSeconds(1), 1),
            new KeyspaceMeters(new SimpleMeterRegistry()));

    @Test
    void withItsOwnSloppyQuorumOffAStandInRefusesAndKeepsNothing() {
        WriteReply reply = handoff.hold(false, 7, HOME, "k", WRITE).join();

        assertThat(reply).isEqualTo(WriteReply.failed(7));
        assertThat(store.pending(HOME)).isZero();
    }

    @Test
    void aNodeIsNeverAStandInForItself() {
        WriteReply reply = handoff.hold(true, 8, SELF, "k", WRITE).join();

        assertThat(reply).isEqualTo(WriteReply.failed(8));
        assertThat(store.pending()).isZero();
    }

    @Test
    void withItOnTheWriteIsKeptAsAHintForItsHomeAndAcknowledged() {
        WriteReply reply = handoff.hold(true, 9, HOME, "k", WRITE).join();

        assertThat(reply.status()).isNotEqualTo(WriteReply.Status.FAILED);
        assertThat(store.pending(HOME)).isEqualTo(1);
    }
}
