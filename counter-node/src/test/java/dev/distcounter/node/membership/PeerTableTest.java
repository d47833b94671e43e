package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerTableTest {
    static final NodeAddress SELF = NodeAddress.parse("localhost:9000");
    static final NodeAddress A = NodeAddress.parse("localhost:9001");
    static final NodeAddress B = NodeAddress.parse("localhost:9002");
    final PeerTable table = new PeerTable(SELF, new PeerConfig(3, Duration.ofSeconds(30)));

    @Test
    void selfIsNeverAPeer() {
        table.listed(SELF, PeerSource.DISCOVERY, 0);
        table.heardFrom(SELF, 0);
        assertThat(table.all()).isEmpty();
    }

    @Test
    void peersComeFromDiscoveryAndFromInboundFrames() {
        table.listed(A, PeerSource.DISCOVERY, 0);
        table.heardFrom(B, 0);
        assertThat(table.reachable()).containsExactly(A, B);
        assertThat(table.all().get(0).sources()).containsExactly(PeerSource.DISCOVERY);
        assertThat(table.all().get(1).sources()).containsExactly(PeerSource.INBOUND);
    }

    @ParameterizedTest(name = "{0} failures with max-fails 3 -> reachable {1}")
    @CsvSource({"0, true", "1, true", "2, true", "3, false", "7, false"})
    void unreachableAfterMaxFails(int failures, boolean reachable) {
        table.listed(A, PeerSource.DISCOVERY, 0);
        for (int i = 0; i < failures; i++) {
            table.sendFailed(A, "refused");
        }
        assertThat(table.reachable().contains(A)).isEqualTo(reachable);
        assertThat(table.randomUnreachable(new Random(1)).contains(A)).isEqualTo(!reachable);
    }

    @Test
    void anyContactMakesAPeerReachableAgain() {
        table.listed(A, PeerSource.DISCOVERY, 0);
        table.listed(B, PeerSource.DISCOVERY, 0);
        for (int i = 0; i < 3; i++) {
            table.sendFailed(A, "refused");
            table.sendFailed(B, "refused");
        }
        assertThat(table.reachable()).isEmpty();
        table.heardFrom(A, 10);
        table.connected(B, 10);
        assertThat(table.reachable()).containsExactly(A, B);
    }

    /** Forgotten only when neither heard from nor listed for longer than the failure timeout (30 s). */
    @ParameterizedTest(name = "added 0, heard {0}, listed {1}, now {2} -> kept {3}")
    @CsvSource({
        "-1, -1, 30000, true",
        "-1, -1, 30001, false",
        "20000, -1, 50000, true",
        "20000, -1, 50001, false",
        "-1, 40000, 70000, true",
        "5000, 40000, 70001, false",
    })
    void expiry(long heard, long listed, long now, boolean kept) {
        table.listed(A, PeerSource.DISCOVERY, 0);
        if (heard >= 0) {
            table.heardFrom(A, heard);
        }
        if (listed >= 0) {
            table.listed(A, PeerSource.DISCOVERY, listed);
        }
        table.expire(now);
        assertThat(table.reachable().contains(A)).isEqualTo(kept);
    }

    @Test
    void expiryNamesThePeerItForgets() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PeerTable.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            // Several entries, so the TreeMap rebalances on removal.
            for (int port = 9001; port <= 9007; port++) {
                table.listed(new NodeAddress("localhost", port), PeerSource.DISCOVERY, 0);
                table.heardFrom(new NodeAddress("localhost", port), port == 9004 ? 0 : 40_000);
            }
            assertThat(table.expire(50_000)).isEqualTo(1);
            assertThat(table.reachable()).doesNotContain(new NodeAddress("localhost", 9004)).hasSize(6);
            assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().contains("forgetting"))
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("localhost:9004"));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
    }

    @Test
    void randomChoiceIsBoundedAndCoversEveryone() {
        for (int i = 1; i <= 6; i++) {
            table.listed(new NodeAddress("h", 9000 + i), PeerSource.DISCOVERY, 0);
        }
        Random random = new Random(3);
        Set<NodeAddress> seen = new HashSet<>();
        for (int round = 0; round < 100; round++) {
            List<NodeAddress> pick = table.randomReachable(2, random);
            assertThat(pick).hasSize(2).doesNotHaveDuplicates();
            seen.addAll(pick);
        }
        assertThat(seen).hasSize(6);
        assertThat(table.randomReachable(10, random)).hasSize(6);
    }

    @Test
    void failuresOfUnknownPeersAreIgnored() {
        table.sendFailed(A, "refused");
        table.connected(A, 0);
        assertThat(table.all()).isEmpty();
    }
}
