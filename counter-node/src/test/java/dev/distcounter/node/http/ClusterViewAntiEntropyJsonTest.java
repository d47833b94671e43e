package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.antientropy.AntiEntropyView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /cluster}'s {@code antiEntropy} object: present when a member reports it, absent otherwise. */
class ClusterViewAntiEntropyJsonTest {
    private static ClusterView bare() {
        return new ClusterView("localhost:9001", 9001, 17, null, 0, false, 0, 0, 0, List.of(), null, null);
    }

    @Test
    void showsTheLastExchangeKeysRepairedAndRangesInAndOutOfSync() throws Exception {
        ClusterView view = bare().withAntiEntropy(new AntiEntropyView(true, 1_764_600_000_000L, 12, 3, 40, 8, 2));
        assertThat(ViewsJsonTest.json(view))
                .endsWith("\"members\":[],\"antiEntropy\":{\"enabled\":true,\"lastExchangeMillis\":1764600000000,"
                        + "\"keysRepaired\":12,\"keysPulled\":3,\"rangesInSync\":40,\"rangesOutOfSync\":8,"
                        + "\"tombstonesDropped\":2}}");
    }

    @Test
    void isAbsentWithoutOne() throws Exception {
        assertThat(ViewsJsonTest.json(bare())).doesNotContain("antiEntropy");
    }
}
